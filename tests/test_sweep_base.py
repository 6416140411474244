"""The cloud-neutral sweep rules: selection, cost order, totals, backoff, ranks, allow-list, report."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any, Sequence

import pytest

from llmkit.core.errors import UserError
from llmkit.output import OutputFormat
from llmkit.sweep import base
from llmkit.sweep.report import emit_report, tables

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.timezone.utc)


def item(id_: str, *, stack: str = "s", owner: str = "alice", expires: str | None = "20261127t1100z", created: dt.datetime | None = None,
         cost: str | None = "0", gpu: bool = False, rank: int = 1, managed: bool = True, action: str = "delete") -> base.Leftover:
    fields = base.labels_to_fields({"llmkit-managed": "true" if managed else "false", "llmkit-stack": stack, "llmkit-owner": owner,
                                    **({"llmkit-expires-at": expires} if expires else {})})
    return base.Leftover(id=id_, type="t", region="r", created_at=created, hourly_cost=None if cost is None else Decimal(cost),
                         gpu=gpu, rank=rank, action=action, **fields)


def test_labels_to_fields_reads_expiry_and_ignores_a_malformed_one():
    good = base.labels_to_fields({"llmkit-managed": "true", "llmkit-expires-at": "20261127t1800z", "llmkit-stack": "x"})
    assert good["expires_at"] == dt.datetime(2026, 11, 27, 18, 0, tzinfo=dt.timezone.utc) and good["managed"]
    bad = base.labels_to_fields({"llmkit-managed": "true", "llmkit-expires-at": "tomorrow"})
    assert bad["expires_at"] is None  # never "expired" on a guess


def test_select_filters():
    items = [
        item("old", expires="20261127t1100z", created=NOW - dt.timedelta(days=3)),
        item("live", expires="20261127t1300z", created=NOW - dt.timedelta(hours=1)),
        item("no-expiry", expires=None, stack="prod", owner="bob"),
        item("unmanaged", managed=False),
        item("vpc-of-old", created=None),  # no creation time: takes its stack's oldest
    ]
    ids = lambda f: [i.id for i in base.select(items, f)]  # noqa: E731
    assert ids(base.Filter(now=NOW)) == ["old", "live", "no-expiry", "vpc-of-old"]
    assert ids(base.Filter(expired=True, now=NOW)) == ["old", "vpc-of-old"]
    assert ids(base.Filter(owner="bob", now=NOW)) == ["no-expiry"]
    assert ids(base.Filter(stack="prod", now=NOW)) == ["no-expiry"]
    assert ids(base.Filter(older_than=dt.timedelta(days=2), now=NOW)) == ["old", "vpc-of-old"]


def test_cost_order_and_totals_never_count_unknown_as_zero():
    items = [item("cheap", cost="0.01"), item("unknown", cost=None), item("gpu", cost="1.2", gpu=True),
             item("nat", cost="0.045"), item("gpu-unknown", cost=None, gpu=True), item("free", cost="0")]
    assert [i.id for i in base.cost_order(items)] == ["gpu", "gpu-unknown", "nat", "cheap", "free", "unknown"]
    t = base.totals(items)
    assert t == {"hourly": Decimal("1.255"), "daily": Decimal("30.120"), "unknown_cost_count": 2}


def test_backoff_is_bounded_and_grows():
    sleeps: list[float] = []
    calls = []

    class Throttled(Exception):
        pass

    def always() -> None:
        calls.append(1)
        raise Throttled()

    with pytest.raises(Throttled):
        base.call_with_backoff(always, lambda e: isinstance(e, Throttled), base.Backoff(attempts=5, base=0.2, cap=1.0, sleep=sleeps.append))
    assert len(calls) == 5 and len(sleeps) == 4
    assert all(0.1 <= s <= 1.0 for s in sleeps) and sleeps[-1] >= sleeps[0]
    # A non-throttling error is not retried.
    calls.clear()
    with pytest.raises(ValueError):
        base.call_with_backoff(lambda: (calls.append(1), (_ for _ in ()).throw(ValueError()))[1], lambda e: False, base.Backoff(sleep=sleeps.append))
    assert len(calls) == 1


class FakeProvider:
    cloud = "aws"

    def __init__(self, items: list[base.Leftover], fail: dict[str, Exception] | None = None):
        self.items = items
        self.fail = fail or {}
        self.order: list[str] = []
        self.waited: list[tuple[int, list[str]]] = []

    def identity(self) -> tuple[str, str]:
        return "111122223333", "AWS account 111122223333 as arn:aws:iam::111122223333:user/ci"

    def list_leftovers(self) -> list[base.Leftover]:
        return self.items

    def delete(self, it: base.Leftover) -> None:
        self.order.append(it.id)
        if it.id in self.fail:
            raise self.fail[it.id]

    def after_rank(self, rank: int, deleted: Sequence[base.Leftover]) -> None:
        self.waited.append((rank, [d.id for d in deleted]))

    def is_throttle(self, exc: BaseException) -> bool:
        return False

    def is_not_found(self, exc: BaseException) -> bool:
        return isinstance(exc, KeyError)

    def reason(self, exc: BaseException) -> str:
        return f"{type(exc).__name__}: {exc}"


def test_execute_runs_ranks_in_order_and_keeps_going_after_a_failure():
    items = [item("vpc", rank=7), item("asg", rank=0, cost="0"), item("inst", rank=1, cost="2", gpu=True),
             item("sg", rank=4), item("manual", rank=1, action="manual"), item("gone", rank=1)]
    p = FakeProvider(items, fail={"sg": RuntimeError("DependencyViolation"), "gone": KeyError("gone")})
    report = base.execute(p, base.plan(p, base.Filter(now=NOW)))
    assert p.order == ["asg", "gone", "inst", "sg", "vpc"]  # by rank; "manual" is never deleted
    assert report.deleted == ["asg", "inst", "vpc"] and report.vanished == ["gone"]
    assert report.failed == [{"id": "sg", "type": "t", "reason": "RuntimeError: DependencyViolation"}]
    assert p.waited == [(0, ["asg"]), (1, ["inst"]), (7, ["vpc"])]
    assert {i.id: i.action for i in report.resources}["manual"] == "manual"


def test_allow_list(monkeypatch):
    monkeypatch.delenv(base.ALLOWED_ACCOUNTS_ENV, raising=False)
    assert base.allowed_accounts(["1", " 2 "]) == {"1", "2"}
    assert base.allowed_accounts([], {base.ALLOWED_ACCOUNTS_ENV: "a, b,,"}) == {"a", "b"}
    with pytest.raises(UserError, match="no allowed subscriptions"):
        base.check_allowed("sub", set(), "azure")
    with pytest.raises(UserError, match="project p is not in the allow-list"):
        base.check_allowed("p", {"q"}, "gcp")
    base.check_allowed("p", {"p"}, "gcp")


def test_report_formats(capsys):
    p = FakeProvider([item("inst", cost="1.5", gpu=True), item("mystery", cost=None)])
    report = base.plan(p, base.Filter(expired=True, now=NOW))
    emit_report(report, OutputFormat.json, base.Filter(expired=True, now=NOW))
    doc = json.loads(capsys.readouterr().out)
    assert doc["dry_run"] is True and doc["account"] == "111122223333"
    assert doc["resources"][0] == {"id": "inst", "type": "t", "region": "r", "stack": "s", "expires_at": "2026-11-27T11:00Z",
                                   "hourly_cost": "1.5", "action": "delete"}
    assert doc["resources"][1]["hourly_cost"] is None and doc["total_daily"] == "36.0" and doc["unknown_cost_count"] == 1
    (t,) = tables(report, base.Filter(expired=True, now=NOW))
    assert t.rows[1][5] == "unknown" and t.rows[0][5] == "$1.5000"
    assert any("$36.00/day" in n and "1 with unknown cost" in n for n in t.notes)
    assert any(n.startswith("dry run") for n in t.notes)
    emit_report(report, OutputFormat.markdown, base.Filter(expired=True, now=NOW))
    md = capsys.readouterr().out
    assert "| t | inst |" in md and "unknown" in md


def test_cli_rejects_bad_input(cli):
    assert cli("sweep", "--cloud", "oracle").code == 2
    bad_age = cli("sweep", "--cloud", "aws", "--older-than", "ages")
    assert bad_age.code == 2 and bad_age.err.count("\n") == 1

"""Terminal and markup injection (issue 14): names, regions and tags from input are shown as
typed in every format: never parsed as rich markup, never carrying control or bidi characters,
never raw HTML in Markdown; the sweep's report of what it deleted survives a hostile tag."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest

from _hostile import check, run_bounded
from _previewdocs import create, doc
from llmkit.output import OutputFormat, Table, emit
from llmkit.sweep import base
from test_sweep_base import FakeProvider

HOSTILE_NAMES = [
    "[/]oops",
    "[link=https://evil.example/]click[/link]",
    "[bold red]alarm[/bold red]",
    "clear\x1b[2J\x1b[Hscreen",
    "osc\x1b]8;;https://evil.example/\x07link\x1b]8;;\x07",
    "trojan\u202egnp.exe",
    "c1\x9b31mred",
    "bell\x07\x08back",
    "<script>alert(1)</script>",
    "pipe|split",
]


def _document() -> dict:
    steps = [create("aws:ebs/volume:Volume", name, {"size": 10, "type": "gp3", "availabilityZone": "us-east-1a",
                                                    "tags": {"owner": name}}) for name in HOSTILE_NAMES]
    return doc(*steps)


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "html"])
def test_hostile_names_in_every_format(cli, tmp_path, fmt):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(_document()))
    for extra in ((), ("--show-skipped",), ("--diff",)):
        result = cli("price", str(path), "--format", fmt, *extra)
        check(result)  # exit 0, no control or bidi character on stdout
        assert result.code == 0, result.err
        assert "\x1b" not in result.out and "\u202e" not in result.out
        if fmt == "table":
            assert "[/]oops" in result.out  # shown as typed, not parsed (it crashed rich)
            assert "[link=https://evil.example/]click[/link]" in result.out  # no OSC-8 hyperlink
        if fmt in ("markdown", "html"):
            assert "<script>" not in result.out and "&lt;script" in result.out
        if fmt == "json":
            names = {r["name"] for r in json.loads(result.out)["projects"][0]["breakdown"]["resources"]}
            assert names == set(HOSTILE_NAMES)  # escaped, not altered: JSON readers get the real names


def test_hostile_names_in_a_real_process_table(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(_document()))
    result = run_bounded("price", str(path))
    check(result)
    assert result.code == 0 and "[/]oops" in result.out


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_emit_never_interprets_cells(fmt):
    table = Table(title="[/]t\x1b[31m", columns=["[/]c", "n"], rows=[[name, Decimal("1.5")] for name in HOSTILE_NAMES],
                  notes=["[link=https://evil.example/]n[/link]\x1b[2J", "<b>x</b>"], right_align=[1])
    out = io.StringIO()
    emit(fmt, {"rows": HOSTILE_NAMES}, [table], title="<title>", stream=out)
    text = out.getvalue()
    check(type("R", (), {"code": 0, "out": text, "err": ""})())
    if fmt in (OutputFormat.markdown, OutputFormat.html):
        assert "<b>" not in text and "<script>" not in text


def test_error_line_from_a_hostile_name_is_clean(cli, tmp_path):
    """A bad value in a resource whose name carries escapes: the one error line is clean."""
    name = "evil\x1b[2J\u202ename"
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc(create("aws:ebs/volume:Volume", name, {"size": -1, "type": "gp3"}))))
    result = cli("price", str(path))
    check(result)
    assert result.code == 2 and "evil" in result.err


# ------------------------------------------------------------------ sweep report


class _Provider(FakeProvider):
    """The sweep tests' fake cloud, with an identity that carries an escape sequence."""

    def identity(self) -> tuple[str, str]:
        return "111122223333", "AWS account 111122223333 as \x1b[31mci"


def _leftover(id_: str, stack: str) -> base.Leftover:
    fields = base.labels_to_fields({"llmkit-managed": "true", "llmkit-stack": stack, "llmkit-owner": "ci",
                                    "llmkit-expires-at": "20200101t0000z"})
    return base.Leftover(id=id_, type="ec2:volume", region="us-east-1", created_at=None, hourly_cost=Decimal("0.01"),
                         gpu=False, rank=1, action="delete", **fields)


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_sweep_with_a_hostile_tag_deletes_and_reports(cli, monkeypatch, fmt):
    """A volume tagged llmkit-stack="[/]x" made the table crash after deleting, with no report."""
    provider = _Provider([_leftover("vol-1", "[/]x"), _leftover("vol-2", "<script>\x1b[2J")])
    monkeypatch.setattr("llmkit.commands.lifecycle._provider", lambda cloud, regions, wait: provider)
    result = cli("sweep", "--cloud", "aws", "--delete", "--yes", "--account", "111122223333", "--format", fmt)
    check(result)
    assert result.code == 0, result.err
    assert provider.order == ["vol-1", "vol-2"]
    assert "vol-1" in result.out and "vol-2" in result.out


def test_sweep_report_is_written_even_when_a_later_step_fails(cli, monkeypatch):
    """A fault after the deletions (here: in the wait after a rank) still prints the report of
    what was deleted before the error line."""
    provider = _Provider([_leftover("vol-1", "s")])

    def boom(rank, deleted):
        raise KeyboardInterrupt

    provider.after_rank = boom  # type: ignore[method-assign]
    monkeypatch.setattr("llmkit.commands.lifecycle._provider", lambda cloud, regions, wait: provider)
    result = cli("sweep", "--cloud", "aws", "--delete", "--yes", "--account", "111122223333", "--format", "json")
    assert provider.order == ["vol-1"]
    assert json.loads(result.out)["deleted"] == ["vol-1"]

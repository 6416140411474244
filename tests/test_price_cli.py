"""`llmkit price`: formats, stdin, bad documents (exit 2, one line), guardrails (exit 3 after
the report), usage files, --compare-to, and no input value ever echoed."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from llmkit.pricing.preview.infracost import llmkit_summary

from _previewdocs import create, doc, dumps
from llmkit.output import money

FIXTURE = Path(__file__).parent / "fixtures" / "previews" / "every-op.json"
PASSWORD = "correct-horse-battery-staple-42"  # an input in the fixture, as real previews carry them


def test_table_shows_components_totals_and_bucket_counts(cli):
    r = cli("price", str(FIXTURE))
    assert r.code == 0, r.err
    assert "8 estimated, 1 free, 1 usage-based, 1 unknown-input, 1 unsupported" in r.out
    assert "Instance usage (on-demand, g5.xlarge)" in r.out
    assert "Total (after change)" in r.out and "Change" in r.out


def test_show_skipped_lists_the_other_four_buckets(cli):
    r = cli("price", str(FIXTURE), "--show-skipped", "-f", "markdown")
    assert r.code == 0
    skipped = r.out.split("Not fully estimated")[1]
    for name, bucket in (("pending", "unknown-input"), ("mystery", "unsupported"), ("net", "free"), ("data", "usage-based")):
        assert f"| {name} |" in skipped and bucket in skipped


def test_stdin_and_utf16_file_give_the_same_json(cli, tmp_path):
    text = FIXTURE.read_text()
    utf16 = tmp_path / "ps.json"
    utf16.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    a = cli("price", "-", "-f", "json", stdin=text)
    b = cli("price", str(utf16), "-f", "json")
    assert a.code == b.code == 0
    assert json.loads(a.out)["totalMonthlyCost"] == json.loads(b.out)["totalMonthlyCost"]


def test_json_output_is_infracost_layout(cli):
    out = json.loads(cli("price", str(FIXTURE), "-f", "json").out)
    assert out["version"] == "0.2" and out["projects"][0]["breakdown"]["resources"]
    assert Decimal(out["diffTotalMonthlyCost"]) == Decimal(out["totalMonthlyCost"]) - Decimal(out["pastTotalMonthlyCost"])


def test_markdown_diff_shows_only_changes(cli):
    full = cli("price", str(FIXTURE), "-f", "markdown").out
    diff = cli("price", str(FIXTURE), "-f", "markdown", "--diff").out
    assert "| unchanged |" in full and "| unchanged |" not in diff
    assert "| resized |" in diff and "**Monthly cost will increase by $" in diff


def test_html_is_one_page(cli):
    r = cli("price", str(FIXTURE), "-f", "html")
    assert r.code == 0 and r.out.startswith("<!DOCTYPE html>") and "g5.xlarge" in r.out


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "html"])
def test_password_input_never_appears(cli, fmt):
    r = cli("price", str(FIXTURE), "-f", fmt, "--show-skipped")
    assert r.code == 0
    assert PASSWORD not in r.out and PASSWORD not in r.err


def _write(tmp_path, data: bytes) -> str:
    p = tmp_path / "doc.json"
    p.write_bytes(data)
    return str(p)


BAD = {
    "truncated": FIXTURE.read_bytes()[:500],
    "not json": b"error: no stack selected\n",
    "wrong shape": b'{"resources": []}',
    "empty": b"",
    "no state": b'{"steps": [{"op": "create", "urn": "urn:pulumi:d::p::aws:s3/bucket:Bucket::b"}]}',
    "bad inputs with a secret": json.dumps({"steps": [{"op": "create", "urn": "u::x", "newState": {"type": "aws:rds/instance:Instance", "inputs": [PASSWORD]}}]}).encode(),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_documents_exit_2_with_one_line(cli, tmp_path, name):
    r = cli("price", _write(tmp_path, BAD[name]))
    assert r.code == 2, (r.out, r.err)
    assert r.err.count("\n") == 1 and r.err.startswith("error: ")
    assert "Traceback" not in r.err and PASSWORD not in r.err and r.out == ""


def test_huge_document_is_refused_by_size(cli, tmp_path):
    p = tmp_path / "huge.json"
    with p.open("wb") as fh:  # sparse: 100 MB by size, refused before anything is read
        fh.truncate(100 * 1024 * 1024)
    r = cli("price", str(p))
    assert r.code == 2 and "too large" in r.err


def test_missing_file_and_bad_pricing_exit_2(cli, tmp_path):
    assert cli("price", str(tmp_path / "nope.json")).code == 2
    r = cli("price", str(FIXTURE), "--pricing", "cheap")
    assert r.code == 2 and "--pricing" in r.err


def test_budget_breach_prints_report_then_exits_3(cli):
    total = Decimal(json.loads(cli("price", str(FIXTURE), "-f", "json").out)["totalMonthlyCost"])
    r = cli("price", str(FIXTURE), "--budget", str(total - 1))
    assert r.code == 3
    assert "Total (after change)" in r.out  # the report came first
    assert r.err.count("\n") == 1 and "budget" in r.err
    assert cli("price", str(FIXTURE), "--budget", str(total + 1)).code == 0


def test_increase_limits(cli):
    out = json.loads(cli("price", str(FIXTURE), "-f", "json").out)
    diff, past = Decimal(out["diffTotalMonthlyCost"]), Decimal(out["pastTotalMonthlyCost"])
    assert cli("price", str(FIXTURE), "--max-increase", str(diff - 1)).code == 3
    assert cli("price", str(FIXTURE), "--max-increase", str(diff + 1)).code == 0
    pct = diff / past * 100
    assert cli("price", str(FIXTURE), "--max-increase-pct", str(pct - 1)).code == 3
    assert cli("price", str(FIXTURE), "--max-increase-pct", str(pct + 1)).code == 0
    assert cli("price", str(FIXTURE), "--budget", "lots").code == 2


def test_sync_usage_then_price_with_it(cli, tmp_path):
    usage = tmp_path / "usage.yml"
    r = cli("price", str(FIXTURE), "--sync-usage", str(usage), "-f", "json")
    assert r.code == 0 and usage.is_file()
    import yaml

    written = yaml.safe_load(usage.read_text())
    assert set(written["resource_usage"]["data"]) == {"storage_gb", "monthly_egress_gb"}
    out = json.loads(r.out)
    data = {x["name"]: x for x in out["projects"][0]["breakdown"]["resources"]}["data"]
    i, storage = [(i, c) for i, c in enumerate(data["costComponents"]) if c["name"].startswith("Storage")][0]
    assert Decimal(storage["monthlyQuantity"]) == Decimal(written["resource_usage"]["data"]["storage_gb"])
    assert data["metadata"]["costComponents"][i]["usageSource"] == "usage file"
    assert Decimal(data["monthlyUsageCost"]) == sum(Decimal(c["monthlyCost"]) for c in data["costComponents"] if c["usageBased"])
    # a value the user edits is kept on the next sync
    usage.write_text(usage.read_text().replace("storage_gb: 100", "storage_gb: 7"))
    cli("price", str(FIXTURE), "--sync-usage", str(usage))
    assert yaml.safe_load(usage.read_text())["resource_usage"]["data"]["storage_gb"] == 7


def test_bad_usage_file_exit_2(cli, tmp_path):
    usage = tmp_path / "u.yml"
    usage.write_text("resource_usage:\n  data:\n    storage_gb: lots\n")
    r = cli("price", str(FIXTURE), "--usage", str(usage))
    assert r.code == 2 and "storage_gb" in r.err and "lots" not in r.err


def test_compare_to_saved_json(cli, tmp_path):
    saved = tmp_path / "old.json"
    saved.write_text(cli("price", str(FIXTURE), "-f", "json").out)
    out = json.loads(cli("price", str(FIXTURE), "-f", "json", "--compare-to", str(saved)).out)
    assert Decimal(out["diffTotalMonthlyCost"]) == 0
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    assert cli("price", str(FIXTURE), "--compare-to", str(bad)).code == 2


def test_price_does_not_import_provider_sdks(tmp_path):
    import sys

    code = (
        "import sys; from llmkit.cli import main\n"
        "try:\n    main(['price', %r, '-f', 'json'])\nexcept SystemExit: pass\n"
        "bad = [m for m in sys.modules if m.startswith(('pulumi_aws', 'pulumi_gcp', 'pulumi_azure_native'))]\n"
        "sys.stderr.write(repr(bad))" % str(FIXTURE)
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[1])
    assert r.stderr.strip().endswith("[]"), r.stderr[-500:]


def _usage_doc(tmp_path, *extra):
    """A bucket (only usage lines) and a NAT gateway (hourly fixed part + data processed)."""
    path = tmp_path / "usage.json"
    path.write_text(dumps(doc(
        create("aws:s3/bucket:Bucket", "models", {}),
        create("aws:ec2/natGateway:NatGateway", "egress", {"subnetId": "subnet-1"}),
        *extra,
    )))
    return path


def _nat_fixed() -> Decimal:
    from llmkit.pricing.catalog import load_catalog

    return 730 * load_catalog().platform("aws", "us-east-1", "nat_gateway_hour").price


def _row(text: str, name: str) -> str:
    (line,) = [ln for ln in text.splitlines() if name in ln]
    return line


def test_usage_only_resource_reads_depends_on_usage_in_every_format(cli, tmp_path):
    path = _usage_doc(tmp_path)
    fixed = money(_nat_fixed())
    table = cli("price", str(path)).out
    md = cli("price", str(path), "-f", "markdown").out
    html = cli("price", str(path), "-f", "html").out
    for text, bucket_row, nat_row in (
        (table, _row(table, "aws:s3/bucket:Bucket ("), _row(table, "aws:ec2/natGateway:NatGateway (")),
        (md, _row(md, "| models |"), _row(md, "| egress |")),
        (html, html.split("models")[1].split("</tr>")[0], html.split("egress")[1].split("</tr>")[0]),
    ):
        assert "depends on usage" in bucket_row and "$0.00" not in bucket_row
        assert f"{fixed} + usage" in nat_row  # the fixed part, and that usage adds to it
        assert "not in the totals" in text
    assert f"{fixed} + usage" in _row(table, "Total (after change)")
    assert f"{fixed} + usage" in html.split("Total (after change)")[1].split("</tr>")[0]
    assert f"-> {fixed} + usage" in md  # the PR comment's headline


def test_usage_only_json_is_null_like_infracost_and_totals_say_so(cli, tmp_path):
    out = json.loads(cli("price", str(_usage_doc(tmp_path)), "-f", "json").out)
    project = out["projects"][0]
    got = {r["name"]: r for r in project["breakdown"]["resources"]}
    bucket, nat = got["models"], got["egress"]
    assert bucket["monthlyCost"] is None and bucket["hourlyCost"] is None
    assert all(c["monthlyCost"] is None and c["monthlyQuantity"] is None for c in bucket["costComponents"])
    assert bucket["metadata"]["usageCostNotIncluded"] is True
    assert Decimal(nat["monthlyCost"]) == _nat_fixed() and nat["metadata"]["usageCostNotIncluded"] is True
    (diff,) = [r for r in project["diff"]["resources"] if r["name"] == "models"]
    assert diff["monthlyCost"] is None
    assert Decimal(out["totalMonthlyCost"]) == _nat_fixed()  # the sum of what is known
    assert llmkit_summary(out)["notInTotals"]["usageBasedWithoutUsage"] == 2
    assert "usage-based costs of 2 resource(s)" in llmkit_summary(out)["totalsNote"]


def test_usage_given_makes_the_cost_known(cli, tmp_path):
    usage = tmp_path / "u.yml"
    usage.write_text("version: 0.1\nresource_usage:\n  models: {storage_gb: 1000, monthly_egress_gb: 0}\n")
    out = json.loads(cli("price", str(_usage_doc(tmp_path)), "-f", "json", "--usage", str(usage)).out)
    got = {r["name"]: r for r in out["projects"][0]["breakdown"]["resources"]}
    from llmkit.pricing.catalog import load_catalog

    storage = load_catalog().platform("aws", "us-east-1", "object_storage_gb_month").price
    assert Decimal(got["models"]["monthlyCost"]) == 1000 * storage
    assert "usageCostNotIncluded" not in got["models"]["metadata"]
    assert llmkit_summary(out)["notInTotals"]["usageBasedWithoutUsage"] == 1  # the NAT gateway's data still waits


def test_usage_pending_makes_a_budget_breach_at_least(cli, tmp_path):
    r = cli("price", str(_usage_doc(tmp_path)), "--budget", "1", "-f", "json")
    assert r.code == 3 and "at least" in r.err


def test_grouped_table_never_sums_unknown_costs_to_zero(cli, tmp_path):
    from llmkit.views.preview import DETAIL_LIMIT

    eips = [create("aws:ec2/eip:Eip", f"ip{i}", {}) for i in range(DETAIL_LIMIT + 1)]
    path = _usage_doc(tmp_path, *eips, create("aws:gamelift/fleet:Fleet", "mystery", {}))
    for fmt in ("table", "html"):
        text = cli("price", str(path), "-f", fmt).out
        assert "by resource type" in text
        bucket_row = text.split("aws:s3/bucket:Bucket")[1].split("\n" if fmt == "table" else "</tr>")[0]
        assert "depends on usage" in bucket_row and "$0.00" not in bucket_row
        unsupported_row = text.split("aws:gamelift/fleet:Fleet")[1].split("\n" if fmt == "table" else "</tr>")[0]
        assert "-" in unsupported_row and "$" not in unsupported_row  # unknown: a dash, not $0.00


def test_stdin_over_the_size_limit_exits_2(cli):
    from llmkit.pricing.preview.plan import MAX_DOCUMENT_BYTES

    r = cli("price", "-", stdin='"' + "a" * MAX_DOCUMENT_BYTES + '"')
    assert r.code == 2 and "too large" in r.err


def test_big_plan_json_is_compact_and_the_same_document(cli, tmp_path, monkeypatch):
    from benchmarks.bench_price import generate
    from llmkit.commands.price import PRETTY_LIMIT, run_info

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # one timeGenerated for both documents

    plan = generate(PRETTY_LIMIT + 20)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(plan))
    r = cli("price", str(path), "-f", "json")
    assert r.code == 0, r.err
    # The dict layout serialised by json.dumps in this process, after the CLI already priced the
    # same plan here: provenance counts prices by value, so earlier runs cannot change them.
    from llmkit.pricing.preview.breakdown import price_document
    from llmkit.pricing.preview.infracost import to_json

    run = run_info("price", str(path))
    assert run.time() == "2027-01-15T08:00:00Z"
    expected = json.dumps(to_json(price_document(plan), run), separators=(",", ":"), ensure_ascii=False)
    assert r.out == expected + "\n"


def test_unchanged_usage_only_resource_has_no_change_but_unknown_cost(cli, tmp_path):
    from _previewdocs import step

    path = tmp_path / "same.json"
    path.write_text(dumps(doc(step("same", "aws:s3/bucket:Bucket", "kept", new={}, old={}))))
    row = _row(cli("price", str(path), "-f", "markdown").out, "| kept |")
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[3:6] == ["depends on usage", "depends on usage", "$0.00"]  # before, after, change


def test_a_folder_as_preview_document_or_usage_file_is_one_line(cli, tmp_path):
    """Both inputs go through the one bounded reader: a folder is named as such, exit 2."""
    r = cli("price", str(tmp_path))
    assert r.code == 2 and "preview document" in r.err and "is a folder" in r.err
    assert len(r.err.strip().splitlines()) == 1
    plan = Path(__file__).parent / "fixtures" / "previews" / "every-op.json"
    r = cli("price", str(plan), "--usage", str(tmp_path))
    assert r.code == 2 and "usage file" in r.err and "is a folder" in r.err
    r = cli("price", str(plan), "--compare-to", str(tmp_path))
    assert r.code == 2 and "--compare-to file" in r.err and "is a folder" in r.err

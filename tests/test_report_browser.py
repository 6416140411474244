"""`llmkit report` (and the charts of compare / estimate / price in --format html) opened in
headless Chromium: no console errors, every chart drawn (an SVG with a real size and marks),
nothing fetched, a screenshot written, and the numbers on the page equal to the JSON of the
same input."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import console_errors, dump_dom, run, screenshot
from llmkit.output import money

USERS = "10,50,100,500,1000"
PROBE = """<script>
window.__errors = [];
window.addEventListener("error", e => window.__errors.push(String(e.message || e.type)), true);
window.addEventListener("load", () => {
  const charts = [...document.querySelectorAll("figure.chart svg")].map(svg => {
    const box = svg.getBoundingClientRect();
    return {width: box.width, height: box.height, marks: svg.querySelectorAll("path, rect, use").length,
            text: svg.textContent};
  });
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify({errors: window.__errors, charts: charts,
                                    resources: performance.getEntriesByType("resource").map(r => r.name)});
  document.body.appendChild(out);
});
</script>"""


class Tables(HTMLParser):
    """Every table on the page: {title (the h2 before it): rows of cell text}."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._h2 = ""
        self._in: str | None = None
        self._current: list[list[str]] | None = None
        self._depth_svg = 0

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self._depth_svg += 1
        if self._depth_svg:
            return
        if tag == "h2":
            self._in, self._h2 = "h2", ""
        elif tag == "table":
            self._current = self.tables.setdefault(self._h2, [])
        elif tag == "tr" and self._current is not None:
            self._current.append([])
        elif tag in ("td", "th") and self._current is not None:
            self._in = "cell"
            self._current[-1].append("")

    def handle_endtag(self, tag):
        if tag == "svg":
            self._depth_svg -= 1
        if tag in ("h2", "td", "th"):
            self._in = None
        if tag == "table":
            self._current = None

    def handle_data(self, data):
        if self._depth_svg:
            return
        if self._in == "h2":
            self._h2 += data
        elif self._in == "cell" and self._current:
            self._current[-1][-1] += data


def _probe(page: Path, tmp_path: Path) -> dict:
    probed = tmp_path / ("probe-" + page.name)
    probed.write_text(page.read_text(encoding="utf-8").replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    dom = dump_dom(probed)
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, "the probe did not run"
    import html

    return json.loads(html.unescape(found.group(1)))


def _check_page(page: Path, tmp_path: Path, charts: int) -> dict:
    text = page.read_text(encoding="utf-8")
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', text), "the page fetches something"
    assert "<script" not in text  # charts are inline SVG: nothing runs, nothing to fail
    probe = _probe(page, tmp_path)
    assert probe["errors"] == []
    assert [r for r in probe["resources"] if not r.startswith("file:")] == []
    assert len(probe["charts"]) == charts
    for c in probe["charts"]:
        assert c["width"] > 300 and c["height"] > 150 and c["marks"] > 10, c
    logged = run(page, "--dump-dom")
    assert console_errors(logged.stderr) == []
    shot = tmp_path / (page.stem + ".png")
    screenshot(page, shot)
    return probe


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from llmkit.cli import main

    tmp = tmp_path_factory.mktemp("report")
    page = tmp / "report.html"
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        with pytest.raises(SystemExit) as done:
            main(["report", "--users", USERS, "--out", str(page)])
    assert done.value.code in (0, None)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        with pytest.raises(SystemExit) as done:
            main(["report", "--users", USERS, "--format", "json"])
    data = json.loads(out.getvalue())
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        with pytest.raises(SystemExit):
            main(["compare", "--users", USERS, "--format", "json"])
    return page, data, json.loads(out.getvalue())


def test_report_opens_in_chromium_with_every_chart(report, tmp_path):
    page, data, _ = report
    probe = _check_page(page, tmp_path, charts=3)
    curve, breakdown, tco = probe["charts"]
    for name in data["compare"]["approaches"]:
        assert name in curve["text"]
    assert "Users" in curve["text"] and "Monthly cost (USD / month)" in curve["text"]  # labelled axes with units
    shown = [b for b in data["compare"]["break_even"] if b["users"] and 10 <= b["users"] <= 1000]
    assert shown and all(f"{b['users']:,} users" in curve["text"] for b in shown)  # break-even marked
    assert "min - max replicas" in breakdown["text"] and "gpu_instances" in breakdown["text"]
    assert "reserved, 3 years" in tco["text"] and "spot, 1 year" in tco["text"]


def test_numbers_on_the_page_equal_the_json(report):
    page, data, compare_json = report
    assert data["compare"] == compare_json  # the report's comparison is compare's, number for number
    tables = Tables()
    tables.feed(dump_dom(page))
    t = tables.tables
    scaling = t["Monthly cost by users (USD / month)"]
    names = scaling[0][1:]
    assert names == compare_json["approaches"]
    page_cells = {(int(row[0].replace(",", "")), n): cell for row in scaling[1:] for n, cell in zip(names, row[1:])}
    json_cells = {(r["users"], r["approach"]): money(Decimal(r["monthly_total"])) for r in compare_json["rows"]}
    assert page_cells == json_cells
    breaks = {row[0]: row[1] for row in t["Break-even (solved)"][1:]}
    for b in compare_json["break_even"]:
        assert breaks[f"{b['a']} vs {b['b']}"] == (f"{b['users']:,}" if b["users"] else "never (1..1,000,000)")
    focus = data["focus_users"]
    tco = t[f"TCO at {focus:,} users (USD)"]
    for row, a in zip(tco[1:], data["approaches"]):
        keys = [f"{p}_{y}" for y in ("1y", "3y") for p in ("on-demand", "reserved", "spot")]
        assert row == [a["approach"], *[money(Decimal(a["tco"][k])) for k in keys]]
    parts = t[f"Monthly breakdown at {focus:,} users (USD / month)"]
    expected = [[a["approach"], c["name"], money(Decimal(c["monthly"]))] for a in data["approaches"] for c in a["components"]]
    assert [row[:3] for row in parts[1:len(expected) + 1]] == expected
    ranges = t["Autoscaled GPU groups (USD / month)"]
    with_range = [a for a in data["approaches"] if a["replica_range"]]
    assert len(ranges) - 1 == len(with_range) >= 1
    for row, a in zip(ranges[1:], with_range):
        r = a["replica_range"]
        assert row[2:] == [money(Decimal(r["monthly_min"])), money(Decimal(a["monthly_total"])), money(Decimal(r["monthly_max"]))]
        assert Decimal(r["monthly_min"]) <= Decimal(a["monthly_total"]) <= Decimal(r["monthly_max"])
    sources = t["Prices used: source and as-of date"]
    assert {row[0] for row in sources[1:]} == {c["source"] for a in data["approaches"] for c in a["components"]}
    assert all("as of" in row[0] or "guide" in row[0] for row in sources[1:])
    assert any(k.startswith("Decision matrix") for k in t) and "Recommendation by users" in t


def test_same_input_same_page(report, tmp_path, cli):
    page, _, _ = report
    again = tmp_path / "again.html"
    assert cli("report", "--users", USERS, "--out", str(again)).code == 0
    assert again.read_bytes() == page.read_bytes()


@pytest.mark.parametrize("argv,charts", [
    (["compare", "--users", "10,100,1000", "-f", "html"], 1),
    (["estimate", "-a", "hybrid", "-f", "html"], 2),
    (["price", str(Path(__file__).parent / "fixtures" / "previews" / "ci-head.json"), "-f", "html"], 1),
])
def test_html_formats_carry_charts(cli, tmp_path, argv, charts):
    r = cli(*argv)
    assert r.code == 0, r.err
    page = tmp_path / "page.html"
    page.write_text(r.out, encoding="utf-8")
    _check_page(page, tmp_path, charts)


def test_report_needs_out_for_html(cli):
    r = cli("report")
    assert r.code == 2 and "--out" in r.err

"""HTML output is checked in a real headless browser, not by string matching alone."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser

from llmkit.output import Table, render_html
from browser import dump_dom


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th", "title"):
            self._in = tag
            if tag != "title":
                self.rows[-1].append("")

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in in ("td", "th"):
            self.rows[-1][-1] += data


def test_report_renders_as_a_table_and_injected_markup_stays_text(tmp_path):
    hostile = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>"
    t = Table(
        "Monthly cost",
        ["resource", "monthly"],
        [["gpu-fleet", Decimal("1650.00")], [hostile, Decimal("25")]],
        notes=["2 estimated, 0 free"],
        right_align=[1],
    )
    page = tmp_path / "report.html"
    page.write_text(render_html([t], title="llmkit cost"), encoding="utf-8")

    dom = dump_dom(page)
    parsed = _Cells()
    parsed.feed(dom)
    assert parsed.title == "llmkit cost"  # no injected script ran
    assert parsed.rows[0] == ["resource", "monthly"]
    assert parsed.rows[1] == ["gpu-fleet", "1650.00"]
    assert parsed.rows[2] == [hostile, "25"]  # shown as text, exactly

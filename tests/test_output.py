"""The shared renderers: money never becomes a float or a fake $0, and every format escapes."""

from __future__ import annotations

import io
import json
from decimal import Decimal

from llmkit.output import OutputFormat, Table, dumps_json, emit, jsonable, money, render_html, render_markdown


def test_json_money_is_decimal_string_not_float():
    data = {"monthly": Decimal("1980.00"), "tiny": Decimal("0.0000025"), "big": Decimal("1E+3")}
    parsed = json.loads(dumps_json(data))
    assert parsed == {"monthly": "1980.00", "tiny": "0.0000025", "big": "1000"}


def test_unknown_money_is_a_dash_never_zero():
    assert money(None) == "-"
    assert money(Decimal("2480")) == "$2,480.00"
    assert money(Decimal("0.125"), places=3) == "$0.125"
    assert money(Decimal("-810")) == "-$810.00"  # savings read as a minus, not "$-810"


def test_jsonable_handles_nested_dataclasses_and_enums():
    import dataclasses

    @dataclasses.dataclass
    class Row:
        fmt: OutputFormat
        cost: Decimal

    assert jsonable([Row(OutputFormat.json, Decimal("1.5"))]) == [{"fmt": "json", "cost": "1.5"}]


def test_markdown_escapes_pipes_and_aligns_numbers():
    t = Table("Costs", ["name", "monthly"], [["a|b", Decimal("12.50")]], notes=["2 estimated"], right_align=[1])
    md = render_markdown([t])
    assert "| a\\|b | 12.50 |" in md
    assert "|---|---:|" in md
    assert "2 estimated" in md


def test_html_escapes_cells():
    t = Table("T", ["name"], [["<script>alert(1)</script>"]])
    page = render_html([t], title="x & y")
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    assert "<title>x &amp; y</title>" in page


def test_table_format_has_no_colour_codes_off_a_terminal():
    out = io.StringIO()
    emit(OutputFormat.table, {}, [Table("T", ["a"], [["1"]])], stream=out)
    assert "\x1b[" not in out.getvalue()
    assert "1" in out.getvalue()

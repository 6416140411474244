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


def test_long_names_are_cut_in_the_middle_and_tables_fit_100_columns():
    import io

    from llmkit.output import Table, render_table, shorten_middle

    assert shorten_middle("gpu-azure-vllm-scale-set-replica-3", 15) == "gpu-azu\u2026plica-3"
    assert shorten_middle("short", 15) == "short"
    rows = [[f"gpu-azure-vllm-{'x' * 40}-replica-{i}", "azure-native:compute:VirtualMachineScaleSet (create)", "p5.48xlarge-instance-hours", "$12,345.67 + usage"] for i in range(3)]
    t = Table("Monthly cost [n] GPU instances", ["Resource", "Type", "Unit", "Monthly"], rows, right_align=[3])

    class Pipe(io.StringIO):
        def isatty(self) -> bool:
            return False

    out = Pipe()
    import os

    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        render_table([t], out)
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old
    lines = out.getvalue().splitlines()
    assert max(len(ln) for ln in lines) <= 100  # COLUMNS honoured when piped
    assert lines[0].startswith("Monthly cost [n] GPU instances")  # not eaten as rich markup
    for i in range(3):
        assert any(f"-replica-{i}" in ln for ln in lines)  # the end of a name survives
    assert sum("$12,345.67 + usage" in ln for ln in lines) == 3  # money is never cut


def test_table_width_when_piped():
    import io

    from llmkit.output import PIPE_WIDTH, table_width

    pipe = io.StringIO()
    assert table_width(pipe, {"COLUMNS": "100"}) == 100
    assert table_width(pipe, {}) == PIPE_WIDTH
    assert table_width(pipe, {"COLUMNS": "junk"}) == PIPE_WIDTH

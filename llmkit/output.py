"""Rendering of command results in the four formats every reporting command offers.

A command builds its result once as plain data (dicts, lists, Decimals) plus one or more
``Table`` views of it, and calls ``emit``. Keeping rendering here means the formats behave the
same everywhere: JSON money is a decimal string, colour appears only on a terminal (rich's
own detection, plus NO_COLOR), Markdown is pipe tables for pasting into a PR or design doc,
and HTML is one self-contained, escaped page.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import html
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence, TextIO

from llmkit.core.money import format_decimal
from llmkit.core.safetext import clean, json_safe


class OutputFormat(str, enum.Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


@dataclasses.dataclass
class Table:
    """One tabular view of a result. ``notes`` are lines shown under the table."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    notes: Sequence[str] = ()
    right_align: Sequence[int] = ()  # column indexes holding numbers


def jsonable(obj: Any) -> Any:
    """Convert a result to JSON-ready data: Decimal -> string (never float), dataclass -> dict."""
    if isinstance(obj, Decimal):
        return format_decimal(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, (_dt.datetime, _dt.date)):
        return obj.isoformat()
    if isinstance(obj, Path):
        return str(obj)
    return obj


def money(value: Decimal | None, places: int = 2) -> str:
    """Human money for tables: ``$1,234.56``; None (unknown) is shown as a dash, never $0."""
    if value is None:
        return "-"
    q = Decimal(1).scaleb(-places)
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value).quantize(q):,}"


def dumps_json(data: Any) -> str:
    """Indented JSON; control and bidi characters inside strings escaped (``\\u001b``), so the
    text is safe on a terminal and the values are unchanged for a JSON reader."""
    return json_safe(json.dumps(jsonable(data), indent=2, sort_keys=False, ensure_ascii=False))


def _cell(value: Any) -> str:
    """A cell's text: money exact, input text with control and bidi characters replaced."""
    if value is None:
        return "-"
    if isinstance(value, Decimal):
        return format_decimal(value)
    return clean(str(value))


def _no_html(text: str) -> str:
    """``&`` and ``<`` escaped: no tag or entity survives into a Markdown renderer (GitHub
    renders raw HTML in a comment); ``>`` stays, so ``->`` reads as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _md(text: str) -> str:
    """Markdown-safe cell text: no HTML, pipes escaped (they would split the cell), control
    characters replaced."""
    return _no_html(clean(text)).replace("|", "\\|")


def render_markdown(tables: Iterable[Table]) -> str:
    out: list[str] = []
    for t in tables:
        if t.title:
            out.append(f"### {_md(t.title)}\n")
        out.append("| " + " | ".join(_md(c) for c in t.columns) + " |")
        out.append(
            "|" + "|".join("---:" if i in t.right_align else "---" for i in range(len(t.columns))) + "|"
        )
        for row in t.rows:
            out.append("| " + " | ".join(_md(_cell(c)) for c in row) + " |")
        for note in t.notes:
            out.append("")
            out.append(_no_html(clean(note, multiline=True)))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_html(tables: Iterable[Table], title: str = "llmkit report") -> str:
    def e(text: str) -> str:
        return html.escape(clean(text, multiline=True))

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title>",
        "<style>body{font-family:system-ui,sans-serif;margin:2rem}"
        "table{border-collapse:collapse;margin-bottom:1rem}"
        "th,td{border:1px solid #ccc;padding:.3rem .6rem}td.num{text-align:right}"
        "th{background:#f3f3f3}</style>",
        "</head><body>",
        f"<h1>{e(title)}</h1>",
    ]
    for t in tables:
        if t.title:
            parts.append(f"<h2>{e(t.title)}</h2>")
        parts.append("<table><thead><tr>" + "".join(f"<th>{e(c)}</th>" for c in t.columns) + "</tr></thead><tbody>")
        for row in t.rows:
            cells = "".join(
                f'<td class="num">{e(_cell(c))}</td>' if i in t.right_align else f"<td>{e(_cell(c))}</td>"
                for i, c in enumerate(row)
            )
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</tbody></table>")
        for note in t.notes:
            parts.append(f"<p>{e(note)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def render_table(tables: Iterable[Table], stream: TextIO) -> None:
    """Rich tables; colour and box drawing only when the stream is a terminal."""
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    # Every string is a Text, never markup: a resource named "[/]oops" or
    # "[link=https://evil.example/]x[/link]" is shown as typed, not parsed (rich would crash on
    # the first and plant an OSC-8 hyperlink for the second).
    console = Console(file=stream, highlight=False, soft_wrap=False, width=None if stream.isatty() else 200)
    for t in tables:
        rt = RichTable(title=Text(clean(t.title)) if t.title else None, title_justify="left")
        for i, col in enumerate(t.columns):
            rt.add_column(Text(clean(col)), justify="right" if i in t.right_align else "left")
        for row in t.rows:
            rt.add_row(*(Text(_cell(c)) for c in row))
        console.print(rt)
        for note in t.notes:
            console.print(Text(clean(note, multiline=True)), markup=False)


def emit(
    fmt: OutputFormat,
    data: Any,
    tables: Sequence[Table],
    *,
    title: str = "llmkit report",
    stream: TextIO | None = None,
) -> None:
    """Write one result in the chosen format to stdout (or ``stream``)."""
    stream = stream or sys.stdout
    if fmt is OutputFormat.json:
        stream.write(dumps_json(data) + "\n")
    elif fmt is OutputFormat.markdown:
        stream.write(render_markdown(tables))
    elif fmt is OutputFormat.html:
        stream.write(render_html(tables, title=title))
    else:
        render_table(tables, stream)

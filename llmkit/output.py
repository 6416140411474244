"""Rendering of command results in the four formats every reporting command offers.

A command builds its result once as plain data (dicts, lists, Decimals) plus one or more
``Table`` views of it, and calls ``emit``. Keeping rendering here means the formats behave the
same everywhere: JSON money is a decimal string, colour appears only on a terminal (rich's
own detection, plus NO_COLOR), Markdown is pipe tables for pasting into a PR or design doc,
and HTML is one self-contained, escaped page.
"""

from __future__ import annotations

import enum
import json
import sys
from decimal import Decimal
from typing import Any, Iterable, Sequence, TextIO

from llmkit.core.money import format_decimal
from llmkit.core import records
from llmkit.core.records import record
from llmkit.core.safetext import clean, json_safe


class OutputFormat(str, enum.Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


@record(frozen=False)
class Table:
    """One tabular view of a result. ``notes`` are lines shown under the table."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    notes: Sequence[str] = ()
    right_align: Sequence[int] = ()  # column indexes holding numbers


@record(frozen=False)
class Figure:
    """A chart for the HTML page: inline SVG (``llmkit.views.charts``) and what it shows in words
    (the caption doubles as the text alternative)."""

    title: str
    svg: str
    caption: str = ""


def jsonable(obj: Any) -> Any:
    """Convert a result to JSON-ready data: Decimal -> string (never float), record or dataclass -> dict."""
    if isinstance(obj, Decimal):
        return format_decimal(obj)
    if records.is_record(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in records.fields(obj)}
    # a plain dataclass exists only where ``dataclasses`` was imported: most runs never do
    dc = sys.modules.get("dataclasses")
    if dc is not None and dc.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dc.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, enum.Enum):
        return obj.value
    # datetime and pathlib are imported by whoever made such a value; a run that never did (most
    # do not) never pays for importing them here (start-up is measured: docs/performance.md)
    dt = sys.modules.get("datetime")
    if dt is not None and isinstance(obj, (dt.datetime, dt.date)):
        return obj.isoformat()
    path = sys.modules.get("pathlib")
    if path is not None and isinstance(obj, path.PurePath):
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


CHART_CSS = (
    "figure{margin:1rem 0 2rem;page-break-inside:avoid;break-inside:avoid}"
    "figure svg{max-width:100%;height:auto}figcaption{color:#333;font-size:.9rem}"
    "@media print{body{margin:1cm}h2{page-break-after:avoid}table{page-break-inside:auto}tr{page-break-inside:avoid}}"
)


def render_html(tables: Iterable[Table], title: str = "llmkit report", figures: Sequence[Figure] = ()) -> str:
    """One self-contained page: charts first (inline SVG, drawn by llmkit.views.charts from
    escaped text), then the tables that hold the same numbers."""

    import html

    def e(text: str) -> str:
        return html.escape(clean(text, multiline=True))

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title>",
        "<style>body{font-family:system-ui,sans-serif;margin:2rem}"
        "table{border-collapse:collapse;margin-bottom:1rem}"
        "th,td{border:1px solid #ccc;padding:.3rem .6rem}td.num{text-align:right}"
        "th{background:#f3f3f3}" + CHART_CSS + "</style>",
        "</head><body>",
        f"<h1>{e(title)}</h1>",
    ]
    for f in figures:
        parts.append(f'<figure class="chart"><h2>{e(f.title)}</h2>{f.svg}<figcaption>{e(f.caption)}</figcaption></figure>')
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


def shorten_middle(text: str, width: int) -> str:
    """``text`` in ``width`` characters, cut in the middle: the start says what a name is, the
    end which one (``gpu-azure-vllm-…-replica-3``, ``p5.4…xlarge``)."""
    if len(text) <= width:
        return text
    if width <= 1:
        return text[:width]
    head = (width - 1) // 2
    return text[:head] + "\u2026" + text[len(text) - (width - 1 - head):]


MIN_TEXT = 10
NUM_MAX = 19  # a number column wider than this wraps its longer cells at their spaces ("$783.96 ($391.98-$1,567.92)")


def fit_rows(t: Table, width: int) -> tuple[list[list[str]], list[int]]:
    """The table's cells and each column's width for a ``width``-column screen: right-aligned
    (number) columns keep their longest cell (up to NUM_MAX, then wrap at spaces); text columns share the rest (the shortest ones
    whole, the longest cut to a fair share), their long cells shortened in the middle."""
    rows = [[_cell(c) for c in row] for row in t.rows]
    n = len(t.columns)
    natural = [max([len(r[i]) for r in rows if i < len(r)] + [0]) for i in range(n)]
    longest_word = [max(len(w) for w in (str(c).split() or [""])) for c in t.columns]
    widths = [max(min(max(natural[i], 1), NUM_MAX), longest_word[i]) if i in t.right_align else max(natural[i], len(str(t.columns[i])))
              for i in range(n)]
    text_cols = sorted((i for i in range(n) if i not in t.right_align), key=lambda i: widths[i])
    room = width - (3 * n + 1) - sum(widths[i] for i in range(n) if i in t.right_align)
    if not text_cols or sum(widths[i] for i in text_cols) <= room:
        return rows, widths
    first = min(text_cols)  # the leftmost text column names the row (a resource, a component): it gets most
    widths[first] = min(widths[first], max(room // 2, MIN_TEXT))
    room -= widths[first]
    text_cols = [i for i in text_cols if i != first]
    left = len(text_cols)
    for i in text_cols:  # water-filling: short columns whole, the rest split what remains
        share = max(room // left, MIN_TEXT) if room >= MIN_TEXT * left else max(room // left, 3)
        widths[i] = min(widths[i], share)
        room -= widths[i]
        left -= 1
    cut = [[shorten_middle(c, widths[i]) if i < n and i not in t.right_align else c for i, c in enumerate(r)] for r in rows]
    return cut, widths


PIPE_WIDTH = 200  # piped output without COLUMNS: wide enough that tables stay one line a row


def table_width(stream: TextIO, environ: Any = None) -> int | None:
    """The width tables are laid out for: the terminal's own (None lets rich ask it); when piped,
    COLUMNS if set (as `COLUMNS=100 llmkit ... | less` asks), else PIPE_WIDTH."""
    import os

    if stream.isatty():
        return None
    value = (os.environ if environ is None else environ).get("COLUMNS", "")
    return int(value) if value.isdigit() and int(value) >= 40 else PIPE_WIDTH


def _is_terminal(stream: TextIO, env: Any) -> bool:
    """Whether rich treats ``stream`` as a terminal (``Console.is_terminal``): TTY_COMPATIBLE
    and FORCE_COLOR decide before the stream's own isatty."""
    tty_compatible = env.get("TTY_COMPATIBLE", "")
    if tty_compatible in ("0", "1"):
        return tty_compatible == "1"
    force_color = env.get("FORCE_COLOR")
    if force_color is not None:
        return force_color != ""
    try:
        return stream.isatty()
    except ValueError:
        return False


def _layout(stream: TextIO, environ: Any = None) -> tuple[int, bool] | None:
    """The width tables are drawn at and whether the header row is bold, by rich's rules for
    its ``Console`` (a dumb terminal is 80 columns without style; a terminal's width is COLUMNS
    or the size of stdin/stdout/stderr), so that ``llmkit.views.texttable`` prints what rich
    would. None where we do not follow rich (Windows consoles, Jupyter, a UNICODE_VERSION
    setting: our width table is the latest version's only): rich draws those."""
    import builtins
    import os

    env = os.environ if environ is None else environ
    if sys.platform == "win32" or hasattr(builtins, "get_ipython") or env.get("UNICODE_VERSION"):
        return None
    terminal = _is_terminal(stream, env)
    if terminal and env.get("TERM", "").lower() in ("dumb", "unknown"):
        return 80, False
    width = table_width(stream, env)
    if width is None:
        columns = env.get("COLUMNS", "")
        if columns.isdigit():
            width = int(columns)
        else:
            for fd in (0, 1, 2):
                try:
                    width = os.get_terminal_size(fd).columns
                    break
                except (AttributeError, ValueError, OSError):
                    pass
            width = width or 80
    return (width, terminal) if width >= 1 else None


def render_table(tables: Iterable[Table], stream: TextIO) -> None:
    """Tables in text: box drawing, and on a terminal a bold header row.

    Laid out by ``llmkit.views.texttable``, the same characters rich prints, without importing
    rich (start-up: docs/performance.md); rich draws only what that does not follow."""
    tables = list(tables)
    layout = _layout(stream)
    # a row longer than its header would make rich add a column of its own sizing: left to rich
    if layout is None or any(len(r) > len(t.columns) for t in tables for r in t.rows):
        _render_rich(tables, stream, table_width(stream))
    else:
        _render_plain(tables, stream, *layout)


def _render_plain(tables: Iterable[Table], stream: TextIO, width: int, bold_header: bool = False) -> None:
    """The tables as rich would print them ``width`` columns wide, without rich."""
    from llmkit.views.texttable import render

    encoding = (getattr(stream, "encoding", None) or "utf-8").lower()
    for t in tables:
        rows, widths = fit_rows(t, width)
        stream.write(render(
            clean(t.title), [clean(c) for c in t.columns], rows, widths, t.right_align,
            [clean(note, multiline=True) for note in t.notes], width,
            ascii_only=not encoding.startswith("utf"), bold_header=bold_header,
        ))


def _render_rich(tables: Iterable[Table], stream: TextIO, width: int | None) -> None:
    """Rich tables: where ``_layout`` does not follow rich, and what ``_render_plain`` is
    compared with (tests/test_texttable.py)."""
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    # Every string is a Text, never markup: a resource named "[/]oops" or
    # "[link=https://evil.example/]x[/link]" is shown as typed, not parsed (rich would crash on
    # the first and plant an OSC-8 hyperlink for the second); "[n] GPU instances" stays whole.
    console = Console(file=stream, highlight=False, soft_wrap=False, width=width)
    for t in tables:
        rows, widths = fit_rows(t, console.width)
        rt = RichTable(title=Text(clean(t.title)) if t.title else None, title_justify="left")
        for i, col in enumerate(t.columns):
            # numbers and money keep their width (their header wraps instead); names get what is left
            rt.add_column(Text(clean(col)), justify="right" if i in t.right_align else "left", overflow="fold", width=widths[i])
        for row in rows:
            rt.add_row(*(Text(c) for c in row))
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
    figures: Sequence[Figure] = (),
) -> None:
    """Write one result in the chosen format to stdout (or ``stream``)."""
    stream = stream or sys.stdout
    if fmt is OutputFormat.json:
        stream.write(dumps_json(data) + "\n")
    elif fmt is OutputFormat.markdown:
        stream.write(render_markdown(tables))
    elif fmt is OutputFormat.html:
        stream.write(render_html(tables, title=title, figures=figures))
    else:
        render_table(tables, stream)

"""Text tables, laid out character for character as rich lays out ``llmkit.output``'s tables,
for a pipe, a file or a terminal.

WHY our own: importing rich (``rich.console`` + ``rich.table`` + ``rich.text``) costs about 1x
``python -c pass`` on its own, which kept ``llmkit prices show`` and ``llmkit estimate`` over
their 3x start-up goal (issue 10, docs/performance.md). Given the width, the layout is plain
arithmetic: this module is that arithmetic, ported from rich 15.0.0
(``Table._calculate_column_widths``/``_render``, ``Padding``, ``Text.wrap``,
``Lines.justify``, ``rich._wrap.divide_line``, ``rich.cells``, ``Segment.adjust_line_length``),
including rich's quirks (trailing spaces, folding of wide characters), because the goldens and
every reader of our tables expect exactly what rich printed. ``tests/test_texttable.py`` renders
the CLI's tables and a generated corpus with both and compares the bytes. On a terminal the only
style rich gives our tables is a bold header row (the title is a plain Text, the box unstyled),
so the terminal is drawn here too; ``llmkit.output`` decides when rich's own rules would differ.

Only what ``llmkit.output.render_table`` asks of rich is here: the heavy-head box (ASCII when the
stream's encoding is not UTF), cell padding of one, fixed column widths, fold overflow, left or
right justification, a left-justified title, notes printed under the table.
"""

from __future__ import annotations

import re
from itertools import chain
from typing import Any, Iterable, Sequence

# the code points rich counts as one cell without looking them up (rich.cells._SINGLE_CELL_UNICODE_RANGES)
_SINGLE_CELLS = frozenset(map(chr, chain(
    range(0x20, 0x7F), range(0xA0, 0xAD), range(0xAE, 0x300), range(0x370, 0x483), range(0x2500, 0x25FD), range(0x2800, 0x2900),
)))
_single_cells_only = _SINGLE_CELLS.issuperset
_ZWJ, _VS16 = "\u200d", "\ufe0f"
_TAB_SIZE = 8

# (top_left, top, top_divider, top_right), (head_left, head_vertical, head_right),
# (head_row_left, head_row_horizontal, head_row_cross, head_row_right), (mid_left, mid_vertical,
# mid_right), (foot_left, foot_vertical, foot_right), (bottom_left, bottom, bottom_divider, bottom_right)
_HEAVY_HEAD = ("┏━┳┓", "┃┃┃", "┡━╇┩", "│││", "│││", "└─┴┘")
_ASCII = ("+--+", "|||", "|-+|", "|||", "|||", "+--+")

_table: Any = None


def _char_cells(char: str) -> int:
    """Cells of one character: 0 for controls and combining marks, 2 for wide ones, else 1."""
    global _table
    code = ord(char)
    if code and code < 32 or 0x7F <= code < 0xA0:
        return 0
    if _table is None:
        import bisect

        from llmkit.views import cellwidths

        starts = [first for first, _, _ in cellwidths.RANGES]
        _table = (bisect.bisect_right, starts, cellwidths.RANGES, cellwidths.NARROW_TO_WIDE)
    bisect_right, starts, ranges, _ = _table
    i = bisect_right(starts, code) - 1
    if i >= 0 and code <= ranges[i][1]:
        return ranges[i][2]
    return 1


def _narrow_to_wide() -> frozenset[str]:
    _char_cells("\u0300")  # loads the table
    return _table[3]


def cell_len(text: str) -> int:
    """Cells ``text`` takes on a terminal (rich.cells.cell_len)."""
    if _single_cells_only(text):
        return len(text)
    if _ZWJ not in text and _VS16 not in text:
        return sum(_char_cells(c) for c in text)
    total = 0
    last: str | None = None
    i = 0
    while i < len(text):
        c = text[i]
        if c == _ZWJ:
            i += 1
        elif c == _VS16:
            if last:
                total += last in _narrow_to_wide()
                last = None
        else:
            width = _char_cells(c)
            if width:
                last = c
                total += width
        i += 1
    return total


def _graphemes(text: str) -> tuple[list[tuple[int, int, int]], int]:
    """(start, end, cells) per grapheme and the total cells (rich.cells.split_graphemes)."""
    index = 0
    last: str | None = None
    total = 0
    spans: list[tuple[int, int, int]] = []
    count = len(text)
    while index < count:
        c = text[index]
        if c in (_ZWJ, _VS16):
            if not spans:
                spans.append((index, index + 1, 0))
                index += 1
                continue
            if c == _ZWJ:
                index += 2 if index < count - 1 else 1
                start, _, cells = spans[-1]
                spans[-1] = (start, index, cells)
            else:
                index += 1
                start, _, cells = spans[-1]
                if last and last in _narrow_to_wide():
                    last = None
                    cells += 1
                    total += 1
                spans[-1] = (start, index, cells)
            continue
        width = _char_cells(c)
        if width:
            last = c
            spans.append((index, index + 1, width))
            total += width
        elif spans:
            start, _, cells = spans[-1]
            spans[-1] = (start, index + 1, cells)
        else:
            spans.append((index, index + 1, 0))
        index += 1
    return spans, total


def _split_at_cell(text: str, position: int) -> str:
    """The part of ``text`` left of cell ``position``; a wide character cut in two becomes a
    space (rich.cells._split_text, left half)."""
    if position <= 0:
        return ""
    spans, length = _graphemes(text)
    offset = int((position / length) * len(spans))
    left = sum(cells for _, _, cells in spans[:offset])
    while True:
        if left == position:
            if offset >= len(spans):
                return text
            return text[: spans[offset][0]]
        if left < position:
            start, _, cells = spans[offset]
            if left + cells > position:
                return text[:start] + " "
            offset += 1
            left += cells
        else:
            start, _, cells = spans[offset - 1]
            if left - cells < position:
                return text[:start] + " "
            offset -= 1
            left -= cells


def set_cell_size(text: str, total: int) -> str:
    """``text`` cropped or padded with spaces to ``total`` cells (rich.cells.set_cell_size)."""
    if _single_cells_only(text):
        size = len(text)
        return text + " " * (total - size) if size < total else text[:total]
    if total <= 0:
        return ""
    cells = cell_len(text)
    if cells == total:
        return text
    if cells < total:
        return text + " " * (total - cells)
    return _split_at_cell(text, total)


def _chop_cells(text: str, width: int) -> list[str]:
    """``text`` in pieces of at most ``width`` cells (rich.cells.chop_cells)."""
    if _single_cells_only(text):
        return [text[i : i + width] for i in range(0, len(text), width)]
    spans, _ = _graphemes(text)
    size = 0
    lines: list[str] = []
    offset = 0
    for start, _, cells in spans:
        if size + cells > width:
            lines.append(text[offset:start])
            offset = start
            size = 0
        size += cells
    if size:
        lines.append(text[offset:])
    return lines


_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")


def _break_offsets(text: str, width: int) -> list[int]:
    """Where a line of ``text`` breaks to fit ``width`` cells: at spaces, long words folded
    (rich._wrap.divide_line with fold=True)."""
    breaks: list[int] = []
    offset = 0
    match = _WORD.match(text, 0)
    while match is not None:
        start, end = match.span()
        word = match.group(0)
        word_length = cell_len(word.rstrip())
        if width - offset >= word_length:
            offset += cell_len(word)
        elif word_length > width:
            pieces = _chop_cells(word, width)
            for n, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if n == len(pieces) - 1:
                    offset = cell_len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
        match = _WORD.match(text, end)
    return breaks


def _expand_tabs(line: str) -> str:
    """Tabs as spaces to the next multiple of eight cells (rich.text.Text.expand_tabs)."""
    parts = line.split("\t")
    out: list[str] = []
    position = 0
    for n, part in enumerate(parts):
        if n < len(parts) - 1:
            part += " "
            position += cell_len(part)
            remainder = position % _TAB_SIZE
            if remainder:
                part += " " * (_TAB_SIZE - remainder)
                position += _TAB_SIZE - remainder
        else:
            position += cell_len(part)
        out.append(part)
    return "".join(out)


def _truncate(text: str, width: int, pad: bool = False) -> str:
    length = cell_len(text)
    if length > width:
        text = set_cell_size(text, width)
    if pad and length < width:
        text += " " * (width - length)
    return text


def wrap(text: str, width: int, justify: str = "default") -> list[str]:
    """``text`` in lines of ``width`` cells: broken at spaces, long words folded, each line
    padded on the right (``left``), on the left (``right``) or not at all (``default``)
    (rich.text.Text.wrap with overflow="fold")."""
    lines: list[str] = []
    for line in text.split("\n"):
        if "\t" in line:
            line = _expand_tabs(line)
        bounds = [0, *_break_offsets(line, width), len(line)]
        pieces = [line[a:b] for a, b in zip(bounds, bounds[1:])] if len(bounds) > 2 else [line]
        for piece in pieces:
            excess = len(piece) - width
            if excess > 0:
                space = _TRAILING_SPACE.search(piece)
                if space is not None:
                    piece = piece[: len(piece) - min(len(space.group(0)), excess)]
            if justify == "left":
                piece = _truncate(piece, width, pad=True)
            elif justify == "right":
                piece = _truncate(piece.rstrip(), width)
                piece = " " * (width - cell_len(piece)) + piece
            lines.append(_truncate(piece, width))
    return lines


def _fit_line(segments: list[str], length: int, pad: bool) -> list[str]:
    """One line's segments padded or cropped to ``length`` cells (Segment.adjust_line_length)."""
    line_length = sum(cell_len(s) for s in segments)
    if line_length < length:
        return segments + [" " * (length - line_length)] if pad else segments[:]
    if line_length == length:
        return segments[:]
    out: list[str] = []
    line_length = 0
    for s in segments:
        cells = cell_len(s)
        if line_length + cells < length:
            out.append(s)
            line_length += cells
        else:
            out.append(set_cell_size(s, length - line_length))
            break
    return out


def _text_lines(text: str, width: int, justify: str) -> list[list[str]]:
    """A text rendered into a box ``width`` cells wide, each line padded to it (console.render_lines)."""
    if width < 1:
        return []
    return [_fit_line([line], width, pad=True) for line in wrap(text, width, justify)]


def _cell_lines(text: str, width: int, justify: str) -> list[list[str]]:
    """A cell: its text with one space each side, ``width`` cells including them (Padding)."""
    if width < 1:
        return []
    inner = _text_lines(text, max(0, width - 2), justify)
    return [_fit_line([" ", *line, " "], width, pad=True) for line in inner]


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich._ratio.ratio_reduce: ``total`` taken off ``values`` in proportion to ``ratios``."""
    ratios = [r if m else 0 for r, m in zip(ratios, maximums)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result: list[int] = []
    for ratio, maximum, value in zip(ratios, maximums, values):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def column_widths(widths: Sequence[int], console_width: int) -> list[int]:
    """Each column's width with its padding, for the table to fit ``console_width`` cells
    (rich.table.Table._calculate_column_widths for fixed-width columns)."""
    extra = 2 + len(widths) - 1  # the outer edges and one divider between columns
    room = max(0, console_width - extra)

    def measure(width: int, available: int) -> int:
        return 0 if available < 1 else min(width + 2, available)

    out = [measure(w, room) or 1 for w in widths]
    if sum(out) > room:
        out = _ratio_reduce(sum(out) - room, [1] * len(out), out, out)
        out = [measure(w, max(0, o)) for w, o in zip(widths, out)]
    return out


def render(
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[str]],
    widths: Sequence[int],
    right_align: Sequence[int],
    notes: Sequence[str],
    console_width: int,
    ascii_only: bool = False,
    bold_header: bool = False,
) -> str:
    """One table with its title and notes, as text, exactly as rich prints it to a file or, with
    ``bold_header``, to a terminal (rich's only style on our tables: the header row in bold).

    ``columns``, ``rows``, ``title`` and ``notes`` are already safe text (``clean``), ``widths``
    each column's text width (``fit_rows``).
    """
    lines: list[list[str]] = []
    bold: dict[int, list[bool]] = {}  # header lines: which segments are bold (the cells, not the box)
    if not columns:
        lines.append([])
    else:
        outer = column_widths(widths, console_width)
        table_width = sum(outer) + len(outer) + 1
        top, head, head_row, mid, foot, bottom = _ASCII if ascii_only else _HEAVY_HEAD
        if title and table_width >= 1:
            lines.extend([line] for line in wrap(title, table_width, "left"))
        lines.append([top[0] + top[2].join(top[1] * w for w in outer) + top[3]])
        justify = ["right" if i in right_align else "left" for i in range(len(columns))]
        all_rows = [list(columns), *([*r, *[""] * (len(columns) - len(r))] for r in rows)]
        for index, row in enumerate(all_rows):
            header = index == 0
            cells = [_cell_lines(text, w, j) for text, w, j in zip(row, outer, justify)]
            height = max(1, *(len(c) for c in cells))
            row_height = max(len(c) for c in cells)
            shaped: list[list[list[str]]] = []
            styled: list[int] = []  # per cell, its lines that carry the row's style (not set_shape's filler)
            for cell, w in zip(cells, outer):
                extra_lines = row_height - len(cell)
                if extra_lines:
                    blank = [[" " * w]] * extra_lines
                    cell = blank + cell[:row_height] if header else cell[:row_height] + blank
                cell = [_fit_line(line, w, pad=True) for line in cell]
                styled.append(len(cell))
                cell += [[" " * w]] * (height - len(cell))
                shaped.append(cell)
            edges = head if header else (foot if index == len(all_rows) - 1 else mid)
            left, vertical, right = edges[0], edges[1], edges[2]
            for n in range(height):
                line = [left]
                flags = [False]
                for c, cell in enumerate(shaped):
                    line.extend(cell[n])
                    flags.extend([n < styled[c]] * len(cell[n]))
                    if c < len(shaped) - 1:
                        line.append(vertical)
                        flags.append(False)
                line.append(right)
                flags.append(False)
                if header and bold_header:
                    bold[len(lines)] = flags
                lines.append(line)
            if header:
                lines.append([head_row[0] + head_row[2].join(head_row[1] * w for w in outer) + head_row[3]])
        lines.append([bottom[0] + bottom[2].join(bottom[1] * w for w in outer) + bottom[3]])
    for note in notes:
        lines.extend([line] for line in wrap(note, console_width))
    out: list[str] = []
    for n, line in enumerate(lines):
        fitted = _fit_line(line, console_width, pad=False)
        bold_segments = bold.get(n)
        if bold_segments:  # rich styles each segment on its own: ESC[1m text ESC[0m, nothing for an empty one
            fitted = [f"\x1b[1m{s}\x1b[0m" if b and s else s for s, b in zip(fitted, bold_segments)]
        out.append("".join(fitted) + "\n")
    return "".join(out)

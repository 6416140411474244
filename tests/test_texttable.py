"""Our table renderer (llmkit.views.texttable) prints exactly what rich prints, to a pipe, a file
or a terminal, so tables look as they did while the table commands no longer import rich (issue
10: start-up, docs/performance.md).

Each test renders the same tables both ways, ours (``_render_plain``) and rich (``_render_rich``,
which still draws where we do not follow rich, so rich stays a dependency) and compares the text
byte for byte: terminal and width detection under rich's environment rules, every
table the CLI prints for the kit's stacks and for prices/estimate/compare/capacity/price, then a
generated corpus (wide CJK and emoji characters, combining marks, long words, runs of spaces,
empty cells, markup-looking text, tabs and newlines in notes, 40 to 200 columns).
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import llmkit.output
from llmkit.output import Table, _render_plain, _render_rich, render_table
from llmkit.stacks import stack_names
from test_cli_basics import _modules_after
from test_hostile_rendering import HOSTILE_NAMES
from test_preview_cli import plan

EVERY_OP = Path(__file__).parent / "fixtures" / "previews" / "every-op.json"


class _Recorder:
    """Collects every Table a command hands to ``render_table`` (and still prints it)."""

    def __init__(self) -> None:
        self.tables: list[Table] = []
        self._render = render_table

    def __call__(self, tables, stream) -> None:
        tables = list(tables)
        self.tables.extend(tables)
        self._render(tables, stream)


def _ours_and_rich(tables, width: int) -> tuple[str, str]:
    ours, theirs = io.StringIO(), io.StringIO()
    _render_plain(tables, ours, width)
    _render_rich(tables, theirs, width)
    return ours.getvalue(), theirs.getvalue()


@pytest.fixture
def tables_of(cli, monkeypatch):
    """Run a command in table format; the tables it printed (and a check it printed them)."""

    def run(*argv: str) -> list[Table]:
        recorder = _Recorder()
        monkeypatch.setattr(llmkit.output, "render_table", recorder)
        r = cli(*argv)
        assert r.code == 0, r.err
        assert recorder.tables and "┏" in r.out, argv
        return recorder.tables

    return run


COMMANDS = [
    ("prices", "show", "--cloud", "aws", "--type", "g4dn.xlarge"),
    ("prices", "show", "--cloud", "gcp", "--type", "a2-highgpu-1g"),
    ("prices", "show", "--llm", "gpt-4o"),
    ("prices", "list", "--gpu", "H100-80GB"),
    ("prices", "list", "--cloud", "azure"),
    ("prices", "models"),
    ("estimate", "-a", "api", "--profile", "guide"),
    ("estimate", "-a", "self-hosted", "--offline"),
    ("estimate", "-a", "hybrid", "--offline"),
    ("compare", "--users", "10,100,1000", "--offline"),
    ("compare", "--users", "100", "--profile", "guide", "--offline"),
    ("capacity", "--model", "llama-3.1-8b", "--gpu", "A10G"),
    ("price", str(EVERY_OP)),
    ("price", str(EVERY_OP), "--show-skipped"),
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_every_command_table_is_what_rich_prints(tables_of, argv):
    tables = tables_of(*argv)
    for width in (40, 80, 200):
        ours, theirs = _ours_and_rich(tables, width)
        assert ours == theirs, (argv, width)


@pytest.fixture
def offline(monkeypatch):
    import llmkit.offline_plan

    monkeypatch.setattr(llmkit.offline_plan, "plan_stack", lambda name, **_: plan(name))


@pytest.mark.parametrize("stack", stack_names())
def test_every_stack_preview_table_is_what_rich_prints(tables_of, offline, stack):
    tables = tables_of("preview", "--stack", stack, "--show-skipped")
    for width in (40, 100, 200):
        ours, theirs = _ours_and_rich(tables, width)
        assert ours == theirs, (stack, width)


class _Terminal(io.StringIO):
    """A stream that says it is a terminal (rich asks ``isatty`` as we do)."""

    def isatty(self) -> bool:
        return True


_ENV = ("COLUMNS", "TERM", "FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR", "COLORTERM", "UNICODE_VERSION")


@pytest.mark.parametrize("stream_type, env", [
    (io.StringIO, {}),
    (io.StringIO, {"COLUMNS": "100"}),
    (io.StringIO, {"COLUMNS": "12"}),
    (io.StringIO, {"FORCE_COLOR": "1", "COLUMNS": "90"}),
    (io.StringIO, {"FORCE_COLOR": "1", "TERM": "dumb"}),
    (io.StringIO, {"FORCE_COLOR": ""}),
    (io.StringIO, {"TTY_COMPATIBLE": "1", "TERM": "xterm-256color"}),
    (_Terminal, {"COLUMNS": "90"}),
    (_Terminal, {"COLUMNS": "61", "NO_COLOR": "1", "COLORTERM": "truecolor"}),
    (_Terminal, {"COLUMNS": "150", "TERM": "dumb"}),
    (_Terminal, {"TTY_COMPATIBLE": "0", "COLUMNS": "70"}),
    (_Terminal, {}),  # the size of stdin/stdout/stderr, as rich asks it (patched below), else 80
], ids=lambda v: v.__name__ if isinstance(v, type) else " ".join(f"{k}={x}" for k, x in v.items()) or "-")
@pytest.mark.parametrize("terminal_size", [None, 77])
def test_terminals_and_pipes_get_what_rich_prints(monkeypatch, stream_type, env, terminal_size):
    """Whatever rich's rules make of the stream and the environment (terminal or not, width,
    bold header or none), our renderer prints the same bytes, and rich is not asked."""
    import os

    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if terminal_size is None:
        def no_terminal(fd=None):
            raise OSError("not a terminal")
        monkeypatch.setattr(os, "get_terminal_size", no_terminal)
    else:
        monkeypatch.setattr(os, "get_terminal_size", lambda fd=None: os.terminal_size((terminal_size, 30)))
    tables = [Table("Prices 价格 for a long title that wraps at narrow widths", ["Resource", "Monthly cost", "Note"],
                    [["aws:ec2/instance:Instance web-1", Decimal("1234.5"), "on demand"], ["db", None, "❤️ e\u0301"]],
                    notes=["a note\tthat is long " * 9], right_align=[1])]
    theirs = stream_type()
    _render_rich(tables, theirs, llmkit.output.table_width(theirs))  # what render_table did before
    ours = stream_type()
    monkeypatch.setattr(llmkit.output, "_render_rich", None)  # would fail if asked
    render_table(tables, ours)
    assert ours.getvalue() == theirs.getvalue()
    assert ("\x1b[1m" in ours.getvalue()) == (env.get("FORCE_COLOR") == "1" and "TERM" not in env
                                              or "TTY_COMPATIBLE" not in env and stream_type is _Terminal
                                              and env.get("TERM") != "dumb"
                                              or env.get("TTY_COMPATIBLE") == "1")


def test_a_piped_command_prints_the_same_through_both(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "90")
    plain = cli("prices", "show", "--llm", "gpt-4o").out
    monkeypatch.setattr(llmkit.output, "_layout", lambda *_: None)
    assert cli("prices", "show", "--llm", "gpt-4o").out == plain


def test_hostile_names_are_laid_out_as_rich_does():
    t = Table("names [bold]from[/] input", ["Name", "Monthly"], [[n, Decimal("1.5")] for n in HOSTILE_NAMES],
              notes=["[link=https://evil.example/]note[/link]\x1b[2J"], right_align=[1])
    ours, theirs = _ours_and_rich([t], 60)
    assert ours == theirs
    assert "\x1b" not in ours and "[/]oops" in ours


def test_a_stream_that_cannot_encode_box_drawing_gets_rich_ascii_box():
    t = Table("Plain", ["Resource", "Cost"], [["web", Decimal("2.50")], ["db", None]], notes=["a note"], right_align=[1])
    outs = []
    for render in (_render_plain, _render_rich):
        raw = io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding="latin-1", newline="")
        render([t], stream, 50)
        stream.flush()
        outs.append(raw.getvalue())
    assert outs[0] == outs[1]
    assert b"+----" in outs[0] and "┏".encode() not in outs[0]


def test_our_cell_widths_are_rich_latest():
    """The copied width table (llmkit/views/cellwidths.py) is the one rich measures with: a rich
    upgrade that changes it fails here, not silently in a table."""
    from rich._unicode_data import load
    from rich.cells import _SINGLE_CELLS

    from llmkit.views import cellwidths, texttable

    assert texttable._SINGLE_CELLS == _SINGLE_CELLS  # the ranges measured without a look-up
    table = load("latest")
    assert table.unicode_version == cellwidths.UNICODE_VERSION
    assert tuple(table.widths) == cellwidths.RANGES
    assert table.narrow_to_wide == cellwidths.NARROW_TO_WIDE


def test_cell_len_matches_rich_on_every_code_point_range():
    from rich.cells import cell_len as rich_cell_len

    from llmkit.views.texttable import cell_len

    samples = [chr(c) for c in range(0x20, 0x3000, 7)] + [chr(c) for c in range(0x1F000, 0x1FB00, 3)]
    samples += ["❤️", "a\ufe0f", "\ufe0f", "👩\u200d💻", "e\u0301", "\u0301x", "한국어", "ﾊﾝｶｸ"]
    for s in samples:
        assert cell_len(s) == rich_cell_len(s), repr(s)


# -- the generated corpus ------------------------------------------------------------------

_WORDS = ["a", "gpu", "aws:ec2/instance:Instance", "x" * 30, "你好世界", "😀🎉", "❤️", "e\u0301t\u0301e\u0301",
          "…", "p5.48xlarge", "$1,234.56", "[/]oops", "[link=x]y[/link]", "—", "Ｆｕｌｌ", "ﾊﾝｶｸ", "\u0301", "\ufe0f",
          "a\ufe0fb", "🇯🇵", "·", "\u00ad", "한국어텍스트입니다", "supercalifragilisticexpialidocious" * 2, ""]
_word = st.one_of(st.sampled_from(_WORDS), st.text(alphabet="abcdefghij-_./", min_size=1, max_size=40))


def _text(max_words: int, separators: list[str]) -> st.SearchStrategy[str]:
    pieces = st.lists(st.tuples(_word, st.sampled_from(separators)), max_size=max_words)
    return pieces.map(lambda ps: "".join(w + s for w, s in ps))


_cell = st.one_of(
    st.none(),
    st.decimals(min_value=-10**6, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    _text(6, [" ", " ", "  ", "     ", ""]),
)


@st.composite
def _tables(draw) -> Table:
    n = draw(st.integers(1, 8))
    columns = draw(st.lists(_text(3, [" ", ""]), min_size=n, max_size=n))
    rows = draw(st.lists(st.lists(_cell, min_size=n - 1 if n > 1 else n, max_size=n), max_size=6))
    right_align = draw(st.lists(st.integers(0, n - 1), unique=True, max_size=n))
    notes = draw(st.lists(_text(60, [" ", "  ", "\t", "\n", "\n\n", ""]), max_size=2))
    title = draw(st.one_of(st.just(""), _text(12, [" ", "  ", ""])))
    return Table(title, columns, rows, notes=notes, right_align=right_align)


@settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_tables(), min_size=1, max_size=2), st.integers(40, 200))
def test_generated_tables_are_what_rich_prints(tables, width):
    ours, theirs = _ours_and_rich(tables, width)
    assert ours == theirs


@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_tables(), min_size=1, max_size=2), st.integers(40, 200))
def test_generated_tables_on_a_terminal_are_what_rich_prints(tables, width):
    """On a terminal rich's one style on our tables is the bold header row."""
    from unittest import mock

    ours, theirs = io.StringIO(), _Terminal()
    _render_plain(tables, ours, width, bold_header=True)
    with mock.patch.dict("os.environ", {"COLUMNS": str(width), "TERM": "xterm"}):
        _render_rich(tables, theirs, None)
    assert ours.getvalue() == theirs.getvalue()


@settings(max_examples=100, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_tables(), st.integers(1, 39))
def test_even_narrower_than_the_cli_allows(table, width):
    """Below 40 columns (COLUMNS is not honoured there) rich squeezes every column evenly; ours too."""
    ours, theirs = _ours_and_rich([table], width)
    assert ours == theirs


# -- start-up ----------------------------------------------------------------------------------

def test_piped_table_commands_do_not_import_rich():
    """The two table paths issue 10 measures (docs/performance.md) print without rich when stdout
    is a pipe (and the check sees a module that is loaded: our renderer)."""
    argvs = [["prices", "show", "--cloud", "aws", "--type", "g4dn.xlarge"],
             ["estimate", "-a", "api", "--profile", "guide"]]
    assert _modules_after(argvs, "m.split('.')[0] == 'rich'") == "[]"
    assert "llmkit.views.texttable" in _modules_after(argvs[:1], "m.startswith('llmkit.views.')")

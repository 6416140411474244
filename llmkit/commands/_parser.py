"""The CLI's parser plumbing on the standard library's argparse.

Why argparse and not a CLI framework: start-up is a goal (docs/performance.md). ``import
typer`` alone was 2.6x ``python -c pass``; argparse is about 1.1x, so a command that does work
can stay within 3x. What a framework gave us is kept here, once:

* ``Opt``: an option written once as data (flags, help, default, type) and added to any
  command that takes it, so shared options read the same everywhere;
* ``Parser.error``: a bad option, value or command is ONE line ``error: ... (see 'llmkit CMD
  -h')`` and exit 2 (a ``UserError`` for ``llmkit.cli.main``, the one place exceptions become
  exit codes), never a usage dump;
* ``command``: one sub-command whose parsed options are passed by name to a plain function;
* value types that import what they need only when a value is converted (``pathlib`` for a
  path, ``llmkit.output`` for ``--format``), so building a parser costs almost nothing.
"""

from __future__ import annotations

import argparse
import os
from typing import Any, Callable, Iterator, Optional, Sequence

from llmkit.core.records import record

FORMATS = ("table", "json", "markdown", "html")


def _translate_once() -> None:
    """argparse passes each of its words through ``gettext.gettext``, which searches the disk
    for a message catalog on every call (20-odd calls to build a command's parsers: 1.5 ms, as
    much as importing argparse). Look the catalog up once and let argparse use it: the same
    translations (the default domain and its binding, as gettext.gettext resolves them), found
    once per process instead of once per word."""
    import gettext

    domain = gettext.textdomain()
    catalog = gettext.translation(domain, gettext.bindtextdomain(domain), fallback=True)
    argparse._ = catalog.gettext  # type: ignore[attr-defined]
    argparse.ngettext = catalog.ngettext  # type: ignore[attr-defined]


_translate_once()


@record
class Opt:
    """One option as data; ``add`` puts it on a parser. ``kind``: ``value`` (takes one value),
    ``flag`` (``--x`` sets True), ``append`` (repeatable, a list) or ``positional``. A record,
    not a NamedTuple: ``namedtuple`` compiles its class with ``exec`` at import, ~1 ms of every
    command's start-up (docs/performance.md)."""

    flags: tuple[str, ...]
    help: str
    default: Any = None
    type: Optional[Callable[[str], Any]] = None
    dest: Optional[str] = None
    required: bool = False
    kind: str = "value"
    metavar: Optional[str] = None
    env: Optional[str] = None  # read this environment variable when the flag is not given

    def add(self, parser: argparse.ArgumentParser) -> None:
        """Add this option to ``parser`` (argparse reads ``%`` in help as formatting: escaped)."""
        text = ("[required] " if self.required else "") + self.help.replace("%", "%%")
        kw: dict[str, Any] = {"help": text} if self.type is None else {"help": text, "type": self.type}
        if self.kind == "positional":
            parser.add_argument(self.dest or self.flags[0], metavar=self.metavar, **kw)
            return
        kw["dest"] = self.dest or _dest(self.flags)
        if self.kind == "flag":
            parser.add_argument(*self.flags, action="store_true", **kw)
            return
        default = (os.environ.get(self.env) or self.default) if self.env else self.default
        if self.kind == "append":
            kw.update(action="append", default=None)
        else:
            kw.update(default=default, required=self.required)
        parser.add_argument(*self.flags, metavar=self.metavar or _metavar(self), **kw)


def _dest(flags: Sequence[str]) -> str:
    long = next(f for f in flags if f.startswith("--"))
    return long[2:].replace("-", "_")


def _metavar(opt: Opt) -> str:
    kind = {int: "INTEGER", float: "NUMBER"}.get(opt.type, "TEXT")  # type: ignore[call-overload]
    return kind


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line, raised as a ``UserError`` (exit 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs.setdefault("allow_abbrev", False)  # `--user` is not `--users`: no guessing
        super().__init__(*args, **kwargs)
        self._optionals.title = "Options"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = "Show this help and exit."

    def error(self, message: str) -> Any:  # argparse calls this for every bad input
        from llmkit.core.errors import UserError

        raise UserError(f"{message} (see '{self.prog} -h')")


class HelpFormatter(argparse.HelpFormatter):
    """``Usage:`` as people expect; descriptions wrapped per paragraph; the Examples epilog kept
    line by line (each example is a command to copy)."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32, width=min(100, _columns()))

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: Optional[str] = None) -> None:
        super().add_usage(usage, actions, groups, "Usage: " if prefix is None else prefix)

    def _format_action(self, action: argparse.Action) -> str:
        if isinstance(action, argparse._SubParsersAction):  # the commands, without a COMMAND line
            return "".join(self._format_action(sub) for sub in action._get_subactions())
        return super()._format_action(action)

    def _split_lines(self, text: str, width: int) -> list[str]:
        import textwrap  # never split a name at its hyphen (us-east-1, --max-context-tokens)

        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False, break_long_words=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        out = []
        for para in text.split("\n\n"):
            if para.startswith(("Examples:", "  ")):
                out.append("\n".join(indent + line for line in para.splitlines()))
            else:
                out.append("\n".join(indent + line for line in self._split_lines(para, width - len(indent))))
        return "\n\n".join(out)


def _columns() -> int:
    """The terminal's width, asked once (argparse builds a formatter for every option it adds)."""
    global _COLUMNS
    if _COLUMNS is None:
        try:
            _COLUMNS = int(os.environ.get("COLUMNS") or os.get_terminal_size(2).columns)
        except (OSError, ValueError):
            _COLUMNS = 100
    return _COLUMNS


_COLUMNS: Optional[int] = None


def command(subparsers: Any, name: str, run: Callable[..., Any], opts: Sequence[Opt], help: str,
            description: str = "") -> Parser:
    """Add sub-command ``name``: its options parsed, then ``run(**options)`` by their names."""
    p: Parser = subparsers.add_parser(name, help=help, description=description or help)
    for opt in opts:
        opt.add(p)
    p.set_defaults(_run=run, _parser=p)
    return p


def group(subparsers: Any, name: str, help: str) -> Any:
    """Add a command group (``prices``, ``comment``); its sub-commands go on the returned object."""
    p: Parser = subparsers.add_parser(name, help=help, description=help)
    p.set_defaults(_run=None, _parser=p)
    return p.add_subparsers(title="Commands", metavar="COMMAND", parser_class=Parser)


def leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Parser]]:
    """Every runnable command under ``parser`` as (path, its parser), in help order."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser  # type: ignore[misc]
        return
    for name, sub in subs[0].choices.items():
        yield from leaves(sub, (*path, name))


# -- value types: each imports what it needs only when a value is converted -----------------


def output_format(value: str) -> Any:
    """``--format``: table, json, markdown or html (any case), as ``llmkit.output.OutputFormat``."""
    if value.lower() not in FORMATS:
        raise argparse.ArgumentTypeError(f"invalid choice {value!r} (choose from {', '.join(FORMATS)})")
    from llmkit.output import OutputFormat

    return OutputFormat(value.lower())


def path(value: str) -> Any:
    """A file path (it need not exist yet)."""
    from pathlib import Path

    return Path(value)


def file_path(value: str) -> Any:
    """A path that, if it exists, is a file (``--out`` of a page)."""
    p = path(value)
    if p.is_dir():
        raise argparse.ArgumentTypeError(f"{value!r} is a directory, not a file")
    return p


def directory(value: str) -> Any:
    """A path that, if it exists, is a folder (``--stacks-dir``)."""
    p = path(value)
    if p.exists() and not p.is_dir():
        raise argparse.ArgumentTypeError(f"{value!r} is a file, not a folder")
    return p


def run_parsed(parser: argparse.ArgumentParser, argv: Sequence[str]) -> Any:
    """Parse ``argv`` and call the command it names with its options; a group or the root
    without a command prints its help to stderr and exits 2 (as bare ``llmkit`` always has)."""
    import sys

    ns, extra = parser.parse_known_args(argv)
    here: argparse.ArgumentParser = getattr(ns, "_parser", parser)
    if extra:  # named by the deepest command reached, so the hint is its help
        here.error(f"unrecognized arguments: {' '.join(extra)}")
    run = getattr(ns, "_run", None)
    if run is None:
        sys.stderr.write(here.format_help())
        raise SystemExit(2)
    repeatable = {a.dest for a in here._actions if isinstance(a, argparse._AppendAction)}
    values = {k: ([] if v is None and k in repeatable else v) for k, v in vars(ns).items() if not k.startswith("_")}
    return run(**values)  # repeatable options not given are [], as they always were

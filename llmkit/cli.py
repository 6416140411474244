"""The ``llmkit`` command line.

Each command family lives in its own module under ``llmkit.commands`` and adds itself to the
app through ``register(app)``. Command modules import only typer and the standard library at
module level; anything heavy (pricing tables, Pulumi, provider SDKs, boto3) is imported inside
the command function, so ``llmkit prices show`` never pays for ``pulumi_aws`` (DESIGN.md:
lazy imports). ``main`` registers only the module of the command being run (typer inspects
the signature of every registered command on each run, so the cost would otherwise grow with
every command added); ``--help``, no command or an unknown one register all, in help order.

``main`` is the one place exceptions become exit codes: UserError -> 2 with one line,
GuardrailBreached -> 3, anything else -> 1 with the exception type only (its message might
carry an input value, and inputs may be secrets). LLMKIT_DEBUG=1 re-raises for a traceback.
"""

from __future__ import annotations

import os
import sys
from typing import Optional, Sequence

import typer

from llmkit import __version__
from llmkit.core.errors import GuardrailBreached, UserError

#: Command -> the ``llmkit.commands`` module that registers it; modules in help order.
COMMANDS = {
    "prices": "prices", "estimate": "estimate", "compare": "compare", "capacity": "capacity", "plan": "plan",
    "price": "price", "preview": "price", "up": "lifecycle", "destroy": "lifecycle", "sweep": "lifecycle",
    "comment": "comment", "report": "report",
}

def _version(value: bool) -> None:
    if value:
        typer.echo(f"llmkit {__version__}")
        raise typer.Exit()


def _root(
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """llmkit: cost previews, cost models and safe deploys for LLM agents on AWS, Azure and GCP."""


_apps: dict[tuple[str, ...], typer.Typer] = {}


def _build(modules: Sequence[str]) -> typer.Typer:
    """The root app with the commands of ``modules``, always in help order (one per set)."""
    import importlib

    wanted = tuple(name for name in dict.fromkeys(COMMANDS.values()) if name in modules)
    if wanted not in _apps:
        app = typer.Typer(
            name="llmkit",
            help="What will this LLM agent cost to run, which way is cheapest, and deploy it with Pulumi.",
            no_args_is_help=True,
            pretty_exceptions_enable=False,
            add_completion=False,
            context_settings={"help_option_names": ["-h", "--help"]},
        )
        app.callback()(_root)
        for name in wanted:
            importlib.import_module(f"llmkit.commands.{name}").register(app)
        _apps[wanted] = app
    return _apps[wanted]


def app_for(argv: Sequence[str]) -> typer.Typer:
    """The root app with what ``argv`` needs: its command's module, or every module when it
    asks for help or names no known command (root options take no values)."""
    first = next((a for a in argv if not a.startswith("-")), None)
    app = _build([COMMANDS[first]] if first in COMMANDS else list(COMMANDS.values()))
    if first not in COMMANDS or any(a in ("-h", "--help") for a in argv):
        _with_examples(app)
    return app


def _with_examples(app: typer.Typer) -> typer.Typer:
    """Every command's --help ends with Examples (one table: llmkit.commands.examples), loaded
    only when help is shown."""
    from llmkit.commands.examples import attach

    attach(app)
    return app


def __getattr__(name: str) -> typer.Typer:
    """``llmkit.cli.app``: the root app with every command (tools and tests walk it)."""
    if name == "app":
        return _with_examples(_build(list(COMMANDS.values())))
    raise AttributeError(name)


MAX_MESSAGE = 300  # characters of an error line: a name quoted in it cannot flood the terminal


def _fail(message: str, code: int) -> "None":
    """One line on stderr, whatever the message holds: newlines and control or bidi characters
    from input (a resource name, a flag value) are replaced, and the line is capped."""
    from llmkit.core.safetext import clean

    line = clean(" ".join(message.split()))
    if len(line) > MAX_MESSAGE:
        line = line[: MAX_MESSAGE - 3] + "..."
    sys.stderr.write(f"error: {line}\n")
    sys.stderr.flush()
    raise SystemExit(code)


def _click_exception() -> type:
    """click's exception base as typer ships it (vendored in typer < 0.29's ``_click``)."""
    try:
        from typer._click.exceptions import ClickException
    except ImportError:  # a typer that uses the click package
        from click.exceptions import ClickException  # type: ignore[no-redef,assignment]
    return ClickException


def _usage_line(exc: Exception) -> str:
    """click's bad-option message as one line, with where to get help."""
    ctx = getattr(exc, "ctx", None)
    where = f" (see '{ctx.command_path} -h')" if ctx is not None and getattr(ctx, "command_path", None) else ""
    return f"{exc.format_message()}{where}"  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point; also called by tests with an argv list.

    click runs in non-standalone mode so a bad option (``--format xml``, ``--users abc``)
    reaches us as an exception and is printed in the same one-line form as every UserError
    (exit 2), not as click's boxed multi-line panel."""
    debug = os.environ.get("LLMKIT_DEBUG") == "1"
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        rv = app_for(args)(args=args, prog_name="llmkit", standalone_mode=False)
        raise SystemExit(rv if isinstance(rv, int) and not isinstance(rv, bool) else 0)
    except SystemExit:
        raise
    except _click_exception() as exc:  # type: ignore[misc]
        if debug:
            raise
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:  # bare `llmkit`: the help
            sys.stderr.write(ctx.get_help() + "\n")
            raise SystemExit(2) from None
        _fail(_usage_line(exc), 2)
    except BrokenPipeError:  # `llmkit ... | head`: the reader left; nothing more to say
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps interpreter shutdown quiet
        raise SystemExit(1) from None
    except UserError as exc:
        if debug:
            raise
        _fail(str(exc), exc.exit_code)
    except GuardrailBreached as exc:
        if debug:
            raise
        _fail(str(exc), exc.exit_code)
    except typer.Abort:
        _fail("aborted", 1)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for the CLI
        if debug:
            raise
        _fail(
            f"unexpected fault ({type(exc).__name__}); rerun with LLMKIT_DEBUG=1 for the traceback",
            1,
        )

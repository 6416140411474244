"""The ``llmkit`` command line, on the standard library's argparse (llmkit.commands._parser).

Each command family lives in its own module under ``llmkit.commands`` and adds its parser
through ``register(subparsers)``. Command modules import only the standard library and our
small core at module level; anything heavy (pricing tables, Pulumi, provider SDKs, boto3) is
imported inside the command function, so ``llmkit prices show`` never pays for ``pulumi_aws``
(DESIGN.md: lazy imports). ``main`` registers only the module of the command being run;
``--help`` on the root, no command or an unknown one register all, in help order. Start-up is a
measured goal (docs/performance.md): keep module-level imports here to the standard library.

``main`` is the one place exceptions become exit codes: UserError (and every bad option, value
or command) -> 2 with one line, GuardrailBreached -> 3, anything else -> 1 with the exception
type only (its message might carry an input value, and inputs may be secrets). LLMKIT_DEBUG=1
re-raises for a traceback.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Sequence

#: Command -> the ``llmkit.commands`` module that registers it; modules in help order.
COMMANDS = {
    "prices": "prices", "estimate": "estimate", "compare": "compare", "capacity": "capacity", "plan": "plan",
    "price": "price", "preview": "price", "up": "lifecycle", "destroy": "lifecycle", "sweep": "lifecycle",
    "comment": "comment", "report": "report",
}

DESCRIPTION = "What will this LLM agent cost to run, which way is cheapest, and deploy it with Pulumi."


def _build(modules: Sequence[str]) -> Any:
    """The root parser with the commands of ``modules``, always in help order."""
    import importlib

    from llmkit import __version__
    from llmkit.commands._parser import Parser

    root = Parser(prog="llmkit", description=DESCRIPTION)
    root.add_argument("--version", action="version", version=f"llmkit {__version__}", help="Show the version and exit.")
    root.set_defaults(_run=None, _parser=root)
    subs = root.add_subparsers(title="Commands", metavar="COMMAND", parser_class=Parser)
    for name in dict.fromkeys(COMMANDS.values()):
        if name in modules:
            importlib.import_module(f"llmkit.commands.{name}").register(subs)
    return root


def _with_examples(root: Any) -> Any:
    """Every command's --help ends with Examples (one table: llmkit.commands.examples), loaded
    only when help is shown."""
    from llmkit.commands.examples import attach

    attach(root)
    return root


def parser() -> Any:
    """The root parser with every command and its Examples (tools and tests walk it)."""
    return _with_examples(_build(list(COMMANDS.values())))


def parser_for(argv: Sequence[str]) -> Any:
    """The root parser with what ``argv`` needs: its command's module, or every module when it
    names no command (root options take no values); an unknown command is a UserError."""
    first = next((a for a in argv if not a.startswith("-")), None)
    if first is not None and first not in COMMANDS:
        from llmkit.core.errors import UnknownName, UserError

        raise UserError(f"{UnknownName('command', first, COMMANDS)} (see 'llmkit -h')")  # with "did you mean"
    root = _build(list(COMMANDS.values()) if first is None else [COMMANDS[first]])
    if first is None or any(a in ("-h", "--help") for a in argv):  # help may be shown
        _with_examples(root)
    return root


#: Allocations between two young-generation collections (CPython's default is 700). A command
#: is a short process that builds most of its objects while importing modules and reading a
#: document, and almost none of them form cycles; at 700 the collector ran hundreds of times per
#: command for about 4 ms of a 70 ms estimate (issue 10's start-up budget, docs/performance.md).
#: Cycles are still collected, just in larger batches.
GC_YOUNG_THRESHOLD = 20_000

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


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point; also called by tests with an argv list.

    A bad option (``--format xml``, ``--users abc``) is a UserError from the parser, printed in
    the same one-line form as every other (exit 2)."""
    import gc

    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    from llmkit.core.errors import GuardrailBreached, UserError

    debug = os.environ.get("LLMKIT_DEBUG") == "1"
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        from llmkit.commands._parser import run_parsed

        rv = run_parsed(parser_for(args), args)
        raise SystemExit(rv if isinstance(rv, int) and not isinstance(rv, bool) else 0)
    except SystemExit:
        raise
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
    except EOFError:  # a confirmation prompt whose input ended
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

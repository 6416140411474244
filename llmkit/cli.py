"""The ``llmkit`` command line.

Each command family lives in its own module under ``llmkit.commands`` and adds itself to the
app through ``register(app)``. Command modules import only typer and the standard library at
module level; anything heavy (pricing tables, Pulumi, provider SDKs, boto3) is imported inside
the command function, so ``llmkit prices show`` never pays for ``pulumi_aws`` (DESIGN.md:
lazy imports).

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
from llmkit.commands import estimate, lifecycle, plan, price, prices
from llmkit.core.errors import GuardrailBreached, UserError

app = typer.Typer(
    name="llmkit",
    help="What will this LLM agent cost to run, which way is cheapest, and deploy it with Pulumi.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"llmkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """llmkit: cost previews, cost models and safe deploys for LLM agents on AWS, Azure and GCP."""


for _module in (prices, estimate, plan, price, lifecycle):
    _module.register(app)


def _fail(message: str, code: int) -> "None":
    sys.stderr.write(f"error: {message}\n")
    sys.stderr.flush()
    raise SystemExit(code)


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point; also called by tests with an argv list."""
    debug = os.environ.get("LLMKIT_DEBUG") == "1"
    try:
        app(args=list(argv) if argv is not None else None, prog_name="llmkit", standalone_mode=True)
    except SystemExit:
        raise
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

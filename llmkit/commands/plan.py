"""``llmkit plan``: what a stack would create, offline, as a ``pulumi preview --json`` document.

The stack program runs under the Pulumi SDK's mocks (no credentials, no Pulumi CLI), so this
works anywhere; ``llmkit preview`` prices the same document and ``llmkit price`` can price a
saved one later. Heavy imports (Pulumi, provider SDKs) happen inside the command.
"""

from __future__ import annotations

import contextlib
import sys
from collections import Counter
from pathlib import Path
from typing import Any, ContextManager, Optional, TextIO

from llmkit.commands._common import FORMAT_OPTION, OFFLINE_OPTION, use_live_prices
from llmkit.commands._parser import Opt, command, path
from llmkit.commands._stack_options import STACK_OPTION, STACKS_DIR_OPTION
from llmkit.core.clouds import DEFAULT_CLOUD, region_from_config
from llmkit.core.errors import UserError

HELP = "Plan a stack offline (Pulumi SDK mocks): the resources it would create, as a `pulumi preview --json` document."


def register(subparsers: Any) -> None:
    """Add ``llmkit plan`` to the root parser."""
    command(subparsers, "plan", plan, (
        STACK_OPTION, STACKS_DIR_OPTION,
        Opt(("--out", "-o"), "Write the preview document (JSON) to this file, atomically.", type=path, metavar="PATH"),
        Opt(("--set",), "Override a config value, KEY=VALUE (repeatable; bare keys are llmkit:...).", dest="set_", kind="append"),
        FORMAT_OPTION, OFFLINE_OPTION,
    ), help=HELP)


def parse_overrides(pairs: list[str]) -> dict[str, str]:
    """``KEY=VALUE`` pairs; a bare key is in the llmkit namespace (``users=500``)."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UserError("--set takes KEY=VALUE (e.g. --set users=500)")
        out[key if ":" in key else f"llmkit:{key}"] = value
    return out


def warn_plain_secrets(stack: str, stacks_dir: Optional[Path] = None, stream: Optional[TextIO] = None) -> None:
    """One warning line per secret config key that the stack file holds as plain text (the
    value is masked in every output all the same; the key name is not secret)."""
    from llmkit.offline_plan import plain_text_secrets
    from llmkit.stacks import STACKS_DIR

    for key in plain_text_secrets(stack, stacks_dir or STACKS_DIR):
        (stream or sys.stderr).write(
            f"warning: {key} is plain text in the stack file; make it a Pulumi secret "
            f"(pulumi config set --secret {key} ...); it is masked in this output\n"
        )


def summary_rows(document: dict[str, Any]) -> list[tuple[str, str, int]]:
    """(type, kind, count) per resource type, most numerous first; the root stack left out."""
    counts = Counter(
        (step["newState"]["type"], "resource" if step["newState"]["custom"] else "component")
        for step in document["steps"]
        if step["newState"]["type"] != "pulumi:pulumi:Stack"
    )
    return [(t, kind, n) for (t, kind), n in sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))]


def progress(message: str, stream: Optional[TextIO] = None) -> ContextManager[Any]:
    """A spinner with ``message`` on ``stream`` (stderr) while planning runs, which takes seconds
    (provider SDK import, the program under mocks); only on a terminal, so piped or captured
    output stays exactly the document or table, with no control characters."""
    stream = stream if stream is not None else sys.stderr
    if not getattr(stream, "isatty", lambda: False)():
        return contextlib.nullcontext()
    from rich.console import Console

    return Console(file=stream, stderr=True).status(message)


def plan(stack: str, stacks_dir: Optional[Path], out: Optional[Path], set_: list[str], fmt: Any, offline: bool) -> None:
    """Plan under mocks, write the document if asked, print a summary (or the document as json)."""
    from llmkit.output import OutputFormat

    use_live_prices(offline)
    from llmkit.offline_plan import plan_stack
    from llmkit.core.files import write_atomically
    from llmkit.output import Table, dumps_json, emit
    from llmkit.stacks import STACKS_DIR, check_stack_name

    check_stack_name(stack)
    overrides = parse_overrides(set_)
    warn_plain_secrets(stack, stacks_dir)
    if out is not None and not out.parent.is_dir():
        raise UserError(f"--out: folder {out.parent} does not exist")
    if out is not None and out.is_dir():
        raise UserError(f"--out: {out} is a folder, not a file")
    with progress(f"Planning stack {stack} offline (Pulumi SDK mocks)"):
        document = plan_stack(stack, overrides=overrides, stacks_dir=stacks_dir or STACKS_DIR)
    if out is not None:
        write_atomically(out, dumps_json(document) + "\n", what="--out")
    if fmt is OutputFormat.json:
        emit(fmt, document, [])
        return
    rows = summary_rows(document)
    config = document["config"]
    region = region_from_config(config) or "-"
    notes = [
        f"stack {stack}: {config.get('llmkit:architecture', 'gpu')} on {config.get('llmkit:cloud', DEFAULT_CLOUD)} ({region}); "
        f"{document['changeSummary']['create']} to create, planned offline under Pulumi SDK mocks",
    ]
    if out is not None:
        notes.append(f"preview document written to {out}")
    table = Table(title=f"Planned resources: {stack}", columns=["type", "kind", "count"], rows=rows, notes=notes, right_align=[2])
    emit(fmt, {"stack": stack, "resources": [dict(type=t, kind=k, count=n) for t, k, n in rows]}, [table], title=f"llmkit plan {stack}")

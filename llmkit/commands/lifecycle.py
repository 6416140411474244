"""CLI commands: ``llmkit up``, ``llmkit destroy`` and ``llmkit sweep``.

Only the standard library and the option tables at import time: Pulumi's Automation API and the cloud SDKs
are imported inside the commands (DESIGN.md: lazy imports).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any, Iterator, List, Optional

from llmkit.commands._common import FORMAT_OPTION
from llmkit.commands._parser import Opt, command
from llmkit.commands._stack_options import STACK_OPTION, STACKS_DIR_OPTION
from llmkit.core.clouds import CLOUDS, resolve

SWEEPABLE = tuple(name for name, c in CLOUDS.items() if c.sweep)


def _interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def confirm_or_refuse(question: str, yes: bool) -> None:
    """Ask unless --yes; with no terminal to ask on, refuse (exit 2) rather than guess."""
    from llmkit.core.errors import UserError

    if yes:
        return
    if not _interactive():
        raise UserError("not a terminal, so cannot ask for confirmation: pass --yes to go ahead")
    if not _ask(question):
        raise SystemExit(1)


def _ask(question: str) -> bool:
    """``question [y/N]:`` on stderr, an answer from stdin; only y or yes goes ahead (an ended
    input is EOFError: ``llmkit.cli.main`` says "aborted", exit 1)."""
    sys.stderr.write(f"{question} [y/N]: ")
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.strip().lower() in ("y", "yes")


@contextlib.contextmanager
def _cli_failures() -> Iterator[None]:
    """A failed Pulumi command or an incomplete destroy: its reason in a few lines, exit 1."""
    from pulumi.automation.errors import CommandError

    from llmkit.core.safetext import clean
    from llmkit.lifecycle.automation import DestroyIncomplete, failure_reason

    try:
        yield
    except DestroyIncomplete as exc:
        _say(f"error: {clean(str(exc))}")
        for urn in exc.remaining:
            _say(f"  still there: {clean(str(urn))}")
        raise SystemExit(1)
    except CommandError as exc:
        _say(f"error: pulumi failed: {clean(failure_reason(exc), multiline=True)}")
        raise SystemExit(1)


def _say(line: str) -> None:
    """One line for the person at the terminal (stderr: stdout carries the report)."""
    sys.stderr.write(f"{line}\n")
    sys.stderr.flush()


def up(stack: str, stacks_dir: Optional[Path], budget: Optional[str], yes: bool, ttl: Optional[str], pricing: Optional[str]) -> None:
    """Price the preview, enforce the budget, confirm, then deploy with live progress."""
    from llmkit.commands._common import parse_money
    from llmkit.lifecycle.automation import Lifecycle
    from llmkit.stacks import check_stack_name, deployable_stacks_dir

    check_stack_name(stack)
    limit = parse_money(budget, "--budget")  # bad input is reported before anything else
    folder = deployable_stacks_dir(stack, stacks_dir)
    life = Lifecycle.from_environment(folder)  # no CLI: says how to install it
    if not yes and not _interactive():  # refuse before touching the backend, not after a preview
        confirm_or_refuse("", yes)
    with _cli_failures():
        life.up(
            stack, budget=limit, yes=yes, ttl=ttl, pricing=pricing,
            confirm=lambda q: confirm_or_refuse(q, yes),
        )


def destroy(stack: Optional[str], stacks_dir: Optional[Path], yes: bool, force: bool, expired: bool, fmt: Any) -> None:
    """Destroy a stack (or every expired test stack) and remove it from the backend."""
    from llmkit.core.errors import UserError
    from llmkit.lifecycle.automation import Lifecycle

    from llmkit.stacks import STACKS_DIR, check_stack_name

    if bool(stack) == bool(expired):
        raise UserError("pass either --stack NAME or --expired")
    if stack:
        check_stack_name(stack)
    life = Lifecycle.from_environment(stacks_dir or STACKS_DIR)
    with _cli_failures():
        if expired:
            life.destroy_expired(yes=yes, confirm=lambda q: confirm_or_refuse(q, yes), fmt=fmt)
        else:
            life.destroy(stack or "", force=force, confirm=lambda q: confirm_or_refuse(q, yes))


def _provider(cloud: str, regions: List[str], wait_seconds: float) -> Any:
    """The cloud's sweep, from the factory its descriptor names (imported only now)."""
    factory = resolve(CLOUDS[cloud].sweep or "")
    return factory(regions, wait_seconds)


def sweep(cloud: str, stack: Optional[str], owner: Optional[str], expired: bool, older_than: Optional[str], delete: bool,
          yes: bool, account: List[str], region: List[str], wait_seconds: float, fmt: Any) -> None:
    """Find what the kit left running (llmkit-managed=true only), price it, and delete it safely.

    Dry run unless --delete. Exit 1 when something could not be deleted (the report says why;
    running it again is safe).
    """
    from llmkit.core.errors import UserError
    from llmkit.lifecycle.ttl import parse_duration
    from llmkit.output import OutputFormat
    from llmkit.sweep import base
    from llmkit.sweep.report import emit_report, emit_report_safely

    cloud = cloud.lower()
    if cloud not in SWEEPABLE:
        raise UserError(f"--cloud must be one of {', '.join(SWEEPABLE)}")
    flt = base.Filter(
        stack=stack, owner=owner, expired=expired, older_than=parse_duration(older_than) if older_than else None
    )
    provider = _provider(cloud, region, wait_seconds)
    who = provider.identity()
    from llmkit.core.safetext import clean

    _say(f"acting as: {clean(str(who[1]))}")  # before anything is listed or deleted
    report = base.plan(provider, flt, identity=who)
    if delete:
        base.check_allowed(report.account, base.allowed_accounts(account), cloud)
        deletable = [r for r in report.resources if r.action == "delete"]
        if deletable and not yes:
            if fmt is OutputFormat.table:
                emit_report(report, fmt, flt)
            t = base.totals(deletable)
            confirm_or_refuse(
                f"Delete these {len(deletable)} resources in {report.account} (about ${t['hourly']:.2f}/hour)?", yes
            )
        def progress(item: Any, n: int, total: int) -> None:
            """Each deletion as it happens, not only at the end: a sweep waiting on NAT gateways
            and load balancers takes minutes. Names come from the cloud: shown as plain text."""
            from llmkit.core.safetext import clean

            _say(clean(f"[{n}/{total}] {item.action}: {item.type} {item.id}"))

        try:
            base.execute(provider, report, on_item=progress)
        finally:
            # The audit trail of what was deleted is printed whatever happens next: an
            # interrupt or a fault mid-sweep still leaves the report of the deletions so far.
            emit_report_safely(report, fmt, flt)
    else:
        emit_report_safely(report, fmt, flt)
    if report.failed:
        raise SystemExit(1)


YES = Opt(("--yes", "-y"), "Do not ask for confirmation.", kind="flag")
SWEEP_HELP = "Find what the kit left running (llmkit-managed=true only), price it, and delete it safely."


def register(subparsers: Any) -> None:
    """Add ``up``, ``destroy`` and ``sweep`` to the root parser."""
    command(subparsers, "up", up, (
        STACK_OPTION, STACKS_DIR_OPTION,
        Opt(("--budget",), "Refuse (exit 3) if the monthly cost would exceed this many USD."),
        YES,
        Opt(("--ttl",), "Deploy an expiring test copy NAME-test-<id> that lives this long (90m, 4h, 2d)."),
        Opt(("--pricing",), "Price the preview as on-demand, spot, reserved-1y or reserved-3y (default: the stack's llmkit:pricing)."),
    ), help="Price the preview, enforce the budget, confirm, then deploy with live progress.")
    command(subparsers, "destroy", destroy, (
        Opt(("--stack", "-s"), "Stack to destroy and remove (its protect setting is also read from Pulumi.<NAME>.yaml in --stacks-dir)."),
        STACKS_DIR_OPTION, YES,
        Opt(("--force",), "Destroy even a stack with llmkit:protect set.", kind="flag"),
        Opt(("--expired",), "Destroy every expired test stack (NAME-test-<id>) in the backend.", kind="flag"),
        FORMAT_OPTION,
    ), help="Destroy a stack (or every expired test stack) and remove it from the backend.")
    command(subparsers, "sweep", sweep, (
        Opt(("--cloud",), "aws, azure or gcp.", required=True),
        Opt(("--stack",), "Only this stack's resources (llmkit-stack label)."),
        Opt(("--owner",), "Only this owner's resources (llmkit-owner label)."),
        Opt(("--expired",), "Only resources whose llmkit-expires-at has passed.", kind="flag"),
        Opt(("--older-than",), "Only resources created longer ago than this (90m, 4h, 2d, 1w)."),
        Opt(("--delete",), "Delete them (default is a dry run that only lists).", kind="flag"),
        Opt(("--yes", "-y"), "Do not ask for confirmation before deleting.", kind="flag"),
        Opt(("--account",), "Account / subscription / project allowed to be swept (repeatable); else LLMKIT_SWEEP_ALLOWED_ACCOUNTS.", kind="append"),
        Opt(("--region",), "Region to sweep (repeatable; default: the SDK's configured region).", kind="append"),
        Opt(("--wait-seconds",), "How long to keep retrying a deletion blocked by a dependency that is still being released.", default=120.0, type=float),
        FORMAT_OPTION,
    ), help=SWEEP_HELP, description=SWEEP_HELP + "\n\nDry run unless --delete. Exit 1 when something could not be deleted (the report says why; running it again is safe).")

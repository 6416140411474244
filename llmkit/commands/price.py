"""CLI commands ``price`` (any preview document) and ``preview`` (a kit stack, offline or
through the Pulumi engine).

Both feed the one reader (llmkit.pricing.preview.plan) and print the same report; guardrails
(--budget, --max-increase, --max-increase-pct) are checked AFTER the report is printed, so a
breach still shows why (exit 3, one line). Heavy imports stay inside the functions.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

from llmkit.commands._common import FORMAT_OPTION, OFFLINE_OPTION, parse_money, parse_percent, use_live_prices
from llmkit.commands._parser import Opt, command, path

PRICING_HELP = "Pricing model for compute: on-demand, spot, reserved-1y or reserved-3y."
PRETTY_LIMIT = 500


def _read_source(source: str) -> bytes | str:
    from llmkit.core.errors import UserError
    from llmkit.core.files import read_bounded
    from llmkit.pricing.preview.plan import MAX_DOCUMENT_BYTES

    limit = MAX_DOCUMENT_BYTES
    if source == "-":
        stream: Any = getattr(sys.stdin, "buffer", sys.stdin)
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise UserError(f"preview document is too large (limit {limit // (1024 * 1024)} MiB)")
        return data
    return read_bounded(Path(source), "preview document", limit)


def _load_baseline(path: Path) -> Any:
    """The ``--compare-to`` document, read through its boundary (shape, money, size checked)."""
    from llmkit.core.files import read_bounded
    from llmkit.pricing.preview.baseline_check import MAX_BASELINE_BYTES, parse_baseline

    return parse_baseline(read_bounded(path, "--compare-to file", MAX_BASELINE_BYTES))


def report(
    doc: Any,
    *,
    fmt: Any,
    pricing: str,
    usage: Optional[Path],
    sync_usage: Optional[Path],
    show_skipped: bool,
    diff: bool,
    compare_to: Optional[Path],
    budget: Optional[str],
    max_increase: Optional[str],
    max_increase_pct: Optional[str],
    offline: bool = False,
    command: str = "price",
    path: str = "",
) -> None:
    """Price a document (the shared use case ``llmkit.usecases.price``), print it in ``fmt``,
    then enforce the guardrails: after the report, so a breach still shows why. ``command`` and
    ``path`` (the document or stack file) go into the JSON's metadata, as Infracost's do. The
    caller turns on live prices (``offline`` applies there) before it plans or reads, so that a
    preview's sizing and its report share one price source: an API found down is tried once."""
    import gc

    # A parsed preview is a million small objects that all live until exit; the cyclic GC would
    # rescan them on every allocation burst (a third of the run on a 5,000-resource preview).
    # Nothing here builds reference cycles worth collecting in a one-shot command.
    gc.disable()
    from llmkit.output import OutputFormat
    from llmkit.usecases.price import Limits, enforce, price_document

    limits = Limits(
        parse_money(budget, "--budget"),
        parse_money(max_increase, "--max-increase"),
        parse_percent(max_increase_pct, "--max-increase-pct"),
    )
    saved = _load_baseline(compare_to) if compare_to else None
    priced = price_document(doc, pricing=pricing, usage=usage, sync_usage=sync_usage, saved=saved)
    if priced.synced is not None:
        sys.stderr.write(f"wrote usage keys for {priced.synced} resource(s) to {sync_usage}\n")
    breakdown = priced.breakdown
    if fmt is OutputFormat.json:
        _write_json(breakdown, run_info(command, path))
    else:
        _render(fmt, breakdown, limits.budget, diff=diff, show_skipped=show_skipped)
    sys.stdout.flush()
    enforce(breakdown, limits)


def _render(fmt: Any, breakdown: Any, budget: Any, *, diff: bool, show_skipped: bool) -> None:
    """The report as tables, Markdown or HTML (the renderers load here: JSON needs none)."""
    from llmkit.output import OutputFormat, emit
    from llmkit.views import preview as views

    if fmt is OutputFormat.markdown:
        sys.stdout.write(views.pr_comment_markdown(breakdown, budget=budget, diff_only=diff, show_skipped=show_skipped))
        return
    tables = views.tables(breakdown, show_skipped=show_skipped)
    if diff:
        tables = views.pr_comment(breakdown, diff_only=True, show_skipped=show_skipped)
    figures = views.html_figures(breakdown) if fmt is OutputFormat.html else []
    emit(fmt, None, tables, title="llmkit cost estimate", figures=figures)


# Infracost's VCS metadata fields, from the variables GitHub Actions sets (empty elsewhere).
GITHUB_VCS = {
    "vcsBranch": "GITHUB_HEAD_REF",
    "vcsCommitSha": "GITHUB_SHA",
    "vcsBaseBranch": "GITHUB_BASE_REF",
    "vcsPipelineRunId": "GITHUB_RUN_ID",
}


def run_info(command: str, path: str, env: Optional[dict[str, str]] = None) -> Any:
    """The run's facts for the JSON: command, source path, VCS fields from a CI's environment,
    and the time (SOURCE_DATE_EPOCH, the reproducible-builds convention, when set)."""
    import datetime as dt
    import os

    from llmkit.core.errors import UserError
    from llmkit.pricing.preview.infracost import RunInfo

    env = dict(os.environ) if env is None else env
    vcs = {field: env[var] for field, var in GITHUB_VCS.items() if env.get(var)}
    if env.get("GITHUB_REPOSITORY"):
        vcs["vcsRepositoryUrl"] = f"{env.get('GITHUB_SERVER_URL') or 'https://github.com'}/{env['GITHUB_REPOSITORY']}"
        vcs["vcsProvider"] = "github"
    when = None
    if env.get("SOURCE_DATE_EPOCH"):
        try:
            stamp = dt.datetime.fromtimestamp(int(env["SOURCE_DATE_EPOCH"]), dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise UserError("SOURCE_DATE_EPOCH must be whole seconds since 1970") from None
        when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    return RunInfo(command=f"llmkit {command}", path=path, vcs=vcs, time_generated=when)


def _write_json(breakdown: Any, run: Any) -> None:
    """Infracost JSON: indented for people up to PRETTY_LIMIT resources; beyond that compact,
    built by ``llmkit.pricing.preview.infracost.compact_parts`` (the same text as ``json.dumps`` of the dict,
    about twice as fast on big plans) and written piece by piece."""
    import json

    from llmkit.core.safetext import json_safe

    if len(breakdown.resources) <= PRETTY_LIMIT:
        from llmkit.pricing.preview.infracost import to_json

        sys.stdout.write(json_safe(json.dumps(to_json(breakdown, run), indent=2, ensure_ascii=False)) + "\n")
        return
    from llmkit.pricing.preview.infracost import compact_parts

    sys.stdout.writelines(json_safe(part) for part in compact_parts(breakdown, run))
    sys.stdout.write("\n")


# Options shared by `price` and `preview` (one definition, the same help everywhere).
REPORT_OPTIONS = (
    FORMAT_OPTION,
    Opt(("--usage",), "YAML usage file for usage-based costs.", type=path, metavar="PATH"),
    Opt(("--sync-usage",), "Write the usage keys this plan needs (defaults filled in) to FILE, then price with it.", type=path, metavar="PATH"),
    Opt(("--show-skipped",), "List free, usage-based, unknown-input and unsupported resources.", kind="flag"),
    Opt(("--diff",), "Show only what changed (PR comment style).", kind="flag"),
    Opt(("--compare-to",), "Diff against a saved `--format json` output.", type=path, metavar="PATH"),
    Opt(("--budget",), "Fail (exit 3) when the monthly total is above USD."),
    Opt(("--max-increase",), "Fail (exit 3) when the monthly increase is above USD."),
    Opt(("--max-increase-pct",), "Fail (exit 3) when the monthly increase is above P percent."),
    OFFLINE_OPTION,
)


def _warn_about_exposure(config: Any) -> None:
    """A public plain-HTTP endpoint is allowed only when asked for, and said out loud (stderr);
    a regulated-data stack asking for one exits 2 (UserError) before anything is planned."""
    from llmkit.components.spec import endpoint_exposure

    _, warning = endpoint_exposure(config)
    if warning:
        sys.stderr.write(f"{warning}\n")


def register(subparsers: Any) -> None:
    """Add ``price`` and ``preview`` to the root parser."""
    from llmkit.commands._stack_options import STACK_OPTION, STACKS_DIR_OPTION

    command(subparsers, "price", price, (
        Opt(("source",), "A `pulumi preview --json` document, or - for stdin.", kind="positional", metavar="FILE|-"),
        Opt(("--pricing",), PRICING_HELP, default="on-demand"),
        *REPORT_OPTIONS,
    ), help="Price any Pulumi preview: every op, every resource in a bucket, nothing unknown shown as $0.")
    command(subparsers, "preview", preview, (
        STACK_OPTION, STACKS_DIR_OPTION,
        Opt(("--engine",), "Use the Pulumi engine (Automation API; needs the pulumi CLI) instead of the offline plan.", kind="flag"),
        Opt(("--pricing",), PRICING_HELP + " Default: the stack's llmkit:pricing."),
        *REPORT_OPTIONS,
    ), help="Price a kit stack before deploy: offline under mocks (no credentials, no CLI), or with --engine.")


def price(source: str, **options: Any) -> None:
    """Price a preview document from a file or stdin."""
    use_live_prices(options["offline"])
    report(_read_source(source), **options, command="price", path="" if source == "-" else source)


def preview(stack: str, stacks_dir: Optional[Path], engine: bool, pricing: Optional[str], **options: Any) -> None:
    """Plan a kit stack (offline, or through the engine) and price it."""
    from llmkit.stacks import STACKS_DIR, load_stack_config

    folder = stacks_dir or STACKS_DIR
    cfg = load_stack_config(stack, folder)  # a bad or unknown name exits 2 here, before any spinner
    _warn_about_exposure(cfg.config)  # before anything is planned: regulated + public HTTP exits 2
    use_live_prices(options["offline"])  # sizing the stack's fleet may need prices before the report does
    from llmkit.commands.plan import warn_plain_secrets

    warn_plain_secrets(stack, folder)
    # Planning takes seconds (a provider SDK import, the program under mocks or the engine):
    # a spinner on stderr, only when stderr is a terminal (never in pipes, CI or tests).
    from llmkit.commands.plan import progress

    if engine:
        with progress(f"Previewing stack {stack} through the Pulumi engine"):
            from llmkit.lifecycle.engine_preview import engine_document

            doc = engine_document(stack, folder)
    else:
        with progress(f"Planning stack {stack} offline (Pulumi SDK mocks)"):
            from llmkit.offline_plan import plan_stack

            doc = plan_stack(stack, stacks_dir=folder)
    options["pricing"] = pricing or cfg.get("pricing") or "on-demand"
    report(doc, **options, command="preview", path=f"stacks/Pulumi.{stack}.yaml")

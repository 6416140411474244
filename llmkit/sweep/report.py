"""Rendering a sweep report in the four output formats (``llmkit.output``)."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from llmkit.core.safetext import clean

from llmkit.output import OutputFormat, Table, emit, money
from llmkit.sweep.base import Filter, SweepReport, totals


def _cost(value: Any) -> str:
    return "unknown" if value is None else money(value, 4)


def tables(report: SweepReport, flt: Filter) -> list[Table]:
    t = totals(report.resources)
    rows = [
        (r.type, r.id, r.region, r.stack or "-", r.report()["expires_at"] or "-", _cost(r.hourly_cost), r.action)
        for r in report.resources
    ]
    notes = [
        f"account: {report.identity}",
        f"filter: {flt.describe()}",
        f"running cost of these: {money(t['hourly'], 4)}/hour, {money(t['daily'])}/day"
        + (f" plus {t['unknown_cost_count']} with unknown cost (not counted)" if t["unknown_cost_count"] else ""),
    ]
    if report.dry_run:
        notes.append(
            f"dry run: nothing deleted; rerun with --delete to delete the {sum(r.action == 'delete' for r in report.resources)} marked delete"
        )
    else:
        notes.append(f"deleted {len(report.deleted)}, already gone {len(report.vanished)}, failed {len(report.failed)}")
    out = [
        Table(
            title="llmkit leftovers" + (" (dry run)" if report.dry_run else ""),
            columns=("Type", "ID", "Region", "Stack", "Expires (UTC)", "Cost/hour", "Action"),
            rows=rows,
            notes=notes,
            right_align=(5,),
        )
    ]
    if report.failed:
        out.append(
            Table(
                title="Could not delete (safe to rerun)",
                columns=("Type", "ID", "Reason"),
                rows=[(f["type"], f["id"], f["reason"]) for f in report.failed],
            )
        )
    return out


def emit_report(report: SweepReport, fmt: OutputFormat, flt: Filter) -> None:
    emit(fmt, report.to_json(), tables(report, flt), title="llmkit sweep")


def emit_report_safely(report: SweepReport, fmt: OutputFormat, flt: Filter, stream: TextIO | None = None) -> None:
    """The report in ``fmt``; if rendering itself fails, a plain line per deletion and failure
    so the audit trail is never lost, then the rendering error is raised.

    WHY: the sweep deletes before it reports. A report that crashes after deletions (a tag
    rich once read as markup) used to leave no record of what was deleted."""
    stream = stream or sys.stdout
    try:
        emit(fmt, report.to_json(), tables(report, flt), title="llmkit sweep", stream=stream)
    except Exception:
        lines = [f"deleted: {clean(str(i))}" for i in report.deleted]
        lines += [f"already gone: {clean(str(i))}" for i in report.vanished]
        lines += [f"failed: {clean(str(f.get('type')))} {clean(str(f.get('id')))}: {clean(str(f.get('reason')))}" for f in report.failed]
        stream.write("llmkit sweep report (plain: the formatted report failed)\n" + "".join(f"{line}\n" for line in lines))
        stream.flush()
        raise
    stream.flush()

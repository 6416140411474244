"""What ``llmkit report`` shows, as JSON-ready data: the comparison over users (the same data
as ``compare --format json``, from the same use case), and at one user count per approach its
monthly components with the min-max range of autoscaled GPU groups, TCO over 1 and 3 years
on-demand, reserved and spot, and the source of every price used. Nothing here renders:
``llmkit.views.report`` draws it."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any, Optional, Sequence

# (label, pricing model for 1 year, for 3 years): reserved means the term that matches the horizon
TCO_PLANS = (("on-demand", "on-demand", "on-demand"), ("reserved", "reserved-1y", "reserved-3y"), ("spot", "spot", "spot"))
GPU_COMPONENT = "gpu_instances"


def replica_range(e: Any) -> Optional[dict[str, Any]]:
    """Monthly total at the GPU group's min and max size (the estimate is at its desired size);
    None for an approach without an autoscaled GPU group."""
    cap = e.details.get("capacity") or {}
    lo_n, want, hi_n = cap.get("min_replicas"), cap.get("desired_replicas"), cap.get("max_replicas")
    gpu = next((c for c in e.components if c.name == GPU_COMPONENT and c.monthly is not None), None)
    if not (lo_n and want and hi_n) or gpu is None:
        return None
    per_replica = gpu.monthly / want
    base = e.monthly_total - gpu.monthly * (1 - e.total_discount)
    scale = 1 - e.total_discount
    return {
        "min_replicas": lo_n, "desired_replicas": want, "max_replicas": hi_n,
        "monthly_min": base + per_replica * lo_n * scale, "monthly_max": base + per_replica * hi_n * scale,
    }


def approach_detail(spec: Any, req: Any, users: int, at: Any) -> dict[str, Any]:
    """One approach at ``users``: components, range, TCO by pricing plan (``at``: its cached
    cost function under the request's own pricing)."""
    from llmkit.pricing.model import framework
    from llmkit.pricing.model.costs import q

    e = at(users)
    workload = req.workload.scaled(users)
    tco: dict[str, Optional[Decimal]] = {}
    for label, one, three in TCO_PLANS:
        for years, pricing in ((1, one), (3, three)):
            est = e if pricing == req.pricing else framework.estimate(spec, dataclasses.replace(req, pricing=pricing, workload=workload))
            tco[f"{label}_{years}y"] = q(est.tco(years)) if not est.unknown else None
    rng = replica_range(e)
    return {
        "approach": spec.name, "label": e.label, "users": users, "pricing": e.pricing,
        "monthly_total": q(e.monthly_total),
        "components": [{"name": c.name, "monthly": q(c.monthly) if c.monthly is not None else None,
                        "category": c.category, "source": c.source, "detail": c.detail} for c in e.components],
        "unknown_components": e.unknown,
        "replica_range": None if rng is None else {k: (q(v) if isinstance(v, Decimal) else v) for k, v in rng.items()},
        "tco": tco,
    }


def sources(details: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every price source used, once, with the components that use it (sorted: stable output)."""
    used: dict[str, set[str]] = {}
    for d in details:
        for c in d["components"]:
            used.setdefault(c["source"], set()).add(f"{d['approach']}: {c['name']}")
    return [{"source": s, "used_by": sorted(v)} for s, v in sorted(used.items())]


def build(comparison: Any, focus_users: int) -> dict[str, Any]:
    """The report's data from a ``usecases.framework.compare`` result (its cached cost functions
    price the focus user count)."""
    req = comparison.request
    details = [approach_detail(s, req, focus_users, comparison.fns[s.name]) for s in comparison.specs]
    return {
        "compare": comparison.data(),
        "focus_users": focus_users,
        "cloud": req.cloud,
        "pricing": req.pricing,
        "approaches": details,
        "sources": sources(details),
    }

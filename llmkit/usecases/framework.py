"""The use cases behind ``llmkit estimate``, ``compare`` and ``capacity``: options in, results out.

Each function takes already-parsed option values, validates the combinations (one-line
UserError, exit 2), runs the guide's cost framework (``llmkit.pricing.model``) and returns plain
data: the JSON document the command prints, plus what its views need. Nothing here renders;
``llmkit.views.framework`` turns the results into tables.
"""

from __future__ import annotations

import functools
from typing import Any, Mapping, Optional

from llmkit.core import records
from llmkit.core.records import record
from llmkit.core.errors import UnknownName, UserError
from llmkit.usecases.request import build_request, count_option

GPU_ONLY = "GPU options (--dtype, --gpu, --instance-type, --replicas, --local-share, --no-batching) do not apply to --approach api"


@record(frozen=False)
class EstimateResult:
    """One approach's estimate, its levers and (with --scenario) the scenario and decision tree."""

    estimate: Any
    levers: list[Any]
    request: Any
    scenario: Optional[dict[str, Any]] = None
    tree: Any = None
    spec: Any = None  # the ApproachSpec estimated (its charts re-price it on other plans)

    @functools.cached_property
    def provenance(self) -> Any:
        """The sources and dates of the prices this estimate uses (stale ones warned about)."""
        from llmkit.pricing.provenance import components_provenance

        return components_provenance(self.estimate.components)

    def data(self) -> dict[str, Any]:
        """The JSON document of ``llmkit estimate``."""
        extra = {"scenario": self.scenario} if self.scenario is not None else {}
        return {**self.estimate.to_dict(), "profile": self.request.profile,
                "levers": [records.asdict(lv) for lv in self.levers], **extra,
                "provenance": self.provenance.to_json()}


def estimate(
    *, approach: Optional[str], model: Optional[str], api_model: Optional[str], tiers: Optional[str],
    scenario: Optional[str], options: Mapping[str, Any],
) -> EstimateResult:
    """One approach for a workload; ``--scenario`` fills users, approach and models from the guide.

    ``options`` are ``build_request``'s keyword arguments (workload, cloud, pricing, GPU and
    operations options).
    """
    from llmkit.pricing.model import framework

    options = dict(options)
    scenario_data: Optional[dict[str, Any]] = None
    tree = None
    if scenario is not None:
        from llmkit.pricing.model.decision import decision_tree
        from llmkit.pricing.model.scenarios import scenario as get_scenario

        sc = get_scenario(scenario)
        if options.get("users") is not None:
            raise UserError("--scenario sets the users; drop --users (or drop --scenario)")
        if approach is not None and approach != sc.approach:
            raise UserError(f"--scenario {sc.name} recommends {sc.approach}; drop --approach to use it")
        approach = sc.approach
        options["users"] = sc.users
        if model is None:
            model = sc.model
        if api_model is None and sc.api_model:
            api_model = sc.api_model
        if options.get("app_tier") is None:
            options["app_tier"] = sc.app_tier
        tree = decision_tree(sc.decision_inputs())
        scenario_data = {
            "name": sc.name, "title": sc.title, "guide_monthly": sc.guide_monthly,
            "guide_recommendation": f"{sc.approach} {sc.model}" + (f" + {sc.api_model}" if sc.api_model else ""),
            "guide_models": sc.guide_models,
            "guide_rationale": sc.guide_rationale, "budget_monthly": sc.budget_monthly,
            "decision_tree": {"recommendation": tree.recommendation, "reasons": list(tree.reasons)},
        }
    if approach is None:
        raise UserError("give --approach api|self-hosted|hybrid (or --scenario)")
    if approach not in framework.APPROACHES:
        raise UnknownName("approach", approach, framework.APPROACHES)
    if tiers is not None and approach != "hybrid":
        raise UserError("--tiers is for --approach hybrid")
    gpu_options = ("dtype", "gpu", "instance_type", "replicas", "local_share", "no_batching")
    if approach == "api" and any(options.get(k) for k in gpu_options):
        raise UserError(GPU_ONLY)
    req = build_request(**options)
    if tiers is not None:
        from llmkit.pricing.model.hybrid import GUIDE_TIERS, parse_tiers

        spec = framework.ApproachSpec("hybrid", "tiers", tiers=GUIDE_TIERS if tiers == "guide" else tuple(parse_tiers(tiers)))
    elif approach == "api":
        spec = framework.ApproachSpec("api", model or framework.DEFAULT_API_MODEL)
    elif approach == "self-hosted":
        spec = framework.ApproachSpec("self-hosted", model or framework.DEFAULT_LOCAL_MODEL)
    else:
        spec = framework.ApproachSpec("hybrid", model or framework.DEFAULT_LOCAL_MODEL, api_model or framework.DEFAULT_API_MODEL)
    e = framework.estimate(spec, req)
    levers = framework.lever_effects(spec, req, e)
    if scenario_data is not None:
        scenario_data["within_budget"] = e.monthly_total <= scenario_data["budget_monthly"]
    return EstimateResult(e, levers, req, scenario_data, tree, spec)


@record(frozen=False)
class CompareResult:
    """Every approach over user counts: the scaling rows, break-evens and recommendations."""

    request: Any
    users: list[int]
    names: list[str]
    rows: list[Any]
    by_users: dict[int, list[Any]]
    breaks: list[Any]
    quality_scores: dict[str, Optional[int]]
    per_users: list[dict[str, Any]]
    matrix: Any
    specs: list[Any] = records.field(default_factory=list)  # the approaches, in order
    fns: dict[str, Any] = records.field(default_factory=dict)  # approach -> its cached cost function

    @functools.cached_property
    def provenance(self) -> Any:
        """The sources and dates of the prices every approach uses (the same at every user
        count: users change quantities, not prices)."""
        from llmkit.pricing.provenance import components_provenance

        first = self.users[0]
        return components_provenance(c for fn in self.fns.values() for c in fn(first).components)

    def data(self) -> dict[str, Any]:
        """The JSON document of ``llmkit compare``."""
        from llmkit.pricing.model.costs import q

        m = self.matrix
        return {
            "profile": self.request.profile, "currency": "USD", "approaches": list(self.names),
            "rows": [_row_json(r, self.quality_scores[r.approach], q) for r in self.rows],
            "break_even": [records.asdict(b) for b in self.breaks],
            "recommendation": {"by_users": self.per_users, "scoring_matrix": {
                "open_source": m.open_source, "api": m.api, "recommendation": m.recommendation,
                "weights": m.weights, "reasons": list(m.reasons)}},
            "provenance": self.provenance.to_json(),
        }


def _row_json(r: Any, quality: Optional[int], q: Any) -> dict[str, Any]:
    return {
        "users": r.users, "approach": r.approach, "label": r.label, "monthly_queries": r.monthly_queries,
        "monthly_total": q(r.monthly_total), "annual_total": q(r.annual_total), "tco_3y": q(r.tco_3y),
        "cost_per_query": q(r.cost_per_query, 6), "gpu_instances": r.gpu_instances, "quality_score": quality,
        "per_quality_point": q(r.annual_total / quality) if quality else None,
    }


def compare(
    *, users: str, approaches: Optional[str], weights: Optional[str], privacy_critical: bool, timeline_months: int,
    quality: str, team: str, budget_level: str, options: Mapping[str, Any],
) -> CompareResult:
    """The scaling table, solved break-evens, and per user count the cheapest approach, the best
    value per quality point and the decision tree's answer."""
    from llmkit.pricing.model import framework
    from llmkit.pricing.model.analysis import all_break_evens, scaling_table
    from llmkit.pricing.model.costs import q
    from llmkit.pricing.model.decision import DecisionInputs, decision_tree, parse_weights, scoring_matrix

    user_list = framework.parse_users(users)
    specs = framework.approaches_for(approaches.split(",") if approaches else framework.DEFAULT_COMPARE)
    req = build_request(users=None, **options)
    matrix = scoring_matrix(parse_weights(weights) if weights else None)
    fns = {s.name: framework.cost_function(s, req) for s in specs}
    rows = scaling_table(fns, user_list)
    breaks = all_break_evens(fns)
    by_users: dict[int, list[Any]] = {}
    for r in rows:
        by_users.setdefault(r.users, []).append(r)
    quality_scores = {name: fn(user_list[0]).quality_score for name, fn in fns.items()}
    per_users = []
    for u, rs in by_users.items():
        cheapest = min(rs, key=lambda r: r.monthly_total)
        scored = [r for r in rs if quality_scores[r.approach]]
        value = min(scored, key=lambda r: r.monthly_total / quality_scores[r.approach]) if scored else None
        tree = decision_tree(DecisionInputs(privacy_critical, req.workload.scaled(u).monthly_queries,
                                            timeline_months, quality, team, budget_level))
        per_users.append({"users": u, "cheapest": cheapest.approach, "cheapest_monthly": q(cheapest.monthly_total),
                          "best_value": value.approach if value else None,
                          "decision_tree": tree.recommendation, "decision_tree_reasons": list(tree.reasons)})
    return CompareResult(req, user_list, list(fns), rows, by_users, breaks, quality_scores, per_users, matrix,
                         list(specs), fns)


@record(frozen=False)
class CapacityResult:
    """``mode`` fleet (a workload sized into GPU instances) or replica (one model on GPUs)."""

    mode: str
    data: dict[str, Any]
    model: Any
    gpu: Any = None
    perf: Any = None
    helps: list[str] = records.field(default_factory=list)


def capacity(
    *, model: str, gpu: Optional[str], gpus: int, dtype: Optional[str], concurrency: Optional[int],
    users: Optional[int], instance_type: Optional[str], options: Mapping[str, Any],
) -> CapacityResult:
    """Fit and speed of a model on a GPU, or (with ``users``) the GPU fleet a workload needs."""
    from llmkit.pricing.catalog import load_catalog
    from llmkit.pricing.model import capacity as cap

    cat = load_catalog()
    m = cat.open_model(model)
    if users is None and gpu is None:
        raise UserError("give --gpu (fit and speed on a GPU) or --users (fleet for a workload)")
    count_option(concurrency, "--concurrency", 100_000)
    count_option(options["input_tokens"], "--input-tokens", 10_000_000)
    count_option(options["output_tokens"], "--output-tokens", 10_000_000)
    if users is not None:
        if concurrency is not None or gpus != 1:
            raise UserError("--concurrency and --gpus are for --gpu mode; with --users the fleet is sized for you")
        req = build_request(users=users, context=None, profile="default", **options)
        cloud, region, pricing = options["cloud"], options["region"], options["pricing"]
        reg = region or cat.default_region(cloud)
        s = cap.size_gpu_fleet(req.workload, m.id, cloud, reg, dtype=dtype, gpu=gpu, instance_type=instance_type,
                               pricing=pricing, catalog=cat)
        data = {
            "mode": "fleet", "model": m.id, "cloud": cloud, "region": reg, "users": users,
            "instance_type": s.instance_type, "accelerator_type": s.accelerator_type, "gpu": s.gpu,
            "gpus_per_instance": s.gpus_per_instance, "tensor_parallel": s.tensor_parallel, "dtype": s.dtype,
            "max_model_len": s.max_model_len, "replicas_needed": s.replicas_needed, "min_replicas": s.min_replicas,
            "desired_replicas": s.desired_replicas, "max_replicas": s.max_replicas, "total_gpus": s.total_gpus,
            "pricing": s.pricing, "hourly_per_instance": s.hourly_per_instance, "monthly_instances": s.monthly_instances,
            "replica_output_tokens_per_s": round(s.replica_tokens_per_s, 1),
            "replica_concurrency": s.replica_concurrency,
            "peak_output_tokens_per_s": round(s.peak_output_tokens_per_s, 2),
            "target_utilisation": s.target_utilisation, "price_source": s.price_source,
        }
        return CapacityResult("fleet", data, m)
    assert gpu is not None
    g = cat.gpu(gpu)
    if gpus < 1 or gpus > 16:
        raise UserError("--gpus must be between 1 and 16")
    prompt = options["input_tokens"] if options["input_tokens"] is not None else 500
    out_t = options["output_tokens"] if options["output_tokens"] is not None else 300
    perf = cap.capacity_report(m, g, gpus, dtype, concurrency, prompt, out_t)
    helps = _what_helps(cap, m, g, gpus, perf, prompt, out_t, concurrency)
    data = {
        "mode": "replica", "model": m.id, "gpu": g.name, "gpus": gpus, "dtype": perf.dtype, "fits": perf.fits,
        "weights_gb": round(perf.weights_gb, 2), "usable_gb": round(perf.usable_gb, 2),
        "kv_cache_gb": round(perf.kv_cache_gb, 2), "kv_bytes_per_token": int(perf.kv_bytes_per_token),
        "kv_capacity_tokens": perf.kv_capacity_tokens, "context_tokens_per_sequence": perf.context_tokens_per_sequence,
        "max_model_len": perf.max_model_len, "max_concurrency": perf.max_concurrency,
        "concurrency": perf.concurrency, "output_tokens_per_s": round(perf.output_tokens_per_s, 1),
        "tokens_per_s_per_sequence": round(perf.tokens_per_s_per_sequence, 1), "bound": perf.bound,
        "reason": perf.reason or None, "what_helps": helps,
    }
    return CapacityResult("replica", data, m, g, perf, helps)


def _what_helps(
    cap: Any, m: Any, g: Any, gpus: int, perf: Any, prompt: int, out_t: int, concurrency: Optional[int],
) -> list[str]:
    """Alternatives that fit (smaller dtype, more GPUs), or what limits throughput."""
    hints: list[str] = []
    if not perf.fits and perf.max_concurrency:
        hints.append(f"--concurrency {perf.max_concurrency} or less (what the KV cache holds)")
    if not perf.fits:
        for d in cap.dtype_candidates(g):
            if d != perf.dtype and cap.replica_performance(m, g, gpus, d, concurrency=concurrency, prompt_tokens=prompt,
                                                            output_tokens=out_t).fits:
                hints.append(f"--dtype {d} fits on {gpus} x {g.name}")
                break
        for n in (2, 4, 8):
            if n > gpus and cap.replica_performance(m, g, n, cap.sixteen_bit(g), concurrency=concurrency,
                                                    prompt_tokens=prompt, output_tokens=out_t).fits:
                hints.append(f"--gpus {n} fits in {cap.sixteen_bit(g)}")
                break
        if not hints:
            hints.append("a GPU with more memory")
        return hints
    if perf.bound == "memory":
        hints.append("memory-bandwidth bound: more concurrency (batching), a smaller dtype or a faster-memory GPU")
    elif perf.bound == "compute":
        hints.append("compute bound: more batching will not help; a faster GPU or more replicas will")
    else:
        hints.append("per-sequence overhead dominates: fewer concurrent sequences per replica")
    if perf.concurrency < perf.max_concurrency:
        hints.append(f"KV cache holds {perf.max_concurrency} sequences; running fewer keeps each >= 20 tok/s")
    return hints

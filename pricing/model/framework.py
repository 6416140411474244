"""One request, every cost model: what ``llmkit estimate`` and ``compare`` call.

Why here and not in the CLI: the same request builds the single estimate, the per-user cost
functions of the scaling table and break-even, and the levers' what-ifs; keeping it in pricing/
makes it testable without a command line. Approaches are written ``api:gpt-4``,
``self-hosted:mistral-7b``, ``hybrid:mistral-7b+gpt-4`` or ``tiers`` (model-tier routing).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Optional, Sequence

from llmkit.core import records
from llmkit.core.records import record
from llmkit.core.errors import UnknownName, UserError
from llmkit.pricing.model.app_tier import AppTier
from llmkit.pricing.model.costs import Estimate, Operations
from llmkit.pricing.model.stack_config import DEFAULT_LOCAL_SHARE
from llmkit.pricing.model.workload import Workload

if TYPE_CHECKING:
    from llmkit.pricing.model.analysis import CostFunction
    from llmkit.pricing.model.hybrid import Tier
    from llmkit.pricing.model.selfhosted import SelfHostedOptions

# Each cost model (api, self-hosted, hybrid, the guide's profiles, the analysis) is imported by
# the function that runs it: a command estimates one approach, and importing the others cost a
# self-hosted estimate ~4 ms of its ~65 ms start-up budget (issue 10, docs/performance.md).

APPROACHES = ("api", "self-hosted", "hybrid")
DEFAULT_API_MODEL = "gpt-4"  # the guide's worked example
DEFAULT_LOCAL_MODEL = "mistral-7b"  # the guide's 7B
# The guide's comparison (sections 1 and 6): GPT-4, GPT-3.5-Turbo, a self-hosted 7B, hybrid.
DEFAULT_COMPARE = ("api:gpt-4", "api:gpt-3.5-turbo", "self-hosted:mistral-7b", "hybrid:mistral-7b+gpt-4")


@record
class ApproachSpec:
    """One approach to estimate, parsed from ``api:gpt-4``-style text (see ``parse_approach``)."""

    approach: str  # api | self-hosted | hybrid
    model: str
    api_model: Optional[str] = None  # hybrid fallback
    tiers: Optional[tuple[Tier, ...]] = None  # hybrid model-tier routing

    @property
    def name(self) -> str:
        if self.tiers:
            return "tiers"
        if self.approach == "hybrid":
            return f"hybrid:{self.model}+{self.api_model}"
        return f"{self.approach}:{self.model}"


def parse_approach(text: str) -> ApproachSpec:
    """``api:gpt-4`` | ``self-hosted:mistral-7b`` | ``hybrid:mistral-7b+gpt-4`` | ``tiers``."""
    text = text.strip()
    if text == "tiers":
        from llmkit.pricing.model.hybrid import GUIDE_TIERS

        return ApproachSpec("hybrid", "tiers", tiers=GUIDE_TIERS)
    kind, _, model = text.partition(":")
    if kind not in APPROACHES:
        raise UnknownName("approach", kind, APPROACHES)
    if kind == "api":
        return ApproachSpec("api", model or DEFAULT_API_MODEL)
    if kind == "self-hosted":
        return ApproachSpec("self-hosted", model or DEFAULT_LOCAL_MODEL)
    local, _, api = (model or "").partition("+")
    return ApproachSpec("hybrid", local or DEFAULT_LOCAL_MODEL, api or DEFAULT_API_MODEL)


@record
class Request:
    """Everything an estimate depends on besides the approach."""

    workload: Workload = Workload()
    cloud: str = "aws"
    region: Optional[str] = None
    pricing: str = "on-demand"
    profile: str = "default"
    dtype: Optional[str] = None
    gpu: Optional[str] = None
    instance_type: Optional[str] = None
    replicas: Optional[int] = None
    local_share: Decimal = DEFAULT_LOCAL_SHARE
    app_tier: AppTier = AppTier()
    operations: Operations = Operations()
    setup_one_time: Optional[Decimal] = None
    horizon_months: int = 36
    concurrency: Optional[int] = None

    def __post_init__(self) -> None:
        if self.profile == "default":
            return  # the common case, without importing the guide's profiles
        from llmkit.pricing.model.profiles import PROFILES

        if self.profile not in PROFILES:
            raise UnknownName("profile", self.profile, PROFILES)

    def selfhosted_options(self, model: str) -> SelfHostedOptions:
        from llmkit.pricing.model.selfhosted import SelfHostedOptions

        return SelfHostedOptions(
            model=model, cloud=self.cloud, region=self.region, pricing=self.pricing, dtype=self.dtype, gpu=self.gpu,
            instance_type=self.instance_type, replicas=self.replicas, operations=self.operations,
            setup_one_time=self.setup_one_time, horizon_months=self.horizon_months, concurrency=self.concurrency,
        )


def estimate(spec: ApproachSpec, req: Request, *, catalog: Any = None) -> Estimate:
    """The monthly estimate of one approach under one request."""
    w = req.workload
    if req.profile == "guide":
        from llmkit.pricing.model.profiles import guide_api, guide_hybrid, guide_selfhosted

        if spec.tiers:
            raise UserError("the guide gives no figures for model-tier routing; use the default profile")
        if spec.approach == "api":
            return guide_api(w, spec.model, tier=req.app_tier)
        if spec.approach == "self-hosted":
            return guide_selfhosted(w, spec.model, pricing=req.pricing, instances=req.replicas)
        return guide_hybrid(w, spec.model, spec.api_model or DEFAULT_API_MODEL, local_share=req.local_share,
                            pricing=req.pricing)
    if spec.approach == "api":
        from llmkit.pricing.model.api_cost import estimate_api
        from llmkit.pricing.model.capacity import _catalog

        cat = _catalog(catalog)
        return estimate_api(w, cat.llm(spec.model), tier=req.app_tier, cloud=req.cloud, region=req.region,
                            pricing=req.pricing, catalog=cat, setup_one_time=req.setup_one_time,
                            horizon_months=req.horizon_months)
    if spec.approach == "self-hosted":
        from llmkit.pricing.model.selfhosted import estimate_selfhosted

        return estimate_selfhosted(w, req.selfhosted_options(spec.model), catalog=catalog)
    from llmkit.pricing.model.hybrid import estimate_hybrid, estimate_tiered

    if spec.tiers:
        return estimate_tiered(w, req.selfhosted_options(DEFAULT_LOCAL_MODEL), spec.tiers, catalog=catalog)
    return estimate_hybrid(w, req.selfhosted_options(spec.model), spec.api_model or DEFAULT_API_MODEL,
                           local_share=req.local_share, catalog=catalog)


def cost_function(spec: ApproachSpec, req: Request, *, catalog: Any = None) -> CostFunction:
    """users -> Estimate for this approach, memoised (the scaling table and break-even share it)."""
    from llmkit.pricing.model.analysis import cached

    def at(users: int) -> Estimate:
        return estimate(spec, records.replace(req, workload=req.workload.scaled(users)), catalog=catalog)

    return cached(at)


@record
class LeverEffect:
    """What flipping one of the guide's levers alone does to the base estimate's monthly total."""

    lever: str
    setting: str
    monthly_total: Decimal
    change: Decimal  # vs the base estimate (negative saves)
    why: str = ""  # what the lever's estimate says that the base did not (e.g. no cached-input price)


def lever_effects(spec: ApproachSpec, req: Request, base: Estimate, *, catalog: Any = None) -> list[LeverEffect]:
    """The guide's optimisation levers (section 11), each flipped alone against the base."""
    w = req.workload
    trials: list[tuple[str, str, Request]] = []
    hit = Decimal("0.4") if w.cache_hit_rate == 0 else Decimal(0)
    trials.append(("cache hit rate", f"{hit:.0%}", records.replace(req, workload=records.replace(w, cache_hit_rate=hit))))
    trim: Optional[int] = 2000 if w.max_context_tokens is None else None
    trials.append(("context trimming", f"max {trim} input tokens" if trim else "none",
                   records.replace(req, workload=records.replace(w, max_context_tokens=trim))))
    if spec.approach != "api" and req.profile != "guide":
        batch = 1 if req.concurrency is None else None
        trials.append(("batching", "off (1 sequence per replica)" if batch else "on (max useful batch)",
                       records.replace(req, concurrency=batch)))
    if spec.approach != "api":
        other = "reserved-1y" if req.pricing != "reserved-1y" else "on-demand"
        trials.append(("pricing", other, records.replace(req, pricing=other)))
    out: list[LeverEffect] = []
    for lever, setting, r in trials:
        try:
            e = estimate(spec, r, catalog=catalog)
        except UserError:
            continue  # e.g. no batching: the peak needs more replicas than any instance can hold
        why = "; ".join(n for n in e.notes if n not in base.notes)
        if not why and lever == "context trimming" and trim is not None and w.input_tokens <= trim:
            why = f"queries already use {w.input_tokens} input tokens or fewer"
        out.append(LeverEffect(lever, setting, e.monthly_total, e.monthly_total - base.monthly_total, why))
    return out


def parse_users(text: str) -> list[int]:
    """``10,50,100`` or a range ``10-1000:10`` (start-stop:step) or both, comma-separated."""
    from llmkit.core.bounds import MAX_RANGE_POINTS, MAX_USERS

    users: list[int] = []
    if len(text) > 10_000:
        raise UserError("--users is too long")
    for part in filter(None, (p.strip() for p in text.split(","))):
        try:
            if "-" in part:
                span, _, step = part.partition(":")
                a, b = span.split("-", 1)
                points = range(int(a), int(b) + 1, int(step or 1))
            else:
                points = range(int(part), int(part) + 1)
        except ValueError:
            raise UserError("users look like 10,50,100 or 10-1000:10") from None
        # len(range) is arithmetic: a range of a billion points is refused before it exists
        if len(users) + len(points) > MAX_RANGE_POINTS:
            raise UserError(
                f"--users lists more than {MAX_RANGE_POINTS:,} user counts; use a larger step (e.g. 10-100000:1000)"
            )
        users.extend(points)
    if not users:
        raise UserError("give at least one user count")
    if any(u <= 0 for u in users):
        raise UserError("users must be positive whole numbers")
    if any(u > MAX_USERS for u in users):
        raise UserError(f"users must be at most {MAX_USERS:,}")
    return users


def approaches_for(texts: Sequence[str]) -> list[ApproachSpec]:
    specs = [parse_approach(t) for t in texts]
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise UserError("an approach is listed twice")
    return specs

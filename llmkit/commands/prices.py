"""``llmkit prices``: look up the bundled catalog's instance, GPU and LLM token prices.

Every answer shows its source and as-of date, because a price without provenance cannot be
checked. The catalog is imported inside the commands (not at module level) so that `llmkit
--help` and other commands pay nothing for it, and nothing here imports a provider SDK.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

from llmkit.commands._common import FORMAT_OPTION
from llmkit.commands._parser import Opt, command, group
from llmkit.core.clouds import CLOUDS, by_cloud, either, live_priced

CLOUD_HELP = f"Cloud: {either(CLOUDS)}."
REGION_HELP = f"Region (default: the cloud's default region: {', '.join(by_cloud('default_region').values())})."
CLOUD = Opt(("--cloud", "-c"), CLOUD_HELP)
GPU = Opt(("--gpu",), "Only instances with this GPU (T4, A10G, L4, A100-80GB, H100-80GB...).")


def register(subparsers: Any) -> None:
    """Add ``llmkit prices`` and its sub-commands to the root parser."""
    subs = group(subparsers, "prices", "Look up prices (bundled snapshot and price cache) and refresh them from the clouds' price APIs.")
    command(subs, "list", list_prices, (
        CLOUD,
        Opt(("--region", "-r"), "Only this region (any cloud's region name)."),
        GPU,
        Opt(("--min-gpu-memory",), "Only instances with at least this much GPU memory in total (GB, all GPUs).", type=float),
        Opt(("--llm",), "List hosted-LLM token prices instead of instances.", kind="flag"),
        FORMAT_OPTION,
    ), help="List instance prices (cheapest first) or, with --llm, hosted-LLM token prices.")
    command(subs, "show", show, (
        CLOUD,
        Opt(("--region", "-r"), REGION_HELP),
        Opt(("--type", "-t"), "Instance type, e.g. g5.xlarge, Standard_NC4as_T4_v3, g2-standard-4.", dest="type_"),
        Opt(("--llm",), "A hosted LLM (e.g. gpt-4o, claude-3-opus) instead of an instance."),
        Opt(("--accelerator", "-a"), "An attachable GPU (GCP: T4 or nvidia-tesla-t4) instead of an instance type."),
        FORMAT_OPTION,
    ), help="Show one instance type's prices in a region, one attachable GPU's, or one hosted LLM's token prices, with source and date.")
    command(subs, "models", models, (FORMAT_OPTION,), help=MODELS_HELP.split("\n")[0], description=MODELS_HELP)
    command(subs, "refresh", refresh, (
        Opt(("--cloud", "-c"), f"{either(live_priced())}: a cloud with a price API client (default: every one)."),
        Opt(("--region", "-r"), "Any public region of the cloud (default: every region the snapshot prices)."),
        Opt(("--service", "-s"), SERVICE_HELP),
        Opt(("--type", "-t"), "Only these instance types (repeatable; default: every type the snapshot knows for the cloud).", dest="type_", kind="append"),
        Opt(("--endpoint",), "Base URL of the price API (a mirror); needs --cloud, or --service llm. "
            "Env: LLMKIT_AWS_ENDPOINT, LLMKIT_AZURE_PRICES_URL, LLMKIT_GCP_BILLING_URL, LLMKIT_LITELLM_PRICES_URL."),
        FORMAT_OPTION,
    ), help="Fetch current prices from the clouds' price APIs into the price cache (AWS Price List API, Azure Retail Prices API, GCP Cloud Billing Catalog, a LiteLLM price map).")


MODELS_HELP = """List the open models the kit can self-host and the GPUs the capacity model knows.

These are the figures behind every capacity answer (parameters, KV-cache shape, context, memory bandwidth), so a user can check them against the model card or datasheet."""


def list_prices(cloud: Optional[str], region: Optional[str], gpu: Optional[str], min_gpu_memory: Optional[float],
                llm: bool, fmt: Any) -> None:
    """List instance prices (cheapest first) or, with --llm, hosted-LLM token prices."""
    from llmkit.output import emit
    from llmkit.usecases.prices import list_instances, list_llms
    from llmkit.views import prices as views
    from llmkit.pricing.catalog.live import configure

    configure(offline=True)  # a region the snapshot does not price lists what the cache holds
    if llm:
        models = list_llms(cloud=cloud, region=region, gpu=gpu, min_gpu_memory=min_gpu_memory)
        table = views.llm_list_table(models)
        emit(fmt, {"llms": [views.llm_json(m) for m in models]}, [table], title="llmkit prices --llm")
        return
    rows, accels = list_instances(cloud=cloud, region=region, gpu=gpu, min_gpu_memory=min_gpu_memory)
    tables = views.instance_list_tables(rows, accels)
    data = {"instances": [views.instance_json(r) for r in rows], "accelerators": [views.accelerator_json(a) for a in accels]}
    emit(fmt, data, tables, title="llmkit prices")


def show(cloud: Optional[str], region: Optional[str], type_: Optional[str], llm: Optional[str],
         accelerator: Optional[str], fmt: Any) -> None:
    """Show one instance type's prices in a region, one attachable GPU's, or one hosted LLM's token prices, with source and date."""
    from llmkit.core.errors import UserError

    # usage errors first: they need no catalog
    if llm is not None and any(v is not None for v in (cloud, region, type_, accelerator)):
        raise UserError("use either --llm MODEL or --cloud/--region/--type, not both")
    if accelerator is not None and type_ is not None:
        raise UserError("use either --type or --accelerator, not both")
    if llm is None and accelerator is None and (not cloud or not type_):
        raise UserError("give --cloud and --type (with an optional --region), --accelerator GPU, or --llm MODEL")

    from llmkit.output import emit
    from llmkit.views import prices as views
    from llmkit.pricing.catalog import load_catalog
    from llmkit.pricing.catalog.live import configure

    configure(offline=True)  # show answers from the cache and the snapshot; `prices refresh` fetches
    cat = load_catalog()
    if llm is not None:
        m = cat.llm(llm)
        table = views.llm_table(m)
        emit(fmt, views.llm_json(m), [table], title=f"llmkit prices: {m.model}")
        return
    if accelerator is not None:
        # without --cloud: the cloud whose descriptor has attachable GPUs (GCP's N1 guests)
        a = cat.accelerator(cloud or next(n for n, c in CLOUDS.items() if c.attachable_accelerators), region, accelerator)
        table = views.accelerator_table(a)
        emit(fmt, views.accelerator_json(a), [table], title=f"llmkit prices: {a.api_name}")
        return
    assert cloud is not None and type_ is not None
    row = cat.instance(cloud, region, type_)
    table = views.instance_table(row)
    emit(fmt, views.instance_json(row), [table], title=f"llmkit prices: {row.type}")


def models(fmt: Any) -> None:
    """The open models and GPUs of the catalog (MODELS_HELP says why)."""
    from llmkit.output import emit
    from llmkit.views import prices as views
    from llmkit.pricing.catalog import load_catalog

    cat = load_catalog()
    open_models = cat.open_models()
    gpus = cat.gpus()
    data, tables = views.models_view(open_models, gpus)
    emit(fmt, data, tables, title="llmkit prices: models and GPUs")


SERVICES = ("compute", "storage", "network", "services", "llm")
SERVICE_HELP = ("compute (instance types), storage (block storage), network (load balancers, NAT gateways, public IPs), "
                "services (managed services: databases, caches, search, serverless, containers, analytics) or llm "
                "(hosted-LLM token prices); default: all but llm.")


def service_of(fetcher: Any, item: str) -> str:
    """Which ``--service`` a platform item belongs to: block storage, the client's network
    items (its own table), or any other managed service."""
    if item.startswith("block_storage_gb_month:"):
        return "storage"
    return "network" if item in getattr(fetcher, "network_items", ()) else "services"


def refresh_items(cat: Any, fetchers: Mapping[str, Any], clouds: list[str], region: Optional[str], services: list[str],
                  types: list[str]) -> list[tuple[str, str, str, str]]:
    """(kind, cloud, region, key) of every price a refresh fetches: compute = each instance
    type the snapshot knows for the cloud (or ``types``); storage, network and services = each
    platform item the snapshot holds that the cloud's client prices, plus the items only the
    client prices (its ``live_only_items``: no bundled row, so a refresh is the only way to
    price them offline); in the given region or every region the snapshot prices; llm = every
    current hosted model of the snapshot."""
    from llmkit.core.errors import UserError
    from llmkit.core.regions import is_valid_region, normalise_region

    items: list[tuple[str, str, str, str]] = []
    for c in clouds if {"compute", "storage", "network", "services"} & set(services) else []:
        if region is not None:
            r = normalise_region(c, region) or ""
            if not is_valid_region(c, r):
                raise UserError(f"unknown {c} region {region!r}")
            regions = [r]
        else:
            regions = cat.regions(c)
        keys: list[tuple[str, str]] = []
        if "compute" in services:
            keys += [("instance", t) for t in (types or sorted({r.type for r in cat.instances(cloud=c)}))]
        fetcher = fetchers[c]
        bundled = {p.item for p in cat.platforms(c) if fetcher.supports_platform(p.item)}
        platform = sorted(bundled | set(getattr(fetcher, "live_only_items", ())))
        keys += [("platform", i) for i in platform if service_of(fetcher, i) in services]
        items += [(kind, c, r, key) for r in regions for kind, key in keys]
    if "llm" in services:
        items += [("llm", "llm", "", m.model) for m in cat.llms(include_retired=False)]
    return items


def refresh(cloud: Optional[str], region: Optional[str], service: Optional[str], type_: list[str],
            endpoint: Optional[str], fmt: Any) -> None:
    """Fetch current prices from the clouds' price APIs into the price cache (AWS Price List API, Azure Retail Prices API, GCP Cloud Billing Catalog, a LiteLLM price map)."""
    import sys

    from llmkit.core.errors import UserError
    from llmkit.output import Table, emit
    from llmkit.pricing.catalog import load_catalog
    from llmkit.pricing.catalog.live import FetchError, LivePrices, SourceUnavailable, default_fetchers, max_age_days
    from llmkit.views import prices as views
    from llmkit.pricing.catalog.loader import normalise_cloud

    if service is not None and service not in SERVICES:
        raise UserError(f"--service must be one of {', '.join(SERVICES)}")
    services = [service] if service else [s for s in SERVICES if s != "llm"]
    clouds = [normalise_cloud(cloud)] if cloud else list(live_priced())
    if any(c not in live_priced() for c in clouds):
        raise UserError(f"--cloud must be {either(live_priced())} (the clouds with a price API client)")
    source = "llm" if service == "llm" else (clouds[0] if cloud else None)
    if endpoint is not None and source is None:
        raise UserError("--endpoint overrides one price API: give --cloud (or --service llm) with it")
    cat = load_catalog()
    fetchers = default_fetchers({source: endpoint} if endpoint and source else None)
    items = refresh_items(cat, fetchers, clouds, region, services, type_)
    live = LivePrices(fetchers, max_age_days=max_age_days())
    rows: list[list[Any]] = []
    results: list[dict[str, Any]] = []
    down: dict[str, str] = {}
    fetched = 0
    with _progress(len(items), sys.stderr) as advance:
        for kind, c, r, key in items:
            src = "llm" if kind == "llm" else c
            if src in down:
                status, row = f"skipped: {down[src]}", None
            else:
                try:
                    row = live.refresh(kind, c, r, key)
                    status = "fetched"
                    fetched += 1
                except SourceUnavailable as exc:
                    down[src] = str(exc)
                    status, row = f"failed: {exc}", None
                except FetchError as exc:
                    status, row = f"failed: {exc}", None
            price = None if row is None else {"instance": "on_demand_hourly", "platform": "price", "llm": "input_per_million"}[kind]
            price = getattr(row, price) if row is not None and price else None
            unit = "hour" if kind == "instance" else "M input tokens" if kind == "llm" else getattr(row, "unit", "") if row else ""
            rows.append([c, r or "-", key, views.per_million(price) if kind == "llm" else views.hourly(price), unit, status])
            results.append({"kind": kind, "cloud": c, "region": r or None, "key": key, "status": status.split(":")[0],
                            "reason": status.partition(": ")[2] or None, "price": price, "unit": unit or None, "as_of": row.as_of if row else None})
            advance()
    table = Table(
        title=f"Price refresh into {live.cache.root}",
        columns=["cloud", "region", "item", "price", "per", "status"],
        rows=rows,
        notes=[f"{fetched} of {len(items)} price(s) fetched and cached; a failed one keeps the cached or bundled price (never $0)."],
    )
    emit(fmt, {"cache": str(live.cache.root), "fetched": fetched, "items": results}, [table], title="llmkit prices refresh")
    if items and not fetched:
        raise SystemExit(1)


def _progress(total: int, stream: Any) -> Any:
    """A progress bar on ``stream`` only when it is a terminal; yields a function to advance it."""
    import contextlib

    @contextlib.contextmanager
    def bar() -> Any:
        if not getattr(stream, "isatty", lambda: False)():
            yield lambda: None
            return
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(file=stream), transient=True) as progress:
            task = progress.add_task("Fetching prices", total=total)
            yield lambda: progress.advance(task)

    return bar()

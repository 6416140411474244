"""``llmkit prices``: look up the bundled catalog's instance, GPU and LLM token prices.

Every answer shows its source and as-of date, because a price without provenance cannot be
checked. The catalog is imported inside the commands (not at module level) so that `llmkit
--help` and other commands pay nothing for it, and nothing here imports a provider SDK.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Optional

import typer

from llmkit.commands._common import FORMAT_OPTION
from llmkit.output import OutputFormat

if TYPE_CHECKING:
    from llmkit.pricing.catalog.types import AcceleratorPrice, InstancePrice, LlmPrice

prices_app = typer.Typer(
    name="prices",
    help="Look up prices (bundled snapshot and price cache) and refresh them from the clouds' price APIs.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

CLOUD_HELP = "Cloud: aws, azure, gcp or alibaba."
REGION_HELP = "Region (default: the cloud's default region: us-east-1, eastus, us-central1)."


def register(app: typer.Typer) -> None:
    """Add ``llmkit prices`` to the root app."""
    app.add_typer(prices_app, name="prices")


def instance_json(row: "InstancePrice") -> dict[str, Any]:
    """The ``show --format json`` object of an instance type (money as decimal strings)."""
    return {
        "cloud": row.cloud,
        "region": row.region,
        "type": row.type,
        "vcpus": row.vcpus,
        "memory_gb": row.memory_gb,
        "gpu": row.gpu,
        "gpu_count": row.gpu_count,
        "gpu_memory_gb": row.gpu_memory_gb,
        "on_demand_hourly": row.on_demand_hourly,
        "spot_hourly": row.spot_hourly,
        "reserved_1y_hourly": row.reserved_1y_hourly,
        "reserved_3y_hourly": row.reserved_3y_hourly,
        "reserved_is_assumption": row.reserved_is_assumption,
        "host_on_demand_hourly": row.host_on_demand_hourly,
        "derived": row.derived,
        "retired": row.retired,
        "source": row.source,
        "as_of": row.as_of,
    }


def accelerator_json(row: "AcceleratorPrice") -> dict[str, Any]:
    """One attachable GPU (GCP guest accelerator), per GPU per hour."""
    return {
        "cloud": row.cloud,
        "region": row.region,
        "gpu": row.gpu,
        "api_name": row.api_name,
        "on_demand_hourly": row.on_demand_hourly,
        "spot_hourly": row.spot_hourly,
        "reserved_1y_hourly": row.reserved_1y_hourly,
        "reserved_3y_hourly": row.reserved_3y_hourly,
        "reserved_is_assumption": row.reserved_is_assumption,
        "derived": row.derived,
        "source": row.source,
        "as_of": row.as_of,
    }


def llm_json(row: "LlmPrice") -> dict[str, Any]:
    """The ``show --llm --format json`` object of a hosted model."""
    return {
        "model": row.model,
        "provider": row.provider,
        "input_per_million": row.input_per_million,
        "output_per_million": row.output_per_million,
        "cached_input_per_million": row.cached_input_per_million,
        "context_window": row.context_window,
        "retired": row.retired,
        "quality_score": row.quality_score,
        "aliases": list(row.aliases),
        "source": row.source,
        "as_of": row.as_of,
    }


def _hourly(value: Optional[Decimal]) -> str:
    from llmkit.output import money

    return money(value, places=4)


def _monthly(value: Decimal) -> str:
    from llmkit.output import money

    return money(value)


def _per_million(value: Optional[Decimal]) -> str:
    from llmkit.output import money

    return money(value, places=3)


def _gpu_text(row: "InstancePrice") -> str:
    if not row.gpu:
        return "-"
    return f"{row.gpu_count} x {row.gpu} ({row.gpu_memory_gb} GB)"


def _check_gpu_memory(value: Optional[float]) -> Optional[Decimal]:
    """GB of GPU memory: finite (nan/inf are bad input), zero or more, at most 1,000,000 GB."""
    from llmkit.core.bounds import number
    from llmkit.core.errors import UserError

    if value is None:
        return None
    if value < 0:
        raise UserError("--min-gpu-memory must be zero or more (GB)")
    return number(value, "--min-gpu-memory (GB)", maximum=1_000_000)


@prices_app.command("list")
def list_prices(
    cloud: Optional[str] = typer.Option(None, "--cloud", "-c", help=CLOUD_HELP),
    region: Optional[str] = typer.Option(None, "--region", "-r", help="Only this region (any cloud's region name)."),
    gpu: Optional[str] = typer.Option(None, "--gpu", help="Only instances with this GPU (T4, A10G, L4, A100-80GB, H100-80GB...)."),
    min_gpu_memory: Optional[float] = typer.Option(
        None, "--min-gpu-memory", help="Only instances with at least this much GPU memory in total (GB, all GPUs)."
    ),
    llm: bool = typer.Option(False, "--llm", help="List hosted-LLM token prices instead of instances."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """List instance prices (cheapest first) or, with --llm, hosted-LLM token prices."""
    from llmkit.core.errors import UserError
    from llmkit.output import Table, emit
    from llmkit.pricing.catalog import load_catalog
    from llmkit.pricing.catalog.live import configure

    configure(offline=True)  # a region the snapshot does not price lists what the cache holds
    cat = load_catalog()
    if llm:
        if any(v is not None for v in (cloud, region, gpu, min_gpu_memory)):
            raise UserError("--llm lists token prices; --cloud, --region, --gpu and --min-gpu-memory do not apply")
        models = cat.llms()
        table = Table(
            title="Hosted LLM token prices (USD per million tokens)",
            columns=["model", "provider", "input", "output", "cached input", "context", "retired", "as of"],
            rows=[
                [
                    m.model,
                    m.provider,
                    _per_million(m.input_per_million),
                    _per_million(m.output_per_million),
                    _per_million(m.cached_input_per_million),
                    f"{m.context_window:,}" if m.context_window else "-",
                    "retired" if m.retired else "",
                    m.as_of,
                ]
                for m in models
            ],
            right_align=(2, 3, 4, 5),
            notes=["Sources: `llmkit prices show --llm MODEL` shows each price's source."],
        )
        emit(fmt, {"llms": [llm_json(m) for m in models]}, [table], title="llmkit prices --llm")
        return
    rows = cat.instances(cloud=cloud, region=region, gpu=gpu, min_gpu_memory_gb=_check_gpu_memory(min_gpu_memory))
    if region and not cloud and not rows:
        raise UserError(f"no prices for region {region!r}; see `llmkit prices list --cloud CLOUD` for regions")
    table = Table(
        title="Instance prices (USD per hour)",
        columns=["cloud", "region", "type", "vCPU", "memory GB", "GPU", "on-demand", "spot", "reserved 1y", "reserved 3y"],
        rows=[
            [
                r.cloud,
                r.region,
                r.type + (" (retired)" if r.retired else ""),
                r.vcpus,
                r.memory_gb,
                _gpu_text(r),
                _hourly(r.on_demand_hourly) + ("~" if r.derived else ""),
                _hourly(r.spot_hourly),
                _hourly(r.reserved_1y_hourly) + ("*" if r.reserved_is_assumption else ""),
                _hourly(r.reserved_3y_hourly) + ("*" if r.reserved_is_assumption else ""),
            ]
            for r in rows
        ],
        right_align=(3, 4, 6, 7, 8, 9),
        notes=[
            f"{len(rows)} instance prices. ~ derived from another region or size (not published); "
            "* reserved = the guide's 30%/50% assumption, not a published price. "
            "`llmkit prices show` gives each row's source and date."
        ],
    )
    tables = [table]
    accels = _matching_accelerators(cat, cloud, region, gpu, min_gpu_memory)
    if accels:
        tables.append(
            Table(
                title="Attachable GPUs (GCP N1 hosts; USD per GPU per hour, add to the host price)",
                columns=["cloud", "region", "GPU", "accelerator type", "on-demand", "spot", "reserved 1y", "reserved 3y"],
                rows=[
                    [
                        a.cloud,
                        a.region,
                        a.gpu,
                        a.api_name,
                        _hourly(a.on_demand_hourly),
                        _hourly(a.spot_hourly),
                        _hourly(a.reserved_1y_hourly) + ("*" if a.reserved_is_assumption else ""),
                        _hourly(a.reserved_3y_hourly) + ("*" if a.reserved_is_assumption else ""),
                    ]
                    for a in accels
                ],
                right_align=(4, 5, 6, 7),
            )
        )
    data = {"instances": [instance_json(r) for r in rows], "accelerators": [accelerator_json(a) for a in accels]}
    emit(fmt, data, tables, title="llmkit prices")


def _matching_accelerators(cat: Any, cloud: Optional[str], region: Optional[str], gpu: Optional[str], min_gpu_memory: Optional[float]) -> list[Any]:
    """GCP attachable GPUs matching the list filters (a GPU filter matches by name; memory per GPU)."""
    from llmkit.pricing.catalog.loader import normalise_cloud

    if cloud and normalise_cloud(cloud) != "gcp":
        return []
    out = []
    for a in cat.accelerators("gcp", region if cloud else None):
        if region and not cloud and a.region != region.strip().lower():
            continue
        if gpu and not (a.gpu.lower() == gpu.strip().lower() or a.gpu.lower().startswith(gpu.strip().lower() + "-")):
            continue
        if min_gpu_memory is not None and cat.gpu(a.gpu).vram_gb < Decimal(str(min_gpu_memory)):
            continue
        out.append(a)
    return sorted(out, key=lambda a: (a.on_demand_hourly, a.region))


@prices_app.command("show")
def show(
    cloud: Optional[str] = typer.Option(None, "--cloud", "-c", help=CLOUD_HELP),
    region: Optional[str] = typer.Option(None, "--region", "-r", help=REGION_HELP),
    type_: Optional[str] = typer.Option(None, "--type", "-t", help="Instance type, e.g. g5.xlarge, Standard_NC4as_T4_v3, g2-standard-4."),
    llm: Optional[str] = typer.Option(None, "--llm", help="A hosted LLM (e.g. gpt-4o, claude-3-opus) instead of an instance."),
    accelerator: Optional[str] = typer.Option(
        None, "--accelerator", "-a", help="An attachable GPU (GCP: T4 or nvidia-tesla-t4) instead of an instance type."
    ),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Show one instance type's prices in a region, one attachable GPU's, or one hosted LLM's token prices, with source and date."""
    from llmkit.core.errors import UserError

    # usage errors first: they need no catalog
    if llm is not None and any(v is not None for v in (cloud, region, type_, accelerator)):
        raise UserError("use either --llm MODEL or --cloud/--region/--type, not both")
    if accelerator is not None and type_ is not None:
        raise UserError("use either --type or --accelerator, not both")
    if llm is None and accelerator is None and (not cloud or not type_):
        raise UserError("give --cloud and --type (with an optional --region), --accelerator GPU, or --llm MODEL")

    from llmkit.output import Table, emit
    from llmkit.pricing.catalog import load_catalog
    from llmkit.pricing.catalog.live import configure

    configure(offline=True)  # show answers from the cache and the snapshot; `prices refresh` fetches
    cat = load_catalog()
    if llm is not None:
        m = cat.llm(llm)
        table = Table(
            title=f"{m.model} ({m.provider})" + (" - retired" if m.retired else ""),
            columns=["field", "value"],
            rows=[
                ["input per million tokens", _per_million(m.input_per_million)],
                ["output per million tokens", _per_million(m.output_per_million)],
                ["cached input per million tokens", _per_million(m.cached_input_per_million)],
                ["context window", f"{m.context_window:,}" if m.context_window else "-"],
                ["quality score (guide)", m.quality_score if m.quality_score is not None else "-"],
                ["aliases", ", ".join(m.aliases) or "-"],
                ["source", m.source],
                ["as of", m.as_of],
            ],
        )
        emit(fmt, llm_json(m), [table], title=f"llmkit prices: {m.model}")
        return
    if accelerator is not None:
        a = cat.accelerator(cloud or "gcp", region, accelerator)
        table = Table(
            title=f"{a.cloud} {a.region} {a.api_name} ({a.gpu}), per GPU",
            columns=["field", "value"],
            rows=[
                ["on-demand / hour", _hourly(a.on_demand_hourly)],
                ["spot / hour", _hourly(a.spot_hourly)],
                ["reserved 1y / hour", _hourly(a.reserved_1y_hourly) + (" (assumption)" if a.reserved_is_assumption else "")],
                ["reserved 3y / hour", _hourly(a.reserved_3y_hourly) + (" (assumption)" if a.reserved_is_assumption else "")],
                ["source", a.source],
                ["as of", a.as_of],
            ],
            notes=["Attach to an N1 host: the VM costs the host price plus this per GPU."],
        )
        emit(fmt, accelerator_json(a), [table], title=f"llmkit prices: {a.api_name}")
        return
    assert cloud is not None and type_ is not None
    row = cat.instance(cloud, region, type_)
    host = [["  of which host", _hourly(row.host_on_demand_hourly)]] if row.host_on_demand_hourly else []
    table = Table(
        title=f"{row.cloud} {row.region} {row.type}" + (" - retired" if row.retired else ""),
        columns=["field", "value"],
        rows=[
            ["vCPUs", row.vcpus],
            ["memory GB", row.memory_gb],
            ["GPU", _gpu_text(row)],
            ["on-demand / hour", _hourly(row.on_demand_hourly) + (" (derived, not published)" if row.derived else "")],
            *host,
            ["spot / hour", _hourly(row.spot_hourly)],
            ["reserved 1y / hour", _hourly(row.reserved_1y_hourly) + (" (assumption)" if row.reserved_is_assumption else "")],
            ["reserved 3y / hour", _hourly(row.reserved_3y_hourly) + (" (assumption)" if row.reserved_is_assumption else "")],
            ["on-demand / month (730 h)", _monthly(row.on_demand_hourly * 730)],
            ["source", row.source],
            ["as of", row.as_of],
        ],
    )
    emit(fmt, instance_json(row), [table], title=f"llmkit prices: {row.type}")


@prices_app.command("models")
def models(fmt: OutputFormat = FORMAT_OPTION) -> None:
    """List the open models the kit can self-host and the GPUs the capacity model knows.

    These are the figures behind every capacity answer (parameters, KV-cache shape, context,
    memory bandwidth), so a user can check them against the model card or datasheet.
    """
    import dataclasses

    from llmkit.output import Table, emit
    from llmkit.pricing.catalog import load_catalog

    cat = load_catalog()
    open_models = cat.open_models()
    gpus = cat.gpus()
    tables = [
        Table(
            title="Open models (self-hosted with vLLM)",
            columns=["id", "Hugging Face repo", "params B", "active B", "layers", "KV heads", "head dim", "context", "licence", "guide quality"],
            rows=[
                [m.id, m.name, m.params_b, m.active_params_b, m.layers, m.kv_heads, m.head_dim, m.context_length, m.license, m.quality_score]
                for m in open_models
            ],
            right_align=[2, 3, 4, 5, 6, 7, 9],
        ),
        Table(
            title="GPUs (datasheet figures)",
            columns=["GPU", "VRAM GB", "bandwidth GB/s", "dense FP16 TFLOPS", "bf16", "fp8", "source"],
            rows=[
                [g.name, g.vram_gb, g.memory_bandwidth_gb_s, g.dense_fp16_tflops, "yes" if g.bf16 else "no", "yes" if g.fp8 else "no", g.source]
                for g in gpus
            ],
            right_align=[1, 2, 3],
        ),
    ]
    data = {
        "open_models": [dataclasses.asdict(m) for m in open_models],
        "gpus": [dataclasses.asdict(g) for g in gpus],
    }
    emit(fmt, data, tables, title="llmkit prices: models and GPUs")


SERVICES = ("compute", "storage", "network", "llm")


def refresh_items(cat: Any, fetchers: dict[str, Any], clouds: list[str], region: Optional[str], services: list[str],
                  types: list[str]) -> list[tuple[str, str, str, str]]:
    """(kind, cloud, region, key) of every price a refresh fetches: compute = each instance
    type the snapshot knows for the cloud (or ``types``); storage = each block-storage type and
    network = each load balancer / NAT / public IP item the cloud's client prices; in the given region or
    every region the snapshot prices; llm = every current hosted model of the snapshot."""
    from llmkit.core.errors import UserError
    from llmkit.core.regions import is_valid_region, normalise_region

    items: list[tuple[str, str, str, str]] = []
    for c in clouds if {"compute", "storage", "network"} & set(services) else []:
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
        platform = sorted({p.item for p in cat.platforms(c) if fetchers[c].supports_platform(p.item)})
        is_disk = [i.startswith("block_storage_gb_month:") for i in platform]
        keys += [("platform", i) for i, disk in zip(platform, is_disk) if ("storage" if disk else "network") in services]
        items += [(kind, c, r, key) for r in regions for kind, key in keys]
    if "llm" in services:
        items += [("llm", "llm", "", m.model) for m in cat.llms(include_retired=False)]
    return items


@prices_app.command("refresh")
def refresh(
    cloud: Optional[str] = typer.Option(None, "--cloud", "-c", help="aws, azure or gcp (default: all three)."),
    region: Optional[str] = typer.Option(None, "--region", "-r", help="Any public region of the cloud (default: every region the snapshot prices)."),
    service: Optional[str] = typer.Option(None, "--service", "-s", help="compute (instance types), storage (block storage), network (load balancers, NAT gateways, public IPs: AWS, Azure) or llm (hosted-LLM token prices); default: all but llm."),
    type_: list[str] = typer.Option([], "--type", "-t", help="Only these instance types (repeatable; default: every type the snapshot knows for the cloud)."),
    endpoint: Optional[str] = typer.Option(
        None, "--endpoint", help="Base URL of the price API (a mirror); needs --cloud, or --service llm. "
        "Env: LLMKIT_AWS_ENDPOINT, LLMKIT_AZURE_PRICES_URL, LLMKIT_GCP_BILLING_URL, LLMKIT_LITELLM_PRICES_URL."
    ),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Fetch current prices from the clouds' price APIs into the price cache (AWS Price List API, Azure Retail Prices API, GCP Cloud Billing Catalog, a LiteLLM price map)."""
    import sys

    from llmkit.core.errors import UserError
    from llmkit.output import Table, emit
    from llmkit.pricing.catalog import load_catalog
    from llmkit.pricing.catalog.live import FetchError, LivePrices, SourceUnavailable, default_fetchers, max_age_days
    from llmkit.pricing.catalog.loader import normalise_cloud

    if service is not None and service not in SERVICES:
        raise UserError(f"--service must be one of {', '.join(SERVICES)}")
    services = [service] if service else ["compute", "storage", "network"]
    clouds = [normalise_cloud(cloud)] if cloud else ["aws", "azure", "gcp"]
    if any(c not in ("aws", "azure", "gcp") for c in clouds):
        raise UserError("--cloud must be aws, azure or gcp (the clouds with a price API client)")
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
            rows.append([c, r or "-", key, _per_million(price) if kind == "llm" else _hourly(price), status])
            results.append({"kind": kind, "cloud": c, "region": r or None, "key": key, "status": status.split(":")[0],
                            "reason": status.partition(": ")[2] or None, "price": price, "as_of": row.as_of if row else None})
            advance()
    table = Table(
        title=f"Price refresh into {live.cache.root}",
        columns=["cloud", "region", "item", "price (per hour, GB-month, or M input tokens)", "status"],
        rows=rows,
        notes=[f"{fetched} of {len(items)} price(s) fetched and cached; a failed one keeps the cached or bundled price (never $0)."],
    )
    emit(fmt, {"cache": str(live.cache.root), "fetched": fetched, "items": results}, [table], title="llmkit prices refresh")
    if items and not fetched:
        raise typer.Exit(1)


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

"""Read the bundled price catalog (``pricing/catalog/data/*.csv``) into typed rows.

Loading must stay cheap because ``llmkit prices show`` and every estimate start with it: the
CSV files are parsed with the standard ``csv`` module (no pandas), each file only when a method
first needs it, the instance and platform files one region (or one looked-up line) at a time
(``_ByRegion``), and ``load_catalog()`` caches one Catalog per process.

Lookups forgive the spellings users and preview documents bring: case and spaces in regions
("WestEurope", "West Europe"), zones instead of regions ("us-central1-a", "us-east-1a"), Azure
type case ("standard_nc4as_t4_v3"), LLM aliases and provider prefixes ("openai/gpt-4o",
"GPT-3.5", "gpt-4o-2024-08-06"). Unknown names raise ``UnknownName`` with suggestions.
"""

from __future__ import annotations

import csv
import functools
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Generic, Iterable, Optional, TypeVar

from llmkit.core import records
from llmkit.core.clouds import CLOUDS as ALL_CLOUDS
from llmkit.core.clouds import canonical_name
from llmkit.core.errors import UnknownName
from llmkit.core.regions import DEFAULT_REGIONS, is_valid_region, normalise_region, valid_regions
from llmkit.pricing.catalog.types import (
    AcceleratorPrice,
    GpuSpec,
    InstancePrice,
    LlmPrice,
    OpenModel,
    PlatformPrice,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

CLOUDS = tuple(ALL_CLOUDS)

_PROVIDER_PREFIX = re.compile(r"^(openai|anthropic|google|gemini|vertex_ai|mistral|azure)/")

T = TypeVar("T")


def _opt_dec(text: str) -> Optional[Decimal]:
    return Decimal(text) if text else None


def _opt_int(text: str) -> Optional[int]:
    return int(text) if text else None


def _bool(text: str) -> bool:
    return text == "true"


def _instance(r: dict[str, str]) -> InstancePrice:
    return InstancePrice(
        cloud=r["cloud"],
        region=r["region"],
        type=r["type"],
        vcpus=int(r["vcpus"]),
        memory_gb=Decimal(r["memory_gb"]),
        gpu=r["gpu"] or None,
        gpu_count=int(r["gpu_count"]),
        gpu_memory_gb=_opt_dec(r["gpu_memory_gb"]),
        on_demand_hourly=Decimal(r["on_demand_hourly"]),
        spot_hourly=_opt_dec(r["spot_hourly"]),
        reserved_1y_hourly=_opt_dec(r["reserved_1y_hourly"]),
        reserved_3y_hourly=_opt_dec(r["reserved_3y_hourly"]),
        reserved_is_assumption=_bool(r["reserved_is_assumption"]),
        source=r["source"],
        as_of=r["as_of"],
        host_on_demand_hourly=_opt_dec(r["host_on_demand_hourly"]),
        retired=_bool(r["retired"]),
        derived=_bool(r["derived"]),
    )


def _accelerator(r: dict[str, str]) -> AcceleratorPrice:
    return AcceleratorPrice(
        cloud=r["cloud"],
        region=r["region"],
        gpu=r["gpu"],
        api_name=r["api_name"],
        on_demand_hourly=Decimal(r["on_demand_hourly"]),
        spot_hourly=_opt_dec(r["spot_hourly"]),
        reserved_1y_hourly=_opt_dec(r["reserved_1y_hourly"]),
        reserved_3y_hourly=_opt_dec(r["reserved_3y_hourly"]),
        reserved_is_assumption=_bool(r["reserved_is_assumption"]),
        source=r["source"],
        as_of=r["as_of"],
        derived=_bool(r["derived"]),
    )


def _platform(r: dict[str, str]) -> PlatformPrice:
    return PlatformPrice(
        cloud=r["cloud"],
        region=r["region"],
        item=r["item"],
        unit=r["unit"],
        price=Decimal(r["price"]),
        source=r["source"],
        as_of=r["as_of"],
        assumption=_bool(r["assumption"]),
    )


def _llm(r: dict[str, str]) -> LlmPrice:
    return LlmPrice(
        provider=r["provider"],
        model=r["model"],
        input_per_million=Decimal(r["input_per_million"]),
        output_per_million=Decimal(r["output_per_million"]),
        cached_input_per_million=_opt_dec(r["cached_input_per_million"]),
        context_window=_opt_int(r["context_window"]),
        retired=_bool(r["retired"]),
        quality_score=_opt_int(r["quality_score"]),
        source=r["source"],
        as_of=r["as_of"],
        aliases=tuple(a for a in r["aliases"].split(";") if a),
    )


def _open_model(r: dict[str, str]) -> OpenModel:
    return OpenModel(
        id=r["id"],
        name=r["name"],
        params_b=Decimal(r["params_b"]),
        active_params_b=Decimal(r["active_params_b"]),
        layers=int(r["layers"]),
        kv_heads=int(r["kv_heads"]),
        head_dim=int(r["head_dim"]),
        context_length=int(r["context_length"]),
        license=r["license"],
        quality_score=_opt_int(r["quality_score"]),
        source=r["source"],
    )


def _gpu(r: dict[str, str]) -> GpuSpec:
    return GpuSpec(
        name=r["name"],
        vram_gb=Decimal(r["vram_gb"]),
        memory_bandwidth_gb_s=Decimal(r["memory_bandwidth_gb_s"]),
        dense_fp16_tflops=Decimal(r["dense_fp16_tflops"]),
        bf16=_bool(r["bf16"]),
        fp8=_bool(r["fp8"]),
        source=r["source"],
    )


def _read(path: Path, make: Callable[[dict[str, str]], T]) -> list[T]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [make(r) for r in csv.DictReader(fh)]


Key = tuple[str, str, str]  # (cloud, region, lowercased type or item)


class _ByRegion(Generic[T]):
    """A catalog CSV whose rows are parsed one cloud region at a time, when first asked for.

    Why: an estimate or ``prices show`` prices one region, and parsing all of
    ``instances.csv`` and ``platform.csv`` into typed rows was the largest part of the run
    (issue 10). The build writes one row per line, cloud and region first (``build._cell``
    refuses a value with a line break), so a line's region is known from its first two
    fields and only the asked region's lines go through ``csv``; one price asked for by its
    key (``get``: an instance type, a platform item) parses its own line alone. Which regions a
    cloud has is read off the lines without parsing any. Every table keeps the file's order,
    and a row is parsed once whichever table or lookup asks for it.
    """

    def __init__(self, path: Path, make: Callable[[dict[str, str]], T], key: Callable[[T], Key]):
        self.path, self.make, self.key = path, make, key
        self._parsed: dict[tuple[str, str], list[tuple[int, T]]] = {}
        self._tables: dict[tuple[str, ...], dict[Key, T]] = {}
        self._by_line: dict[int, T] = {}  # rows parsed alone by ``get``, by place in the file

    @functools.cached_property
    def _lines(self) -> tuple[list[str], dict[tuple[str, str], list[tuple[int, str]]], dict[Key, tuple[int, str]]]:
        """The header's names, each (cloud, region)'s lines with their place in the file, and
        each line by its key (the third column, a type or an item; the last line of a key wins,
        as in a table)."""
        header, _, body = self.path.read_text(encoding="utf-8").partition("\n")
        names = next(csv.reader([header]))
        if names[:2] != ["cloud", "region"]:
            raise ValueError(f"{self.path}: the first columns must be cloud and region, not {names[:2]}")
        groups: dict[tuple[str, str], list[tuple[int, str]]] = {}
        index: dict[Key, tuple[int, str]] = {}
        for at, line in enumerate(body.splitlines()):
            if line:
                cloud, region, name = (line.split(",", 3) + ["", ""])[:3]
                if '"' in cloud or '"' in region:
                    raise ValueError(f"{self.path}: line {at + 2}: a quoted cloud or region")
                if name.startswith('"'):
                    name = next(csv.reader([line]))[2]
                groups.setdefault((cloud, region), []).append((at, line))
                index[(cloud, region, name.lower())] = (at, line)
        return names, groups, index

    def _parse(self, at: int, values: list[str]) -> T:
        names = self._lines[0]
        if len(values) != len(names):
            raise ValueError(f"{self.path}: line {at + 2} has {len(values)} values for {len(names)} columns")
        return self.make(dict(zip(names, values)))

    def _rows(self, group: tuple[str, str]) -> list[tuple[int, T]]:
        """One region's rows, parsed on first use, each with its place in the file."""
        rows = self._parsed.get(group)
        if rows is None:
            lines = self._lines[1].get(group, [])
            alone = self._by_line
            rows = [(at, alone[at] if at in alone else self._parse(at, values))
                    for (at, _), values in zip(lines, csv.reader(line for _, line in lines))]
            self._parsed[group] = rows
        return rows

    def _table(self, name: tuple[str, ...], groups: list[tuple[str, str]]) -> dict[Key, T]:
        table = self._tables.get(name)
        if table is None:
            placed = sorted((p for g in groups for p in self._rows(g)), key=lambda p: p[0])
            table = self._tables[name] = {self.key(row): row for _, row in placed}
        return table

    def get(self, key: Key) -> Optional[T]:
        """The row of one (cloud, region, lowercased name), parsing its line alone unless its
        region is parsed already; None where the file has none."""
        table = self._tables.get(key[:2])
        if table is not None:
            return table.get(key)
        found = self._lines[2].get(key)
        if found is None:
            return None
        at, line = found
        row = self._by_line.get(at)
        if row is None:
            row = self._by_line[at] = self._parse(at, next(csv.reader([line])))
        return row

    def regions(self, cloud: str) -> set[str]:
        """The regions with a row of ``cloud`` (nothing parsed)."""
        return {r for c, r in self._lines[1] if c == cloud}

    def in_region(self, cloud: str, region: str) -> dict[Key, T]:
        """One region's rows by (cloud, region, lowercased name); empty where it has none."""
        return self._table((cloud, region), [(cloud, region)])

    def of(self, cloud: str) -> dict[Key, T]:
        """One cloud's rows, every region."""
        return self._table((cloud,), [g for g in self._lines[1] if g[0] == cloud])

    def all(self) -> dict[Key, T]:
        """Every cloud's rows."""
        return self._table((), list(self._lines[1]))


def refresh_hint(cloud: str, region: Optional[str]) -> str:
    """The command that fetches a cloud region's prices (named in every "no price" reason)."""
    where = f" --region {region}" if region else ""
    return f"llmkit prices refresh --cloud {cloud}{where}"


class RegionNotPriced(UnknownName):
    """A valid region that has no price here (not in the bundled snapshot, not cached, not
    fetched): the message names the command that fetches it, never "unknown region"."""

    def __init__(self, cloud: str, region: str, what: str = "prices"):
        self.kind, self.name, self.suggestions = f"{cloud} region", region, []
        LookupError.__init__(
            self, f"no {what} for {cloud} {region} in the bundled snapshot or the price cache; "
            f"fetch them with `{refresh_hint(cloud, region)}`"
        )


def _unknown(kind: str, name: str, known: Iterable[str]) -> UnknownName:
    """UnknownName that lists the (few) known names when none is close enough to suggest."""
    known = list(known)
    exc = UnknownName(kind, name, known)
    if not exc.suggestions and len(known) <= 12:
        exc.args = (f"unknown {kind} {name!r}; known: {', '.join(known)}",)
    return exc


def normalise_cloud(cloud: str) -> str:
    """The kit's name for a cloud a user typed (``google`` -> ``gcp``), per llmkit.core.clouds."""
    return canonical_name(cloud)


def _like(row: InstancePrice, gpu: Optional[str], min_mem: Optional[Decimal]) -> bool:
    """Does a row of another region match the list filters (GPU name, total GPU memory)?"""
    name = (row.gpu or "").lower()
    if gpu is not None and name != gpu.strip().lower() and not name.startswith(gpu.strip().lower() + "-"):
        return False
    return min_mem is None or row.total_gpu_memory_gb >= min_mem


def normalise_model(name: str) -> str:
    n = name.strip().lower().replace(" ", "-").replace("_", "-")
    return _PROVIDER_PREFIX.sub("", n)


class Catalog:
    """The bundled price snapshot. Build with ``load_catalog()``; rows are parsed on first use."""

    def __init__(self, data_dir: Path = DATA_DIR, live: Any = None):
        self.data_dir = Path(data_dir)
        # pricing.catalog.live.LivePrices (cache + price APIs) or None: bundled snapshot only
        self.live = live
        self._region_lists: dict[str, list[str]] = {}

    # ------------------------------------------------------------------ lazy tables

    @functools.cached_property
    def _instance_rows(self) -> _ByRegion[InstancePrice]:
        return _ByRegion(self.data_dir / "instances.csv", _instance, lambda r: (r.cloud, r.region, r.type.lower()))

    @functools.cached_property
    def _platform_rows(self) -> _ByRegion[PlatformPrice]:
        return _ByRegion(self.data_dir / "platform.csv", _platform, lambda r: (r.cloud, r.region, r.item.lower()))

    @functools.cached_property
    def _accelerators(self) -> list[AcceleratorPrice]:
        return _read(self.data_dir / "accelerators.csv", _accelerator)

    @functools.cached_property
    def _llms(self) -> list[LlmPrice]:
        return _read(self.data_dir / "llms.csv", _llm)

    @functools.cached_property
    def _llm_names(self) -> dict[str, LlmPrice]:
        names: dict[str, LlmPrice] = {}
        for row in self._llms:
            for name in (row.model, *row.aliases):
                names.setdefault(normalise_model(name), row)
        return names

    @functools.cached_property
    def _open_models(self) -> dict[str, OpenModel]:
        return {m.id: m for m in _read(self.data_dir / "open_models.csv", _open_model)}

    @functools.cached_property
    def _gpus(self) -> dict[str, GpuSpec]:
        return {g.name: g for g in _read(self.data_dir / "gpus.csv", _gpu)}

    def _regions(self, cloud: str) -> list[str]:
        """The regions with at least one instance or platform price of ``cloud`` (sorted)."""
        found = self._region_lists.get(cloud)
        if found is None:
            found = sorted(self._instance_rows.regions(cloud) | self._platform_rows.regions(cloud))
            self._region_lists[cloud] = found
        return found

    # ------------------------------------------------------------------ clouds and regions

    def clouds(self) -> list[str]:
        return [c for c in CLOUDS if self._regions(c)]

    def _cloud(self, cloud: str) -> str:
        """The cloud's kit name, checked against the cloud descriptors (llmkit.core.clouds), not
        the data: knowing which clouds the CSVs hold means parsing all of them, which a single
        lookup (``prices show``, an estimate's default region) must not pay at start-up."""
        c = normalise_cloud(cloud)
        if c not in ALL_CLOUDS:
            raise _unknown("cloud", cloud, self.clouds())
        return c

    def regions(self, cloud: str) -> list[str]:
        """Regions with at least one price for ``cloud``."""
        return list(self._regions(self._cloud(cloud)))

    def default_region(self, cloud: str) -> str:
        return DEFAULT_REGIONS[self._cloud(cloud)]

    def valid_regions(self, cloud: str) -> list[str]:
        """Every public region of ``cloud`` (llmkit.core.regions), priced here or not."""
        return list(valid_regions(self._cloud(cloud))) or self.regions(cloud)

    def has_prices(self, cloud: str, region: str) -> bool:
        return region in self._regions(normalise_cloud(cloud))

    def _region(self, cloud: str, region: Optional[str], priced: bool = True) -> str:
        """The region's one spelling. A region the cloud does not have is an unknown name; a
        valid one without bundled prices is RegionNotPriced unless ``priced`` is False (the
        caller then asks the live prices)."""
        if region is None:
            return DEFAULT_REGIONS[cloud]
        r = normalise_region(cloud, region) or ""
        if r in self._regions(cloud):
            return r
        if not is_valid_region(cloud, r):
            raise _unknown(f"{cloud} region", region, valid_regions(cloud) or self._regions(cloud))
        if priced:
            raise RegionNotPriced(cloud, r)
        return r

    def _live_instance(self, c: str, r: str, type_name: str, bundled: Optional[InstancePrice]) -> Optional[InstancePrice]:
        row = self.live.instance(c, r, type_name, bundled)
        if row is None or row is bundled or (row.vcpus and row.gpu is not None):
            return row
        shape = next((x for x in self._instance_rows.of(c).values() if x.type.lower() == type_name.lower()), None)
        if shape is None:
            return row
        return records.replace(
            row, type=shape.type, vcpus=row.vcpus or shape.vcpus, memory_gb=row.memory_gb or shape.memory_gb,
            gpu=shape.gpu, gpu_count=shape.gpu_count, gpu_memory_gb=shape.gpu_memory_gb,
        )

    # ------------------------------------------------------------------ compute

    def instance(self, cloud: str, region: Optional[str], type: str) -> InstancePrice:
        """One instance type's prices in a region; UnknownName for an unknown type or unpriced region."""
        c = self._cloud(cloud)
        r = self._region(c, region, priced=self.live is None)
        spelled = type.strip()
        prefix = ALL_CLOUDS[c].instance_type_prefix
        if prefix and not spelled.lower().startswith(prefix.lower()):
            spelled = prefix + spelled  # the guide writes NC4as_T4_v3 for Standard_NC4as_T4_v3
        wanted = spelled.lower()
        row = self._instance_rows.get((c, r, wanted))
        if self.live is not None:  # the API is asked in the snapshot's spelling when it has one
            row = self._live_instance(c, r, row.type if row else spelled, row)
        if row is not None:
            return row
        if not self.has_prices(c, r):
            raise RegionNotPriced(c, r, f"price for {spelled}")
        here = self._instance_rows.of(c)
        types_here = sorted({t.type for t in here.values() if t.region == r})
        if any(k[2] == wanted for k in here):
            priced_in = sorted(k[1] for k in here if k[2] == wanted)
            raise UnknownName(f"{c} instance type in {r} (priced in {', '.join(priced_in)})", type, types_here)
        raise UnknownName(f"{c} instance type", type, types_here)

    def instances(
        self,
        cloud: Optional[str] = None,
        region: Optional[str] = None,
        gpu: Optional[str] = None,
        min_gpu_memory_gb: Optional[Decimal | int | float] = None,
    ) -> list[InstancePrice]:
        """Instance rows matching every given filter, cheapest on-demand first.

        ``gpu`` is a gpu-specs name (case-insensitive; "A100" matches both A100 sizes);
        ``min_gpu_memory_gb`` is the TOTAL GPU memory of the instance (all its GPUs), the figure
        that decides whether a model fits.
        """
        c = self._cloud(cloud) if cloud else None
        r = self._region(c, region, priced=False) if (c and region) else (region.strip().lower() if region else None)
        if gpu is not None:
            g = gpu.strip().lower()
            known = {x.lower() for x in self._gpus}
            if g not in known and not any(k.startswith(g + "-") for k in known):
                raise UnknownName("GPU", gpu, self._gpus)
        min_mem = Decimal(str(min_gpu_memory_gb)) if min_gpu_memory_gb is not None else None
        out = []
        rows = self._instance_rows
        for row in (rows.in_region(c, r) if c and r else rows.of(c) if c else rows.all()).values():
            if r and row.region != r:
                continue
            if gpu is not None:
                name = (row.gpu or "").lower()
                if name != g and not name.startswith(g + "-"):
                    continue
            if min_mem is not None and row.total_gpu_memory_gb < min_mem:
                continue
            out.append(row)
        if c and r and not self.has_prices(c, r):
            out = self._live_region_rows(c, r, lambda x: _like(x, gpu, min_mem))
        out.sort(key=lambda x: (x.on_demand_hourly, x.cloud, x.region, x.type))
        return out

    def _live_region_rows(self, c: str, r: str, keep: Callable[[InstancePrice], bool]) -> list[InstancePrice]:
        """Rows for a valid region the snapshot does not price: each type the snapshot knows
        for the cloud, priced by the live prices (cache, then API); none offline -> RegionNotPriced."""
        if self.live is None:
            raise RegionNotPriced(c, r)
        types = sorted({x.type for x in self._instance_rows.of(c).values() if keep(x)})
        rows = [row for t in types if (row := self._live_instance(c, r, t, None)) is not None]
        if not rows:
            raise RegionNotPriced(c, r)
        return rows

    def accelerator(self, cloud: str, region: Optional[str], gpu_or_api_name: str) -> AcceleratorPrice:
        """Price of ONE attachable GPU (GCP), by gpu-specs name (T4) or API name (nvidia-tesla-t4)."""
        c = self._cloud(cloud)
        r = self._region(c, region)
        wanted = gpu_or_api_name.strip().lower()
        here = [a for a in self._accelerators if a.cloud == c and a.region == r]
        for a in here:
            if a.api_name.lower() == wanted:
                return a
        for a in here:  # by GPU name: the first (standard) accelerator of that GPU
            if a.gpu.lower() == wanted:
                return a
        raise UnknownName(f"{c} accelerator in {r}", gpu_or_api_name, [a.api_name for a in here] + [a.gpu for a in here])

    def accelerators(self, cloud: Optional[str] = None, region: Optional[str] = None) -> list[AcceleratorPrice]:
        c = self._cloud(cloud) if cloud else None
        r = self._region(c, region, priced=False) if (c and region) else None
        return [a for a in self._accelerators if (not c or a.cloud == c) and (not r or a.region == r)]

    # ------------------------------------------------------------------ platform

    def find_platform(self, cloud: str, region: Optional[str], item: str) -> Optional[PlatformPrice]:
        """A platform price, or None where the catalog has none (e.g. a free item)."""
        c = normalise_cloud(cloud)
        if not self._regions(c):
            return None
        r = DEFAULT_REGIONS.get(c, "") if region is None else (normalise_region(c, region) or "")
        row = self._platform_rows.get((c, r, item.strip().lower()))
        if self.live is not None and r:
            row = self.live.platform(c, r, item.strip(), row)
        return row

    def platform(self, cloud: str, region: Optional[str], item: str) -> PlatformPrice:
        c = self._cloud(cloud)
        r = self._region(c, region)
        row = self._platform_rows.get((c, r, item.strip().lower()))
        if row is None:
            raise UnknownName(f"{c} platform item in {r}", item, sorted(p.item for p in self.platforms(c, r)))
        return row

    def platforms(self, cloud: Optional[str] = None, region: Optional[str] = None) -> list[PlatformPrice]:
        c = self._cloud(cloud) if cloud else None
        r = self._region(c, region, priced=False) if (c and region) else None
        rows = self._platform_rows
        return [p for p in (rows.in_region(c, r) if c and r else rows.of(c) if c else rows.all()).values()
                if not r or p.region == r]

    # ------------------------------------------------------------------ hosted LLMs

    def llm(self, model: str) -> LlmPrice:
        """Token prices of a hosted model by id or alias (case, spaces and provider prefix ignored)."""
        row = self._llm_names.get(normalise_model(model))
        if self.live is not None:
            row = self.live.llm(row.model if row else normalise_model(model), row)
        if row is None:
            raise UnknownName("LLM", model, [m.model for m in self._llms])
        return row

    def llms(self, *, include_retired: bool = True) -> list[LlmPrice]:
        return [m for m in self._llms if include_retired or not m.retired]

    # ------------------------------------------------------------------ open models and GPUs

    def open_model(self, id: str) -> OpenModel:
        key = id.strip().lower()
        if key in self._open_models:
            return self._open_models[key]
        for m in self._open_models.values():  # the Hugging Face repo id works too
            if m.name.lower() == key:
                return m
        raise UnknownName("open model", id, self._open_models)

    def open_models(self) -> list[OpenModel]:
        return list(self._open_models.values())

    def gpu(self, name: str) -> GpuSpec:
        key = name.strip().lower()
        for g in self._gpus.values():
            if g.name.lower() == key:
                return g
        raise UnknownName("GPU", name, self._gpus)

    def gpus(self) -> list[GpuSpec]:
        return list(self._gpus.values())

    # ------------------------------------------------------------------ everything

    def all_rows(self) -> Iterable[Any]:
        """Every row of every table (for the validator)."""
        yield from self._instance_rows.all().values()
        yield from self._accelerators
        yield from self._platform_rows.all().values()
        yield from self._llms
        yield from self._open_models.values()
        yield from self._gpus.values()


@functools.lru_cache(maxsize=None)
def load_catalog(data_dir: Optional[Path] = None) -> Catalog:
    """The bundled catalog, one per process (pass ``data_dir`` to read another snapshot)."""
    return Catalog(data_dir or DATA_DIR)

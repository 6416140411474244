"""Azure OpenAI token prices per deployment type, read from an excerpt of LiteLLM's price map.

Azure prices the tokens of a pay-as-you-go deployment by its type: Global Standard (one price
whatever the resource's region), Data Zone Standard (a US and an EU zone, 10% above Global)
and regional Standard (priced from Infracost goldens in ``goldens.py``). LiteLLM's model map
(``model_prices_and_context_window.json``, the format llmkit's live token prices use) lists
them under ``azure/global-standard/`` and ``azure/global/`` (Global Standard) and ``azure/us/``
and ``azure/eu/`` (Data Zone Standard), per model and, where Azure prices versions apart, per
model version (``gpt-4o-2024-08-06``). ``upstream/llm-prices/litellm_azure_deployment_types.json``
keeps those entries unchanged for the models the catalog knows.

Each entry becomes two catalog rows per region it applies to,
``openai_tokens_1m:<type>:<model>:<version>:<input|output>`` in USD per million tokens. An entry
without a version becomes version ``*``: LiteLLM's one price for the model's name (what a
deployment that names no version is priced at). Two entries for the same row that disagree are
a build error, never a choice.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from llmkit.pricing.catalog.types import PlatformPrice

EXCERPT = "llm-prices/litellm_azure_deployment_types.json"
# The map as bundled in the litellm 1.110.2 wheel on PyPI; the wheel's CycloneDX SBOM
# (litellm-1.110.2.dist-info/sboms) was written at 2026-11-20T03:38:35Z, when the wheel (and
# the map in it) was built, so that is the date the prices were current.
CITE = ("BerriAI/litellm model_prices_and_context_window.json as bundled in the litellm 1.110.2 wheel "
        "(PyPI, built 2026-11-20)")
AS_OF = "2026-11-20"
PER_MILLION = Decimal(1_000_000)
ANY_VERSION = "*"

# LiteLLM key prefix -> (Azure deployment type, which regions it applies to).
PREFIXES = {
    "global-standard": ("GlobalStandard", "global"),
    "global": ("GlobalStandard", "global"),
    "us": ("DataZoneStandard", "us"),
    "eu": ("DataZoneStandard", "eu"),
}
# The bundled Azure regions and their data zone (learn.microsoft.com, Azure OpenAI deployment
# types: the US zone is the United States' regions, the EU zone the European Union's).
DATA_ZONES = {
    "eastus": "us", "eastus2": "us", "westus2": "us", "westus3": "us",
    "westeurope": "eu", "swedencentral": "eu",
}
_KEY = re.compile(r"azure/(?P<prefix>[a-z-]+)/(?P<model>.+?)(?:-(?P<version>\d{4}-\d{2}-\d{2}))?")


class LiteLLMError(ValueError):
    """An excerpt entry that does not give one price."""


def _per_million(entry: dict[str, object], field: str, key: str) -> Decimal:
    value = entry.get(field)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise LiteLLMError(f"{key}: {field} is not a positive number ({value!r})")
    price = (Decimal(str(value)) * PER_MILLION).normalize()
    return price.quantize(Decimal(1)) if price == price.to_integral() else price


def read_rows(excerpt: Path) -> list[PlatformPrice]:
    """The catalog rows of every entry in the excerpt, for each bundled region it applies to."""
    rows: dict[tuple[str, str], PlatformPrice] = {}
    for key, entry in json.loads(excerpt.read_text(encoding="utf-8")).items():
        m = _KEY.fullmatch(key)
        if m is None or m["prefix"] not in PREFIXES:
            raise LiteLLMError(f"{key}: not an azure/<global-standard|global|us|eu>/<model> entry")
        sku, zone = PREFIXES[m["prefix"]]
        version = m["version"] or ANY_VERSION
        regions = sorted(r for r, z in DATA_ZONES.items() if zone in ("global", z))
        for direction, field in (("input", "input_cost_per_token"), ("output", "output_cost_per_token")):
            price = _per_million(entry, field, key)
            item = f"openai_tokens_1m:{sku}:{m['model']}:{version}:{direction}"
            for region in regions:
                row = PlatformPrice(
                    cloud="azure", region=region, item=item, unit="1M tokens", price=price,
                    source=f"{CITE}: entry '{key}' {field} x 1M (excerpt in the repository: pricing/catalog/upstream/{EXCERPT})",
                    as_of=AS_OF,
                )
                seen = rows.get((region, item))
                if seen is not None and seen.price != price:
                    raise LiteLLMError(f"{key}: {item} is {price} here but {seen.price} in another entry")
                rows.setdefault((region, item), row)
    return list(rows.values())

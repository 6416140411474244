"""Cloud regions: the one place that says which region names exist and how to spell them.

A region is valid when the cloud has it publicly, not when the bundled price snapshot happens
to price it: a user in ``eu-central-1`` must get "no price for that yet (here is the command
that fetches it)", never "unknown region". So the lists here are of the clouds' regions:

* AWS from botocore's own endpoint data (``endpoints.json``, shipped with botocore and updated
  with every release), partitions ``aws``, ``aws-us-gov`` and ``aws-cn``;
* Azure and GCP, whose SDKs ship no region list, from the bundled lists below (their sources
  are named with them).

Each cloud's descriptor (``llmkit.core.clouds``) says which of these is its list
(``regions``), where it comes from (``region_source``) and how its zones are spelt
(``zone_pattern``): nothing here branches on a cloud's name, so a new cloud brings its list and
pattern in its descriptor. ``normalise_region`` is THE spelling rule (case, spaces, a zone for
its region) that the preview reader, the catalog and the CLI all use. It imports only the
bottom layer's cloud descriptors.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Optional

from llmkit.core.clouds import CLOUDS, resolve

# Where a cloud's region comes from when nothing says: one copy for the catalog, the stack
# config and the CLI, read from each cloud's descriptor.
DEFAULT_REGIONS = {name: cloud.default_region for name, cloud in CLOUDS.items()}

# Azure public-cloud regions (armRegionName), as listed by `az account list-locations
# --query "[?metadata.regionType=='Physical'].name"` and by the Retail Prices API's
# armRegionName values; learn.microsoft.com/azure/reliability/regions-list, checked 2026-11.
AZURE_REGIONS: tuple[str, ...] = (
    "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "austriaeast",
    "belgiumcentral", "brazilsouth", "brazilsoutheast", "canadacentral", "canadaeast", "centralindia",
    "centralus", "chilecentral", "denmarkeast", "eastasia", "eastus", "eastus2", "francecentral",
    "francesouth", "germanynorth", "germanywestcentral", "indonesiacentral", "israelcentral",
    "italynorth", "japaneast", "japanwest", "jioindiacentral", "jioindiawest", "koreacentral",
    "koreasouth", "malaysiawest", "mexicocentral", "newzealandnorth", "northcentralus", "northeurope",
    "norwayeast", "norwaywest", "polandcentral", "qatarcentral", "southafricanorth", "southafricawest",
    "southcentralus", "southeastasia", "southindia", "spaincentral", "swedencentral", "swedensouth",
    "switzerlandnorth", "switzerlandwest", "uaecentral", "uaenorth", "uksouth", "ukwest",
    "westcentralus", "westeurope", "westindia", "westus", "westus2", "westus3",
)

# GCP regions, from cloud.google.com/compute/docs/regions-zones (the "Available regions and
# zones" table) and `gcloud compute regions list`, checked 2026-11.
GCP_REGIONS: tuple[str, ...] = (
    "africa-south1", "asia-east1", "asia-east2", "asia-northeast1", "asia-northeast2",
    "asia-northeast3", "asia-south1", "asia-south2", "asia-southeast1", "asia-southeast2",
    "australia-southeast1", "australia-southeast2", "europe-central2", "europe-north1",
    "europe-north2", "europe-southwest1", "europe-west1", "europe-west10", "europe-west12",
    "europe-west2", "europe-west3", "europe-west4", "europe-west6", "europe-west8", "europe-west9",
    "me-central1", "me-central2", "me-west1", "northamerica-northeast1", "northamerica-northeast2",
    "northamerica-south1", "southamerica-east1", "southamerica-west1", "us-central1", "us-east1",
    "us-east4", "us-east5", "us-south1", "us-west1", "us-west2", "us-west3", "us-west4",
)

# The AWS partitions whose regions count (commercial, GovCloud, China).
_AWS_PARTITIONS = ("aws", "aws-us-gov", "aws-cn")


@functools.lru_cache(maxsize=None)
def aws_regions() -> tuple[str, ...]:
    """AWS regions from botocore's endpoint data (loaded on first use: botocore is not cheap).
    AWS's descriptor names this function as its region list."""
    from botocore.loaders import create_loader

    data = create_loader().load_data("endpoints")
    found: set[str] = set()
    for partition in data.get("partitions", []):
        if partition.get("partition") in _AWS_PARTITIONS:
            found.update(partition.get("regions", {}))
    return tuple(sorted(found))


def valid_regions(cloud: str) -> tuple[str, ...]:
    """Every public region of ``cloud`` (empty for a cloud with no list: then any is accepted),
    as its descriptor's ``regions`` names it: a tuple, or a function that loads one."""
    descriptor = CLOUDS.get(cloud)
    if descriptor is None or not descriptor.regions:
        return ()
    found = resolve(descriptor.regions)
    return tuple(found() if callable(found) else found)


def is_valid_region(cloud: str, region: str) -> bool:
    known = valid_regions(cloud)
    return not known or region in known


@functools.lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern[str]:
    """A descriptor's zone pattern, compiled the first time a region is normalised on that cloud
    (not at import: every command imports this module, and most never see a zone)."""
    return re.compile(pattern)


def normalise_region(cloud: Optional[str], value: Any) -> Optional[str]:
    """The one spelling of a region: Azure ``West Europe``/``WestEurope`` -> ``westeurope``; a
    zone (a GCP zone, an AWS availability or Local Zone: the descriptor's ``zone_pattern``) ->
    its region. Not text or empty -> None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().lower().replace(" ", "")
    descriptor = CLOUDS.get(cloud or "")
    if descriptor is None or not descriptor.zone_pattern:
        return text
    zone = _compiled(descriptor.zone_pattern).match(text)
    return zone.group(1) if zone else text

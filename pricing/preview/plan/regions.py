"""Where a planned resource runs: its own region input, then its explicit provider's, then the
stack config (each cloud's keys from its descriptor, llmkit.core.clouds), in the one spelling of
llmkit.core.regions."""

from __future__ import annotations

from typing import Any, Mapping, Optional

from llmkit.core.clouds import by_cloud
from llmkit.core.regions import normalise_region
from llmkit.core.unknown import UNKNOWN
from llmkit.pricing.preview.plan.model import cloud_of


def _region_value(cloud: Optional[str], value: Any) -> Optional[str]:
    """A region input in its one spelling (llmkit.core.regions); unknown or secret -> None."""
    if value in (UNKNOWN, "[secret]"):
        return None
    return normalise_region(cloud, value)


_OWN_KEYS = by_cloud("resource_region_keys")
_PROVIDER_KEYS = by_cloud("provider_region_keys")
_CONFIG_KEYS = by_cloud("region_config_keys")


def provider_urn(ref: Optional[str]) -> Optional[str]:
    """A provider reference is ``<provider urn>::<provider id>``; the id may be unknown."""
    if not ref:
        return None
    return ref.rsplit("::", 1)[0] if ref.count("::") >= 4 else ref


def resolve_region(
    token: str,
    inputs: Optional[Mapping[str, Any]],
    provider_ref: Optional[str],
    providers: Mapping[str, Mapping[str, Any]],
    config: Mapping[str, Any],
    memo: Optional[dict[tuple[str, Optional[str]], Optional[str]]] = None,
) -> Optional[str]:
    """Region of a resource: its own input, then its explicit provider's inputs, then config.

    ``memo`` (one dict per plan) keeps the provider / config fallback per (cloud, provider),
    which thousands of resources share."""
    cloud = cloud_of(token)
    if cloud is None:
        return None
    if inputs:
        for key in _OWN_KEYS[cloud]:
            value = inputs.get(key)
            if value is None:
                continue
            if value == UNKNOWN:
                return UNKNOWN  # computed at apply: the price cannot know its region yet
            region = _region_value(cloud, value)
            if region:
                return region
    if memo is None:
        return _fallback_region(cloud, provider_ref, providers, config)
    fallback = (cloud, provider_ref)
    if fallback not in memo:
        memo[fallback] = _fallback_region(cloud, provider_ref, providers, config)
    return memo[fallback]


def _fallback_region(
    cloud: str,
    provider_ref: Optional[str],
    providers: Mapping[str, Mapping[str, Any]],
    config: Mapping[str, Any],
) -> Optional[str]:
    purn = provider_urn(provider_ref)
    if purn and purn in providers:
        for key in _PROVIDER_KEYS[cloud]:
            region = _region_value(cloud, providers[purn].get(key))
            if region:
                return region
    for key in _CONFIG_KEYS[cloud]:
        region = _region_value(cloud, config.get(key))
        if region and region != "[secret]":
            return region
    return None

"""The registry of per-type pricers, in the style of Infracost's resources: type token ->
pricer. Two shapes register here:

* two-layer (the shape for new types): a *mapper* (``mappers/``) turns a resource's Pulumi
  inputs into a typed resource model, and the model's cost method (``models/``) turns it into
  cost lines. One line in ``TYPED`` below wires a token to its mapper and model.
* one-function pricers (``@pricer`` in the family modules), which read inputs and price in one
  step; they predate the split and move over type by type.

A pricer is ``(ctx: PriceContext) -> list[CostComponent]``.
"""

from __future__ import annotations

import dataclasses
import importlib
from typing import Any, Callable, Iterable, Optional

from llmkit.pricing.cost_component import CostComponent
from llmkit.pricing.preview.resources.base import UsageKey
from llmkit.pricing.preview.resources.context import PriceContext

# The one-function families, imported on first use (none of them imports a provider SDK).
_FAMILIES = (
    "aws_compute",
    "aws_storage",
    "aws_network",
    "aws_k8s",
    "aws_db",
    "aws_ops",
    "azure_compute",
    "azure_network",
    "azure_k8s",
    "azure_data",
    "gcp_compute",
    "gcp_network",
    "gcp_k8s",
    "gcp_data",
    "azure_ops",
    "azure_classic",
    "gcp_ops",
)

# Two-layer types: token -> ("mapper module:function", "model module:Class"), modules under
# this package. Adding a priced type = its mapper, its cost model, one line here, a test.
TYPED: dict[str, tuple[str, str]] = {}

PricerFn = Callable[[PriceContext], list[CostComponent]]


@dataclasses.dataclass(frozen=True)
class Pricer:
    types: tuple[str, ...]
    fn: PricerFn
    usage_keys: tuple[UsageKey, ...] = ()
    regional: bool = True  # needs a region (global services say False)


_REGISTRY: dict[str, Pricer] = {}
_loaded = False


def pricer(*types: str, usage: Iterable[UsageKey] = (), regional: bool = True) -> Callable[[PricerFn], PricerFn]:
    """Decorator registering a pricer for one or more type tokens."""

    def register(fn: PricerFn) -> PricerFn:
        entry = Pricer(types=tuple(types), fn=fn, usage_keys=tuple(usage), regional=regional)
        for token in types:
            if token in _REGISTRY:
                raise RuntimeError(f"two pricers for {token}")
            _REGISTRY[token] = entry
        return fn

    return register


def registry() -> dict[str, Pricer]:
    """All pricers by type token (loads the family modules once)."""
    global _loaded
    if not _loaded:
        for family in _FAMILIES:
            importlib.import_module(f"{_PACKAGE}.{family}")
        for token, (mapper, model) in TYPED.items():
            _register_typed(token, _resolve(mapper), _resolve(model))
        _loaded = True
    return _REGISTRY


_PACKAGE = __name__.rpartition(".")[0]


def _resolve(ref: str) -> Any:
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(f"{_PACKAGE}.{module}"), name)


def _register_typed(token: str, mapper: Callable[[PriceContext], Any], model: type) -> None:
    """One two-layer pricer: map the inputs to the typed model, then price the model."""

    def fn(ctx: PriceContext) -> list[CostComponent]:
        return mapper(ctx).cost(ctx)

    fn.__name__ = getattr(mapper, "__name__", "typed")
    pricer(token, usage=getattr(model, "USAGE", ()), regional=getattr(model, "REGIONAL", True))(fn)


def lookup(token: str) -> Optional[Pricer]:
    return registry().get(token)

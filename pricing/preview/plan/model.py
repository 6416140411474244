"""The plan's types: one ``PlannedResource`` per resource (the interchange shape of the whole
pricer) in a ``Plan``, and the URN and type-token helpers they are built with."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Mapping, Optional

from llmkit.core.clouds import cloud_of_token


@dataclasses.dataclass(frozen=True)
class PlannedResource:
    """One resource's planned change, the interchange shape of the whole pricer.

    ``op`` is normalised: create | delete | update | replace | same | read | import | refresh.
    ``old_inputs`` is None when the resource does not exist before the change, ``new_inputs``
    None when it does not exist after it. ``region`` is the resolved region (resource input,
    then its explicit provider, then top-level config), lower case, or None.
    """

    urn: str
    type: str
    custom: bool
    op: str
    old_inputs: Optional[dict[str, Any]]
    new_inputs: Optional[dict[str, Any]]
    provider_ref: Optional[str]
    region: Optional[str]
    parent: Optional[str] = None
    dependencies: tuple[str, ...] = ()
    property_dependencies: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    resource_id: Optional[str] = None  # outputs.id when the state has one (existing resources)
    # Derived once here, not per read: the pricers, the sort and the writers ask for them tens of
    # thousands of times on a big plan (a property re-split the URN on every read).
    name: str = dataclasses.field(init=False, repr=False, compare=False)  # the URN's last ``::`` segment
    cloud: Optional[str] = dataclasses.field(init=False, repr=False, compare=False)  # by the type's package

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", self.urn.rsplit("::", 1)[-1])
        object.__setattr__(self, "cloud", cloud_of(self.type))

    @classmethod
    def read(cls, **fields: Any) -> "PlannedResource":
        """The reader's constructor, given every field but the derived ones: the same object as
        ``cls(**fields)`` without the frozen ``__init__``'s one ``object.__setattr__`` per field
        (fourteen per resource, a third of building a 5,000-resource plan)."""
        obj = object.__new__(cls)
        vars(obj).update(fields, name=fields["urn"].rsplit("::", 1)[-1], cloud=cloud_of(fields["type"]))
        return obj

    @property
    def exists_before(self) -> bool:
        return self.old_inputs is not None

    @property
    def exists_after(self) -> bool:
        return self.new_inputs is not None


@dataclasses.dataclass
class Plan:
    """A parsed document: priceable resources, components, providers and top-level config."""

    resources: list[PlannedResource]
    components: list[PlannedResource]
    config: dict[str, Any]
    providers: dict[str, dict[str, Any]]  # provider URN -> its inputs
    _by_urn: dict[str, PlannedResource] = dataclasses.field(default_factory=dict, repr=False)
    _by_type: dict[str, list[PlannedResource]] = dataclasses.field(default_factory=dict, repr=False)
    cache: dict[Any, Any] = dataclasses.field(default_factory=dict, repr=False)  # pricers' lookup indexes

    def __post_init__(self) -> None:
        self._by_urn = {r.urn: r for r in self.resources}
        for c in self.components:
            self._by_urn.setdefault(c.urn, c)
        for r in self.resources:
            self._by_type.setdefault(r.type, []).append(r)

    def get(self, urn: str) -> Optional[PlannedResource]:
        return self._by_urn.get(urn)

    def of_type(self, *types: str) -> list[PlannedResource]:
        """Resources of these types, in plan order (indexed: pricers call this per resource)."""
        if len(types) == 1:
            return self._by_type.get(types[0], [])
        return [r for t in types for r in self._by_type.get(t, [])]


def urn_name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1] if "::" in urn else urn


def urn_type(urn: str) -> str:
    """The type token of a URN (the last ``$``-separated part of the qualified type)."""
    parts = urn.split("::")
    if len(parts) < 4:
        return ""
    return parts[-2].rsplit("$", 1)[-1]


_AZURE_API_VERSION = re.compile(r"/v\d{8}(?:preview)?|/v\d{4}\d{2}\d{2}\w*")


def normalise_type(token: str) -> str:
    """Map old spellings to the current token: azure-native 1.x ``compute/v20210301`` modules."""
    if token.startswith("azure-native:") and "/v" in token:
        return _AZURE_API_VERSION.sub("", token)
    return token


def cloud_of(token: str) -> Optional[str]:
    """The cloud of a type token, by its package (llmkit.core.clouds); None for others."""
    return cloud_of_token(token)

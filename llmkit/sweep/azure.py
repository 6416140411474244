"""Azure leftovers: each llmkit stack lives in its own resource group, so the sweep unit is the group.

Resource groups tagged ``llmkit-managed=true`` are listed through Azure Resource Manager
(``azure-mgmt-resource``; no per-service SDKs), their member resources read to price them
(VM sizes via the generic by-id GET), and a deletion is one ``begin_delete`` of the group,
which ARM carries out in dependency order itself. A group is priced only when every member
that bills is priced: a partial sum would understate, so it is shown as unknown instead.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
from decimal import Decimal
from typing import Any, Optional, Sequence

from llmkit.components.tags import MANAGED
from llmkit.core.errors import UserError
from llmkit.sweep.base import Leftover, default_catalog, hourly_cost, labels_to_fields

TAG_FILTER = f"tagName eq '{MANAGED}' and tagValue eq 'true'"
VM_API_VERSION = "2024-07-01"

# Member types that do not bill by themselves (their cost is in other members or in traffic).
FREE_MEMBER_TYPES = {
    "microsoft.network/virtualnetworks",
    "microsoft.network/networksecuritygroups",
    "microsoft.network/networkinterfaces",
    "microsoft.network/routetables",
    "microsoft.compute/availabilitysets",
    "microsoft.managedidentity/userassignedidentities",
    "microsoft.insights/autoscalesettings",
    "microsoft.insights/actiongroups",
}
def _platform_member(kind: str) -> Optional[tuple[str, Any]]:
    """(Pulumi type, model) of a member type billed as a platform service: the model the
    preview's mapper gives that type (a load balancer: the Standard SKU, the only one still
    sold), so the sweep and `llmkit price` price it with one cost model; None for other types."""
    from llmkit.pricing.preview.resources.mappers import azure as mapped

    return {
        "microsoft.network/publicipaddresses": ("azure-native:network:PublicIPAddress", mapped.PUBLIC_IP),
        "microsoft.network/loadbalancers": ("azure-native:network:LoadBalancer", mapped.STANDARD_LB),
        "microsoft.network/natgateways": ("azure-native:network:NatGateway", mapped.NAT_GATEWAY),
    }.get(kind)


class AzureSweep:
    """One subscription. ``client`` is an ``azure.mgmt.resource.ResourceManagementClient``."""

    cloud = "azure"

    def __init__(self, client: Any, subscription_id: str, catalog: Any = None, wait_seconds: float = 600.0):
        self.client = client
        self.subscription_id = subscription_id
        self.catalog = catalog
        self.wait_seconds = wait_seconds

    @classmethod
    def from_environment(cls, wait_seconds: float = 600.0) -> "AzureSweep":
        """Subscription from AZURE_SUBSCRIPTION_ID; credentials from DefaultAzureCredential."""
        subscription = os.environ.get("AZURE_SUBSCRIPTION_ID", "").strip()
        if not subscription:
            raise UserError("set AZURE_SUBSCRIPTION_ID to the subscription to sweep")
        from azure.identity import DefaultAzureCredential
        from azure.mgmt.resource.resources import ResourceManagementClient

        return cls(ResourceManagementClient(DefaultAzureCredential(), subscription), subscription, wait_seconds=wait_seconds)

    def identity(self) -> tuple[str, str]:
        return self.subscription_id, f"Azure subscription {self.subscription_id}"

    # -- errors ---------------------------------------------------------------------------
    @staticmethod
    def _status(exc: BaseException) -> Optional[int]:
        return getattr(exc, "status_code", None) or getattr(getattr(exc, "response", None), "status_code", None)

    def is_throttle(self, exc: BaseException) -> bool:
        return self._status(exc) == 429

    def is_not_found(self, exc: BaseException) -> bool:
        from azure.core.exceptions import ResourceNotFoundError

        return isinstance(exc, ResourceNotFoundError) or self._status(exc) == 404

    def reason(self, exc: BaseException) -> str:
        code = getattr(getattr(exc, "error", None), "code", None)
        status = self._status(exc)
        first = str(getattr(exc, "message", "") or exc).splitlines()[0] if str(exc) else ""
        return f"{code or type(exc).__name__}{f' (HTTP {status})' if status else ''}: {first}"[:300]

    # -- inventory ------------------------------------------------------------------------
    def list_leftovers(self) -> list[Leftover]:
        from azure.core.exceptions import ClientAuthenticationError

        try:
            groups = list(self.client.resource_groups.list(filter=TAG_FILTER))
        except ClientAuthenticationError:
            raise UserError("Azure sign-in failed (az login, or AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET)") from None
        out = []
        for group in groups:
            tags = dict(group.tags or {})
            fields = labels_to_fields(tags)
            if group.tags is None:
                fields["managed"] = True  # the server filtered on the tag; ARM may omit tags then
            if getattr(group.properties, "provisioning_state", None) == "Deleting":
                continue
            members = list(self.client.resources.list_by_resource_group(group.name, expand="createdTime"))
            created = [m.created_time for m in members if getattr(m, "created_time", None)]
            item = Leftover(
                id=group.name,
                type="resourcegroup",
                region=group.location,
                created_at=_utc(min(created)) if created else None,
                name=group.name,
                rank=0,
                detail={"members": [m.id for m in members]},
                **fields,
            )
            self._price(item, members)
            out.append(item)
        return out


    def _price(self, item: Leftover, members: Sequence[Any]) -> None:
        """Sum of member prices, or unknown if any billing member has no price."""
        cat = self.catalog = default_catalog(self.catalog)
        total, unknown = Decimal(0), []
        for m in members:
            kind = str(m.type).lower()
            if kind in FREE_MEMBER_TYPES:
                continue
            cost = None
            try:
                cost = self._member_cost(cat, kind, m, item)
            except Exception:  # noqa: BLE001 - not in the catalog: stays unknown
                cost = None
            if cost is None:
                unknown.append(kind)
            else:
                total += cost
        item.detail["unpriced_types"] = sorted(set(unknown))
        if not unknown:
            item.hourly_cost, item.cost_basis = total, "catalog"
        item.gpu = item.gpu or any(
            k in ("microsoft.compute/virtualmachines", "microsoft.compute/virtualmachinescalesets") and s.startswith("Standard_N")
            for k, s in item.detail.get("sizes", [])
        )

    def _member_cost(self, cat: Any, kind: str, m: Any, item: Leftover) -> Optional[Decimal]:
        """A group member as the typed resource model ``llmkit price`` prices its Pulumi type with."""
        from llmkit.pricing.preview.resources.models.common import Machines

        location = m.location or item.region
        if kind == "microsoft.compute/virtualmachinescalesets":
            if m.sku is None or m.sku.capacity is None:
                return None  # size unknown: the group's cost is unknown, never priced as 0 VMs
            size, count, token = m.sku.name, int(m.sku.capacity), "azure-native:compute:VirtualMachineScaleSet"
        elif kind == "microsoft.compute/virtualmachines":
            vm = self.client.resources.get_by_id(m.id, api_version=VM_API_VERSION)
            size, count = (vm.properties or {}).get("hardwareProfile", {}).get("vmSize"), 1
            token = "azure-native:compute:VirtualMachine"
        elif cat is not None and (member := _platform_member(kind)) is not None:
            return hourly_cost(cat, member[0], location, member[1])
        else:
            return None
        item.detail.setdefault("sizes", []).append((kind, str(size)))
        if cat is None:
            return None
        with contextlib.suppress(LookupError):  # not priced: the N-series guess in _price stands
            item.gpu = item.gpu or bool(cat.instance("azure", location, size).gpu)
        return hourly_cost(cat, token, location, Machines(str(size), count))

    # -- deletion -------------------------------------------------------------------------
    def delete(self, item: Leftover) -> None:
        poller = self.client.resource_groups.begin_delete(item.id)
        poller.wait(timeout=self.wait_seconds)
        if not poller.done():
            raise TimeoutError(f"still deleting after {self.wait_seconds:.0f}s (rerun to check)")
        poller.result()

    def after_rank(self, rank: int, deleted: Sequence[Leftover]) -> None:
        """Nothing to wait for: each group deletion was awaited."""


def _utc(when: _dt.datetime) -> _dt.datetime:
    return when if when.tzinfo else when.replace(tzinfo=_dt.timezone.utc)


def from_options(regions: Sequence[str], wait_seconds: float) -> AzureSweep:
    """The sweep ``llmkit sweep --cloud azure`` runs (named by the Azure descriptor in
    llmkit.core.clouds): the whole subscription, so ``--region`` does not narrow it."""
    return AzureSweep.from_environment(wait_seconds=wait_seconds)

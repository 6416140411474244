"""GCP leftovers: labelled resources found by label, and what cannot carry labels found through them.

Labelled (``llmkit-managed=true``): instances, instance templates, disks, forwarding rules
(regional and global), addresses (regional and global), buckets. Not labelable on GCP, so
derived from a labelled resource that points at them, and they inherit its labels: managed
instance groups (whose template is ours), their autoscalers and backend services, health
checks of those backend services, and the target proxy and URL map behind one of our global
forwarding rules. Networks, subnetworks, firewalls and routers are not derived: a template can
point at a shared network (``default``), and deleting that is exactly the risk a sweep must
not take; they are free except Cloud NAT, and are left for ``pulumi destroy``.

Instances created by one of our groups are listed (they bill) but deleted with their group.
google-cloud-compute (REST transport) and google-cloud-storage only; imported here only.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
from decimal import Decimal
from typing import Any, Callable, Iterable, Optional, Sequence

from llmkit.components.tags import MANAGED
from llmkit.core.errors import UserError
from llmkit.sweep.base import Leftover, default_catalog, hourly_cost, labels_to_fields

GIB = Decimal(1024**3)
LABEL_FILTER = f'labels.{MANAGED} = "true"'
_LINK = re.compile(r"projects/(?P<project>[^/]+)/(?:(?P<scope>zones|regions)/(?P<where>[^/]+)/|global/)(?P<kind>[A-Za-z]+)/(?P<name>[^/]+)$")

# kind -> (deletion rank, hourly cost is free?)
RANKS = {
    "buckets": 0,
    "forwardingRules": 0,
    "autoscalers": 0,
    "targetHttpProxies": 1,
    "urlMaps": 2,
    "backendServices": 3,
    "instanceGroupManagers": 4,
    "instances": 4,
    "instanceTemplates": 5,
    "healthChecks": 5,
    "disks": 5,
    "addresses": 6,
}
FREE_KINDS = {"autoscalers", "targetHttpProxies", "urlMaps", "backendServices", "instanceGroupManagers", "instanceTemplates", "healthChecks"}
# kind -> (global client, regional client, zonal client, request field naming the resource)
CLIENTS = {
    "instances": (None, None, "InstancesClient", "instance"),
    "instanceTemplates": ("InstanceTemplatesClient", "RegionInstanceTemplatesClient", None, "instance_template"),
    "disks": (None, "RegionDisksClient", "DisksClient", "disk"),
    "forwardingRules": ("GlobalForwardingRulesClient", "ForwardingRulesClient", None, "forwarding_rule"),
    "addresses": ("GlobalAddressesClient", "AddressesClient", None, "address"),
    "instanceGroupManagers": (None, "RegionInstanceGroupManagersClient", "InstanceGroupManagersClient", "instance_group_manager"),
    "autoscalers": (None, "RegionAutoscalersClient", "AutoscalersClient", "autoscaler"),
    "backendServices": ("BackendServicesClient", "RegionBackendServicesClient", None, "backend_service"),
    "healthChecks": ("HealthChecksClient", "RegionHealthChecksClient", None, "health_check"),
    "targetHttpProxies": ("TargetHttpProxiesClient", "RegionTargetHttpProxiesClient", None, "target_http_proxy"),
    "urlMaps": ("UrlMapsClient", "RegionUrlMapsClient", None, "url_map"),
}


def parse_link(link: str) -> Optional[dict[str, str]]:
    """A compute selfLink -> project, scope (zones|regions|''), where, kind, name."""
    m = _LINK.search(link or "")
    return {k: (v or "") for k, v in m.groupdict().items()} if m else None


def _region(scope: str, where: str) -> str:
    return where.rsplit("-", 1)[0] if scope == "zones" else (where or "global")


def _place(link: str) -> Optional[str]:
    """``zones|regions/<where>/<kind>/<name>`` of a link: the same resource whether the link names
    the project by id or by number."""
    parsed = parse_link(link)
    if parsed is None:
        return None
    return f"{parsed['scope'] or 'global'}/{parsed['where']}/{parsed['kind']}/{parsed['name']}"


def _time(text: Any) -> Optional[_dt.datetime]:
    if not text:
        return None
    try:
        return _dt.datetime.fromisoformat(str(text).replace("Z", "+00:00")).astimezone(_dt.timezone.utc)
    except ValueError:
        return None


class GcpSweep:
    """One project."""

    cloud = "gcp"

    def __init__(
        self,
        project: str,
        client_factory: Callable[[str], Any],
        storage_client: Any,
        catalog: Any = None,
        wait_seconds: float = 600.0,
    ):
        self.project = project
        self._factory = client_factory
        self._clients: dict[str, Any] = {}
        self.storage = storage_client
        self.catalog = catalog
        self.wait_seconds = wait_seconds

    @classmethod
    def from_environment(cls, regions: Sequence[str] | None = None, wait_seconds: float = 600.0, **client_kwargs: Any) -> "GcpSweep":
        """Project from GOOGLE_CLOUD_PROJECT (or the default credentials); REST transport."""
        import warnings

        with warnings.catch_warnings():
            # google.api_core warns at import about Python versions it will drop in 2027: noise
            # on every sweep that says nothing about the sweep.
            warnings.simplefilter("ignore", FutureWarning)
            from google.cloud import compute_v1, storage  # type: ignore[attr-defined]

        project = os.environ.get("GOOGLE_CLOUD_PROJECT") or os.environ.get("CLOUDSDK_CORE_PROJECT")
        if not project and "credentials" not in client_kwargs:
            try:
                import google.auth

                _, project = google.auth.default()
            except Exception:  # noqa: BLE001 - no ADC: say what to set
                project = None
        if not project:
            raise UserError("set GOOGLE_CLOUD_PROJECT to the project to sweep (and application default credentials)")

        def factory(name: str) -> Any:
            return getattr(compute_v1, name)(transport="rest", **client_kwargs)

        storage_kwargs = dict(client_kwargs)
        return cls(project, factory, storage.Client(project=project, **storage_kwargs), wait_seconds=wait_seconds)

    def client(self, name: str) -> Any:
        if name not in self._clients:
            self._clients[name] = self._factory(name)
        return self._clients[name]

    def identity(self) -> tuple[str, str]:
        return self.project, f"GCP project {self.project}"

    # -- errors ---------------------------------------------------------------------------
    def is_throttle(self, exc: BaseException) -> bool:
        return getattr(exc, "code", None) == 429 or type(exc).__name__ in ("TooManyRequests", "ResourceExhausted")

    def is_not_found(self, exc: BaseException) -> bool:
        return getattr(exc, "code", None) == 404 or type(exc).__name__ == "NotFound"

    def reason(self, exc: BaseException) -> str:
        code = getattr(exc, "code", None)
        message = str(getattr(exc, "message", None) or exc).splitlines()[0] if str(exc) else ""
        message = re.sub(r"^(GET|POST|PUT|PATCH|DELETE) \S+: ", "", message)  # the request URL adds nothing
        return f"{type(exc).__name__}{f' (HTTP {code})' if code else ''}: {message}"[:400]

    # -- inventory ------------------------------------------------------------------------
    def _aggregated(self, client: str, field: str, labelled: bool) -> Iterable[Any]:
        request: dict[str, Any] = {"project": self.project}
        if labelled:
            request["filter"] = LABEL_FILTER
        for _scope, scoped in self.client(client).aggregated_list(request=request):
            yield from getattr(scoped, field, [])

    def _global(self, client: str) -> Iterable[Any]:
        yield from self.client(client).list(project=self.project)

    def _make(self, res: Any, labels: dict[str, str], created: Any = None) -> Optional[Leftover]:
        link = parse_link(res.self_link)
        if link is None:
            return None
        fields = labels_to_fields(labels)
        return Leftover(
            id=res.self_link, type=link["kind"], region=_region(link["scope"], link["where"]),
            created_at=_time(created if created is not None else getattr(res, "creation_timestamp", None)),
            name=link["name"], rank=RANKS.get(link["kind"], 50), detail={"link": link, "labels": labels}, **fields,
        )

    def list_leftovers(self) -> list[Leftover]:
        found: dict[str, Leftover] = {}

        def add(item: Optional[Leftover], res: Any = None) -> Optional[Leftover]:
            if item is not None and item.managed and item.id not in found:
                found[item.id] = item
                if res is not None:
                    item.detail["res"] = res
            return item

        for inst in self._aggregated("InstancesClient", "instances", True):
            add(self._make(inst, dict(inst.labels)), inst)
        for disk in self._aggregated("DisksClient", "disks", True):
            add(self._make(disk, dict(disk.labels)), disk)
        for rule in self._aggregated("ForwardingRulesClient", "forwarding_rules", True):
            add(self._make(rule, dict(rule.labels)), rule)
        for addr in self._aggregated("AddressesClient", "addresses", True):
            add(self._make(addr, dict(addr.labels)), addr)
        for rule in self._global("GlobalForwardingRulesClient"):
            add(self._make(rule, dict(rule.labels)), rule)
        for addr in self._global("GlobalAddressesClient"):
            add(self._make(addr, dict(addr.labels)), addr)
        templates: dict[str, dict[str, str]] = {}
        for tpl in self._global("InstanceTemplatesClient"):
            labels = dict(tpl.properties.labels) if tpl.properties else {}
            if add(self._make(tpl, labels), tpl) and labels.get(MANAGED) == "true":
                templates[tpl.self_link] = labels
        self._derive(found, templates, add)
        for bucket in self.storage.list_buckets():
            labels = dict(bucket.labels or {})
            if labels.get(MANAGED) != "true":
                continue
            fields = labels_to_fields(labels)
            item = Leftover(
                id=bucket.name, type="buckets", region=str(bucket.location or "").lower() or "global",
                created_at=bucket.time_created, name=bucket.name, rank=RANKS["buckets"],
                detail={"labels": labels, "storage_class": bucket.storage_class}, **fields,
            )
            add(item)
        groups = {_place(i.id) for i in found.values() if i.type == "instanceGroupManagers"}
        for item in found.values():
            if item.type == "instances" and self._created_by(item) in groups:
                item.action = "with-group"  # deleting it alone would make the group recreate it
            self._price(item)
        return list(found.values())

    def _derive(self, found: dict[str, Leftover], templates: dict[str, dict[str, str]], add: Callable[..., Any]) -> None:
        """Unlabelable resources reachable from ours take the labels of what points at them."""
        groups: dict[str, dict[str, str]] = {}
        for mig in self._aggregated("InstanceGroupManagersClient", "instance_group_managers", False):
            refs = [mig.instance_template] + [v.instance_template for v in mig.versions]
            labels = next((templates[r] for r in refs if r in templates), None)
            if labels is not None:
                add(self._make(mig, labels), mig)
                groups[mig.instance_group] = labels
                groups[mig.self_link] = labels
        for scaler in self._aggregated("AutoscalersClient", "autoscalers", False):
            if scaler.target in groups:
                add(self._make(scaler, groups[scaler.target]), scaler)
        services: dict[str, dict[str, str]] = {}
        for svc in self._aggregated("BackendServicesClient", "backend_services", False):
            labels = next((groups[b.group] for b in svc.backends if b.group in groups), None)
            if labels is not None:
                add(self._make(svc, labels), svc)
                services[svc.self_link] = labels
                for hc in svc.health_checks:
                    link = parse_link(hc)
                    if link:
                        add(Leftover(id=hc, type=link["kind"], region=_region(link["scope"], link["where"]), created_at=None,
                                     name=link["name"], rank=RANKS["healthChecks"], detail={"link": link, "labels": labels},
                                     **labels_to_fields(labels)))
        for item in list(found.values()):
            if item.type != "forwardingRules" or "res" not in item.detail:
                continue
            target = parse_link(item.detail["res"].target)
            if not target or target["kind"] != "targetHttpProxies" or target["scope"]:
                continue
            labels = item.detail["labels"]
            try:
                proxy = self.client("TargetHttpProxiesClient").get(project=self.project, target_http_proxy=target["name"])
            except Exception as exc:  # noqa: BLE001
                if self.is_not_found(exc):
                    continue
                raise
            url_map = parse_link(proxy.url_map)
            if url_map and url_map["kind"] == "urlMaps" and not url_map["scope"]:
                umap = self.client("UrlMapsClient").get(project=self.project, url_map=url_map["name"])
                if umap.default_service in services:  # only a map that routes to our service is ours
                    add(self._make(proxy, labels), proxy)
                    add(self._make(umap, labels), umap)

    @staticmethod
    def _created_by(item: Leftover) -> Optional[str]:
        """The group that made an instance (metadata ``created-by``, which names the project by number)."""
        res = item.detail.get("res")
        for entry in getattr(getattr(res, "metadata", None), "items", []) or []:
            if entry.key == "created-by":
                return _place(str(entry.value))
        return None

    # -- prices ---------------------------------------------------------------------------

    def _price(self, item: Leftover) -> None:
        res = item.detail.get("res")
        if item.type == "instances" and res is not None:
            item.gpu = bool(res.guest_accelerators) or str(res.machine_type).rsplit("/", 1)[-1][:2] in ("a2", "a3", "g2")
        if item.type in FREE_KINDS:
            item.hourly_cost, item.cost_basis = Decimal(0), "free"
            return
        cat = self.catalog = default_catalog(self.catalog)
        if cat is None:
            return
        try:
            cost = self._catalog_cost(cat, item, res)
        except Exception:  # noqa: BLE001 - not in the catalog: unknown
            cost = None
        if cost is not None:
            item.hourly_cost, item.cost_basis = cost, "catalog"

    def _catalog_cost(self, cat: Any, item: Leftover, res: Any) -> Optional[Decimal]:
        """The leftover as the typed model its Pulumi type's mapper makes (llmkit.pricing.preview
        .resources.mappers.gcp), priced by the same cost model ``llmkit price`` uses."""
        from llmkit.pricing.preview.resources.mappers import gcp as mapped
        from llmkit.pricing.preview.resources.models.common import CostModel, Machines, Volume
        from llmkit.pricing.preview.resources.models.gcp import GcsBucket

        region, usage = item.region, None
        model: CostModel
        if item.type == "instances":
            machine = str(res.machine_type).rsplit("/", 1)[-1]
            with contextlib.suppress(LookupError):  # not priced: the family guess in _price stands
                item.gpu = item.gpu or bool(cat.instance("gcp", region, machine).gpu)
            guests = tuple((str(acc.accelerator_type).rsplit("/", 1)[-1], int(acc.accelerator_count)) for acc in res.guest_accelerators)
            token, model = "gcp:compute/instance:Instance", Machines(machine, accelerators=guests)
        elif item.type == "forwardingRules":
            # a global rule is priced at the cloud's default region, where the catalog keeps it
            region = region if region != "global" else cat.default_region("gcp")
            token, model = "gcp:compute/forwardingRule:ForwardingRule", mapped.FORWARDING_RULE
        elif item.type == "addresses":
            region = region if region != "global" else cat.default_region("gcp")
            internal = str(getattr(res, "address_type", "") or "").upper() == "INTERNAL"
            token, model = "gcp:compute/address:Address", mapped.INTERNAL_ADDRESS if internal else mapped.EXTERNAL_ADDRESS
        elif item.type == "disks":
            token, model = "gcp:compute/disk:Disk", Volume(str(res.type_).rsplit("/", 1)[-1], int(res.size_gb))
        elif item.type == "buckets":
            # a multi-region location (US, EU) has no catalog rate: unknown, as `llmkit price` says
            size = sum(int(b.size or 0) for b in self.storage.list_blobs(item.id, max_results=10000))
            token, model = "gcp:storage/bucket:Bucket", GcsBucket(str(item.detail.get("storage_class") or "STANDARD").upper())
            usage = {"storage_gb": Decimal(size) / GIB}
        else:
            return None
        return hourly_cost(cat, token, region, model, usage)

    # -- deletion -------------------------------------------------------------------------
    def delete(self, item: Leftover) -> None:
        if item.type == "buckets":
            bucket = self.storage.bucket(item.id)
            for blob in self.storage.list_blobs(item.id, versions=True):
                blob.delete()
            bucket.delete()
            return
        link = item.detail["link"]
        global_client, regional_client, zonal_client, field = CLIENTS[item.type]
        request: dict[str, Any] = {"project": link["project"], field: link["name"]}
        if link["scope"] == "zones":
            client, request["zone"] = zonal_client, link["where"]
        elif link["scope"] == "regions":
            client, request["region"] = regional_client, link["where"]
        else:
            client = global_client
        if client is None:
            raise LookupError(f"no delete call for a {link['scope'] or 'global'} {item.type}")
        operation = self.client(client).delete(request=request)
        operation.result(timeout=self.wait_seconds)

    def after_rank(self, rank: int, deleted: Sequence[Leftover]) -> None:
        """Nothing to wait for: every delete operation was awaited."""


def from_options(regions: Sequence[str], wait_seconds: float) -> GcpSweep:
    """The sweep ``llmkit sweep --cloud gcp`` runs (named by the GCP descriptor in
    llmkit.core.clouds): the given regions, else every region of the project."""
    return GcpSweep.from_environment(regions=list(regions) or None, wait_seconds=wait_seconds)

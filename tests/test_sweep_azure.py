"""The Azure sweep through azure-mgmt-resource's real HTTP pipeline against a local ARM replay.

No Azure emulator exists, so ``replay_server`` answers ARM's REST routes on 127.0.0.1 from
``fixtures/sweep/azure_arm.json`` (shapes as ARM returns them: resource group list with
``$filter`` on tags, resources with ``$expand=createdTime``, a VM by id, and DELETE as a 202
long-running operation polled through its Location header). Only the token policy is replaced
(bearer tokens are refused over plain http); everything else is the SDK's own pipeline.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from decimal import Decimal
from typing import Any, Iterator

import pytest

from llmkit.sweep import base
from llmkit.sweep.azure import TAG_FILTER, AzureSweep
from tests._catalog_subset import subset_catalog

from replay_server import Reply, Request, ReplayServer, load

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.timezone.utc)


class AzureState:
    """The subscription the replay serves; DELETE removes a group from later listings."""

    def __init__(self) -> None:
        self.fx = copy.deepcopy(load("azure_arm.json"))
        self.groups = {g["name"]: g for g in self.fx["resourceGroups"]["value"]}
        self.throttle_deletes = 0  # answer this many DELETEs with 429 first
        self.vanish_on_delete: set[str] = set()  # deleted by someone else just before our DELETE
        self.deleted: list[str] = []

    def list_groups(self, req: Request) -> Reply:
        groups = list(self.groups.values())
        f = req.q("$filter")
        if f:
            m = __import__("re").match(r"tagName eq '([^']+)' and tagValue eq '([^']+)'", f)
            assert m, f
            groups = [g for g in groups if (g.get("tags") or {}).get(m.group(1)) == m.group(2)]
        return 200, {"value": groups}, {}

    def list_resources(self, req: Request) -> Reply:
        name = req.match.group("rg")
        if name not in self.groups:
            return 404, {"error": {"code": "ResourceGroupNotFound", "message": f"Resource group '{name}' could not be found."}}, {}
        items = copy.deepcopy(self.fx["resources"].get(name, []))
        if "createdTime" not in (req.q("$expand") or ""):
            for r in items:
                r.pop("createdTime", None)
        return 200, {"value": items}, {}

    def get_vm(self, req: Request) -> Reply:
        return 200, self.fx["virtualMachine"], {}

    def delete_group(self, req: Request) -> Reply:
        name = req.match.group("rg")
        if self.throttle_deletes > 0:
            self.throttle_deletes -= 1
            return 429, {"error": {"code": "TooManyRequests", "message": "throttled"}}, {"Retry-After": "0"}
        if name in self.vanish_on_delete:
            self.groups.pop(name, None)
        if name not in self.groups:
            return 404, {"error": {"code": "ResourceGroupNotFound", "message": f"Resource group '{name}' could not be found."}}, {}
        del self.groups[name]
        self.deleted.append(name)
        return 202, None, {"Location": f"{self.base}/operationresults/{name}", "Retry-After": "0"}

    def operation(self, req: Request) -> Reply:
        return 200, None, {}

    def install(self, server: ReplayServer) -> None:
        self.base = server.url
        sub = r"/subscriptions/[^/]+"
        server.route("GET", sub + r"/resourcegroups", self.list_groups)
        server.route("GET", sub + r"/resourcegroups/(?P<rg>[^/]+)/resources", self.list_resources)
        server.route("GET", sub + r"/resourceGroups/[^/]+/providers/Microsoft.Compute/virtualMachines/[^/]+", self.get_vm)
        server.route("DELETE", sub + r"/resourcegroups/(?P<rg>[^/]+)", self.delete_group)
        server.route("GET", r"/operationresults/[^/]+", self.operation)


class _Token:
    def get_token(self, *scopes: str, **kw: Any) -> Any:  # never called: the auth policy is replaced
        raise AssertionError("no token over plain http")


def _catalog(root: Path) -> Any:
    """Just the bundled rows these fixtures need; anything else is unknown, as in the real catalog."""
    return subset_catalog(
        root,
        instances=[("azure", "eastus", "Standard_NC4as_T4_v3"), ("azure", "westeurope", "Standard_D2s_v5")],
        # the data rates (lb_capacity_unit_hour, nat_gateway_gb) are usage-based: no part of an idle cost
        platform=[("azure", "eastus", item) for item in ("public_ipv4_hour", "lb_hour", "lb_capacity_unit_hour", "nat_gateway_hour", "nat_gateway_gb")],
    )


@pytest.fixture
def arm(tmp_path: Path) -> Iterator[tuple[AzureState, ReplayServer, AzureSweep]]:
    from azure.core.pipeline.policies import SansIOHTTPPolicy
    from azure.mgmt.resource.resources import ResourceManagementClient

    state = AzureState()
    with ReplayServer() as server:
        state.install(server)
        client = ResourceManagementClient(
            _Token(), state.fx["subscription"], base_url=server.url,
            authentication_policy=SansIOHTTPPolicy(), polling_interval=0, retry_backoff_factor=0.01,
        )
        yield state, server, AzureSweep(client, state.fx["subscription"], catalog=_catalog(tmp_path), wait_seconds=10)


def test_lists_only_managed_groups_priced_gpu_first(arm):
    state, server, sweep = arm
    report = base.plan(sweep, base.Filter(now=NOW))
    names = [r.id for r in report.resources]
    assert names[0] == "chat-test-aaaaaa"  # the GPU scale set
    assert set(names) == {"chat-test-aaaaaa", "chat-test-cccccc", "chat-test-bbbbbb", "chat-prod"}
    assert ("GET", f"/subscriptions/{state.fx['subscription']}/resourcegroups", {"$filter": [TAG_FILTER], "api-version": ["2025-04-01"]}) in server.requests
    by = {r.id: r for r in report.resources}
    gpu = by["chat-test-aaaaaa"]
    assert gpu.gpu and gpu.hourly_cost == Decimal("0.526") * 2 + Decimal("0.025") + Decimal("0.005") + Decimal("0.045")
    assert gpu.created_at == dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone.utc)
    # A key vault has no catalog price: the group is unknown, not a smaller number.
    assert by["chat-test-cccccc"].hourly_cost is None and by["chat-test-cccccc"].detail["unpriced_types"] == ["microsoft.keyvault/vaults"]
    assert by["chat-test-cccccc"].detail["sizes"] == [("microsoft.compute/virtualmachines", "Standard_D2s_v5")]
    assert by["chat-prod"].hourly_cost == 0  # only a virtual network: free
    assert server.count("DELETE", ".") == 0


def test_delete_expired_deletes_exactly_the_expired_groups(arm):
    state, server, sweep = arm
    report = base.execute(sweep, base.plan(sweep, base.Filter(expired=True, now=NOW)))
    assert sorted(report.deleted) == ["chat-test-aaaaaa", "chat-test-cccccc"] and report.failed == []
    assert sorted(state.deleted) == ["chat-test-aaaaaa", "chat-test-cccccc"]
    assert {"chat-test-bbbbbb", "chat-prod", "not-ours", "claims-ours", "chat-test-dddddd"} <= set(state.groups)
    again = base.plan(sweep, base.Filter(expired=True, now=NOW))
    assert again.resources == []  # converged; the group already being deleted is not touched


def test_throttled_and_vanished_groups(arm):
    state, server, sweep = arm
    state.throttle_deletes = 2
    state.vanish_on_delete = {"chat-test-cccccc"}
    report = base.execute(sweep, base.plan(sweep, base.Filter(expired=True, now=NOW)), base.Backoff(sleep=lambda s: None))
    assert report.failed == []
    assert report.deleted == ["chat-test-aaaaaa"] and report.vanished == ["chat-test-cccccc"]
    assert server.count("DELETE", "chat-test-aaaaaa") == 3  # two 429s, retried, then accepted


def test_filters_by_owner_stack_and_age(arm):
    state, server, sweep = arm
    assert [r.id for r in base.plan(sweep, base.Filter(stack="chat-prod", now=NOW)).resources] == ["chat-prod"]
    assert base.plan(sweep, base.Filter(owner="bob", now=NOW)).resources == []
    old = base.plan(sweep, base.Filter(older_than=dt.timedelta(days=2), now=NOW)).resources
    assert {r.id for r in old} == {"chat-test-aaaaaa", "chat-test-cccccc", "chat-prod"}  # bbbbbb is 3 hours old


def test_cli_requires_a_subscription(cli, monkeypatch):
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID", raising=False)
    result = cli("sweep", "--cloud", "azure")
    assert result.code == 2 and "AZURE_SUBSCRIPTION_ID" in result.err


def test_a_scale_set_of_unknown_size_makes_its_group_unknown_not_cheaper(arm):
    state, server, sweep = arm
    del state.fx["resources"]["chat-test-aaaaaa"][0]["sku"]["capacity"]
    report = base.plan(sweep, base.Filter(now=NOW))
    gpu = {r.id: r for r in report.resources}["chat-test-aaaaaa"]
    assert gpu.hourly_cost is None
    assert "microsoft.compute/virtualmachinescalesets" in gpu.detail["unpriced_types"]

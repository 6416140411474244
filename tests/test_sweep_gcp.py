"""The GCP sweep through google-cloud-compute (REST transport) and google-cloud-storage, for real
over HTTP, against a local replay of the Compute and Storage JSON APIs.

There is no GCP emulator for Compute, so ``replay_server`` answers the REST routes the SDKs call
(aggregatedList by scope with the label filter, global lists and gets, DELETE returning a DONE
operation; Storage bucket/object list and delete) from ``fixtures/sweep/gcp_project.json``. The
replay enforces what GCP enforces and the order must respect: a group used by a backend
service, a backend service used by a URL map, a URL map used by a proxy, a proxy used by a
forwarding rule, and a non-empty bucket all refuse deletion. Deleting a group deletes the
instances it created, as GCP does. Credentials are anonymous; only the endpoint is local.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from decimal import Decimal
from typing import Any, Iterator
from urllib.parse import unquote

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning")

from llmkit.sweep import base
from llmkit.sweep.gcp import GcpSweep, parse_link
from tests._catalog_subset import subset_catalog

from replay_server import Reply, Request, ReplayServer, load

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.timezone.utc)
SCOPED = ("instances", "disks", "forwardingRules", "addresses", "instanceGroupManagers", "autoscalers", "backendServices")
# What refuses deletion while something points at it: kind -> (referrer kind, referrer field)
IN_USE = {
    "instanceGroupManagers": ("backendServices", "backends"),
    "backendServices": ("urlMaps", "defaultService"),
    "urlMaps": ("targetHttpProxies", "urlMap"),
    "targetHttpProxies": ("forwardingRules", "target"),
    "instanceTemplates": ("instanceGroupManagers", "instanceTemplate"),
    "healthChecks": ("backendServices", "healthChecks"),
}


class GcpState:
    def __init__(self) -> None:
        fx = copy.deepcopy(load("gcp_project.json"))
        self.project = fx["project"]
        self.res = {r["selfLink"]: r for r in fx["compute"]}
        self.buckets = {b["name"]: b for b in fx["buckets"]}
        self.throttle: dict[str, int] = {}  # resource name -> 429s still to answer
        self.vanish: set[str] = set()  # names deleted by someone else just before our DELETE

    def _kind(self, link: str) -> str:
        parsed = parse_link(link)
        assert parsed
        return parsed["kind"]

    @staticmethod
    def _matches(res: dict[str, Any], flt: str | None) -> bool:
        if not flt:
            return True
        key, value = [p.strip().strip('"') for p in flt.split("=")]
        assert key.startswith("labels."), flt
        return (res.get("labels") or {}).get(key[len("labels."):]) == value

    def aggregated(self, req: Request) -> Reply:
        kind = req.match.group("kind")
        items: dict[str, dict[str, list[Any]]] = {}
        for link, r in self.res.items():
            p = parse_link(link)
            if p and p["kind"] == kind and self._matches(r, req.q("filter")):
                scope = f"{p['scope']}/{p['where']}" if p["scope"] else "global"
                items.setdefault(scope, {kind: []})[kind].append(r)
        return 200, {"kind": f"compute#{kind}AggregatedList", "items": items}, {}

    def global_list(self, req: Request) -> Reply:
        kind = req.match.group("kind")
        return 200, {"items": [r for link, r in self.res.items() if "/global/" in link and self._kind(link) == kind]}, {}

    def get(self, req: Request) -> Reply:
        link = "https://www.googleapis.com" + req.path
        return (200, self.res[link], {}) if link in self.res else self._404(link)

    @staticmethod
    def _404(what: str) -> Reply:
        return 404, {"error": {"code": 404, "message": f"The resource '{what}' was not found", "errors": [{"reason": "notFound"}]}}, {}

    def _users(self, link: str, kind: str) -> list[str]:
        referrer, field = IN_USE[kind]
        target = self.res[link].get("instanceGroup", link)
        users = []
        for other, r in self.res.items():
            if self._kind(other) != referrer:
                continue
            value = r.get(field)
            refs = [b.get("group") if isinstance(b, dict) else b for b in value] if isinstance(value, list) else [value]
            if target in refs:
                users.append(other)
        return users

    def delete(self, req: Request) -> Reply:
        link = "https://www.googleapis.com" + req.path
        name = link.rsplit("/", 1)[-1]
        if self.throttle.get(name, 0) > 0:
            self.throttle[name] -= 1
            return 429, {"error": {"code": 429, "message": "Rate Limit Exceeded", "errors": [{"reason": "rateLimitExceeded"}]}}, {}
        if name in self.vanish:
            self.res.pop(link, None)
        if link not in self.res:
            return self._404(link)
        kind = self._kind(link)
        if kind in IN_USE and self._users(link, kind):
            msg = f"The {kind} resource '{link}' is already being used by '{self._users(link, kind)[0]}'"
            return 400, {"error": {"code": 400, "message": msg, "errors": [{"reason": "resourceInUseByAnotherResource"}]}}, {}
        del self.res[link]
        if kind == "instanceGroupManagers":  # the group takes its instances with it
            place = link.split("/projects/", 1)[1].split("/", 1)[1]
            for other in [o for o, r in self.res.items() if any(place in i.get("value", "") for i in (r.get("metadata") or {}).get("items", []))]:
                del self.res[other]
        return 200, {"kind": "compute#operation", "name": f"operation-{name}", "status": "DONE", "progress": 100, "selfLink": link + "/op"}, {}

    # -- storage ----------------------------------------------------------------------------
    def list_buckets(self, req: Request) -> Reply:
        return 200, {"kind": "storage#buckets", "items": [{k: v for k, v in b.items() if k != "objects"} | {"id": b["name"]} for b in self.buckets.values()]}, {}

    def list_objects(self, req: Request) -> Reply:
        b = self.buckets.get(req.match.group("b"))
        if b is None:
            return self._404(req.path)
        return 200, {"kind": "storage#objects", "items": [dict(o, bucket=b["name"], generation="1") for o in b["objects"]]}, {}

    def delete_object(self, req: Request) -> Reply:
        b = self.buckets[req.match.group("b")]
        name = unquote(req.match.group("o"))
        b["objects"] = [o for o in b["objects"] if o["name"] != name]
        return 204, None, {}

    def delete_bucket(self, req: Request) -> Reply:
        name = req.match.group("b")
        if name not in self.buckets:
            return self._404(name)
        if self.buckets[name]["objects"]:
            return 409, {"error": {"code": 409, "message": "The bucket you tried to delete is not empty."}}, {}
        del self.buckets[name]
        return 204, None, {}

    def install(self, server: ReplayServer) -> None:
        p = rf"/compute/v1/projects/{self.project}"
        server.route("GET", p + r"/aggregated/(?P<kind>\w+)", self.aggregated)
        server.route("GET", p + r"/global/(?P<kind>\w+)", self.global_list)
        server.route("GET", p + r"/global/\w+/[^/]+", self.get)
        server.route("DELETE", p + r"/(global|(zones|regions)/[^/]+)/\w+/[^/]+", self.delete)
        server.route("GET", r"/storage/v1/b", self.list_buckets)
        server.route("GET", r"/storage/v1/b/(?P<b>[^/]+)/o", self.list_objects)
        server.route("DELETE", r"/storage/v1/b/(?P<b>[^/]+)/o/(?P<o>.+)", self.delete_object)
        server.route("DELETE", r"/storage/v1/b/(?P<b>[^/]+)", self.delete_bucket)


def _catalog(root: Path) -> Any:
    """Just the bundled rows these fixtures need; anything else is unknown."""
    return subset_catalog(
        root,
        instances=[("gcp", "us-central1", "n1-standard-8"), ("gcp", "us-central1", "e2-standard-2")],
        # lb_capacity_unit_hour: a forwarding rule's data rate (usage-based, so no part of its idle cost)
        platform=[("gcp", "us-central1", item) for item in ("lb_hour", "lb_capacity_unit_hour", "public_ipv4_hour", "object_storage_gb_month")],
        accelerators=[("gcp", "us-central1", "nvidia-tesla-t4")],
    )


@pytest.fixture
def gcp(monkeypatch, tmp_path: Path) -> Iterator[tuple[GcpState, ReplayServer, GcpSweep]]:
    from google.auth.credentials import AnonymousCredentials

    state = GcpState()
    with ReplayServer() as server:
        state.install(server)
        monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", state.project)
        monkeypatch.setenv("STORAGE_EMULATOR_HOST", server.url)  # storage's own switch for a local endpoint
        sweep = GcpSweep.from_environment(
            credentials=AnonymousCredentials(), client_options={"api_endpoint": server.url}, wait_seconds=10
        )
        sweep.catalog = _catalog(tmp_path)
        yield state, server, sweep


def _names(items: Any) -> set[str]:
    return {i.name for i in items}


def test_lists_labelled_and_derived_resources_gpu_first(gcp):
    state, server, sweep = gcp
    report = base.plan(sweep, base.Filter(now=NOW))
    names = _names(report.resources)
    assert names == {
        "chat-gpu-tpl", "chat-gpu-mig", "chat-gpu-a1b2", "chat-gpu-c3d4", "chat-router", "chat-gpu-as", "chat-hc",
        "chat-gpu-bs", "chat-um", "chat-proxy", "chat-fr", "chat-ip", "chat-data", "chat-test-aaaaaa-docs",
        "live-vm", "chat-live-docs",
    }
    assert not names & {"someone-vm", "other-tpl", "other-mig", "other-bs", "other-hc", "other-um", "other-proxy", "other-fr", "someone-elses"}
    by = {r.name: r for r in report.resources}
    assert report.resources[0].gpu and report.resources[0].hourly_cost == Decimal("0.73")  # n1-standard-8 + one T4
    assert by["chat-gpu-a1b2"].action == "with-group" and by["chat-router"].action == "delete"
    assert by["chat-gpu-mig"].stack == "chat-test-aaaaaa" and by["chat-gpu-mig"].hourly_cost == 0
    # a bucket in a region: its objects' bytes (1,000 + 2,000) at the region's Standard rate, per hour
    per_gb = sweep.catalog.platform("gcp", "us-central1", "object_storage_gb_month").price
    assert by["chat-test-aaaaaa-docs"].hourly_cost == Decimal(3000) / (1024 ** 3) * per_gb / 730
    assert by["chat-data"].hourly_cost is None  # a pd-balanced disk: no such row in this catalog, unknown
    assert by["chat-fr"].hourly_cost == Decimal("0.025")
    assert server.count("DELETE", ".") == 0
    flt = [q for m, p, q in server.requests if p.endswith("/aggregated/instances")]
    assert flt and flt[0]["filter"] == ['labels.llmkit-managed = "true"']


def test_delete_expired_in_dependency_order_and_nothing_else(gcp):
    state, server, sweep = gcp
    report = base.execute(sweep, base.plan(sweep, base.Filter(expired=True, now=NOW)))
    assert report.failed == [], report.failed
    left = {parse_link(link)["name"] for link in state.res}  # type: ignore[index]
    assert left == {"live-vm", "someone-vm", "other-tpl", "other-mig", "other-bs", "other-hc", "other-um", "other-proxy", "other-fr"}
    assert set(state.buckets) == {"chat-live-docs", "someone-elses"}
    # The group took its two instances; they were never deleted one by one.
    assert server.count("DELETE", "/instances/chat-gpu-") == 0
    again = base.plan(sweep, base.Filter(expired=True, now=NOW))
    assert again.resources == []


def test_throttling_vanished_and_blocked(gcp):
    state, server, sweep = gcp
    state.throttle["chat-router"] = 2
    state.vanish.add("chat-ip")
    # Someone points their URL map at our backend service: it (and the group behind it) must stay.
    foreign = "https://www.googleapis.com/compute/v1/projects/llmkit-sweep-test/global/urlMaps/their-um"
    state.res[foreign] = {"selfLink": foreign, "name": "their-um", "defaultService": next(l for l in state.res if l.endswith("/chat-gpu-bs"))}
    sleeps: list[float] = []
    report = base.execute(sweep, base.plan(sweep, base.Filter(expired=True, now=NOW)), base.Backoff(sleep=sleeps.append))
    failed = {parse_link(f["id"])["name"]: f["reason"] for f in report.failed}  # type: ignore[index]
    # What it uses cannot go either (GCP refuses): reported, kept, and so still found next time.
    assert set(failed) == {"chat-gpu-bs", "chat-gpu-mig", "chat-gpu-tpl", "chat-hc"}
    assert all("already being used" in r for r in failed.values()), failed
    assert any(l.endswith("/chat-ip") for l in report.vanished)
    assert len(sleeps) == 2 and not any(l.endswith("/chat-router") for l in state.res)
    assert foreign in state.res
    # Second run: the same two are still blocked, nothing else is touched; once the foreign map
    # is gone the third run finishes.
    second = base.execute(sweep, base.plan(sweep, base.Filter(expired=True, now=NOW)), base.Backoff(sleep=sleeps.append))
    assert {r.name for r in second.resources} == {"chat-gpu-bs", "chat-gpu-mig", "chat-gpu-tpl", "chat-hc", "chat-gpu-a1b2", "chat-gpu-c3d4"}
    assert {parse_link(f["id"])["name"] for f in second.failed} == set(failed)  # type: ignore[index]
    del state.res[foreign]
    third = base.execute(sweep, base.plan(sweep, base.Filter(expired=True, now=NOW)))
    assert third.failed == [] and base.plan(sweep, base.Filter(expired=True, now=NOW)).resources == []
    assert any(l.endswith("/live-vm") for l in state.res) and any(l.endswith("/someone-vm") for l in state.res)


def test_cli_json_report_shape(gcp, cli, monkeypatch):
    state, server, sweep = gcp
    monkeypatch.setattr(GcpSweep, "from_environment", classmethod(lambda cls, **kw: sweep))
    result = cli("sweep", "--cloud", "gcp", "--stack", "chat-test-bbbbbb", "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["dry_run"] is True and doc["account"] == state.project
    assert set(doc) >= {"dry_run", "account", "resources", "deleted", "failed"}
    assert {r["id"].rsplit("/", 1)[-1] for r in doc["resources"]} == {"live-vm", "chat-live-docs"}
    assert set(doc["resources"][0]) == {"id", "type", "region", "stack", "expires_at", "hourly_cost", "action"}
    assert "acting as: GCP project llmkit-sweep-test" in result.err


def test_missing_project_is_one_line_without_library_warnings(tmp_path):
    """What a user without GCP set up sees: one line and exit 2, no FutureWarning noise."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOOGLE_", "CLOUDSDK_"))}
    env["HOME"] = str(tmp_path)  # no application default credentials
    p = subprocess.run(
        [sys.executable, "-m", "llmkit", "sweep", "--cloud", "gcp"], capture_output=True, text=True, env=env
    )
    assert p.returncode == 2
    assert p.stderr.splitlines() == ["error: set GOOGLE_CLOUD_PROJECT to the project to sweep (and application default credentials)"]

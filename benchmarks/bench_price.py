"""`llmkit price` on a generated 5,000-resource preview, whole process, against
`python -c "import json; json.load(open(F))"` on the same file in the same run.

Goal (issues 5 and 10): under 3x that baseline's wall time and under 200 MB peak RSS. The
document mixes the types and ops of real previews on three clouds (instances with volumes,
autoscaling groups with launch templates, EKS node groups, GKE node pools, AKS agent pools,
Azure scale sets, GCE instances, load balancers, buckets, free networking; creates, updates,
replacements, deletes, sames) and carries the bulky keys newer CLIs add (sourcePosition,
stackTrace), so parsing and pricing cost are realistic, not one type repeated.

Bytecode: the baseline's ``json`` comes precompiled with Python, and an installed llmkit has
its ``.pyc`` files written at install. A work tree run with PYTHONDONTWRITEBYTECODE=1 would
instead recompile every llmkit module from source on every run (~40 ms here), which no user
pays; so llmkit runs with bytecode allowed, cached under a temporary PYTHONPYCACHEPREFIX
(never in the tree) and filled by the harness's untimed warm-up run (the baseline imports only
stdlib modules, precompiled either way).
``LLMKIT_BENCH_NO_PYC=1`` measures without it.

Prices come from a warm price cache (``warm_cache``): the live lookup is on, as for a user,
and finds every price it needs cached, so no price API is called and no AWS SDK is imported.

Run: ``.venv/bin/python -m benchmarks.bench_price`` (or ``python -m benchmarks.run --only price``).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.harness import PYTHON, Comparison, compare, format_table  # noqa: E402
from llmkit.core.unknown import UNKNOWN  # noqa: E402

RESOURCES = 5000
TRACE = [{"sourcePosition": f"project:///src/infra/module_{i}.py#{40 + i}"} for i in range(12)]
TYPES = ["t3.medium", "m5.large", "g5.xlarge", "g4dn.xlarge", "m6i.xlarge", "t3.xlarge"]


def _state(urn: str, token: str, inputs: dict, parent: str, provider: str) -> dict:
    return {
        "urn": urn, "custom": True, "type": token, "inputs": inputs, "parent": parent, "provider": provider,
        "propertyDependencies": {k: [] for k in inputs}, "sourcePosition": TRACE[0]["sourcePosition"], "stackTrace": TRACE,
    }


# The generated preview mixes what a real estate holds: instances, launch templates and the
# autoscaling groups that use them, EKS node groups, GKE node pools, Azure AKS agent pools and
# scale sets, volumes, load balancers, buckets and free types, on three clouds' providers.
GCP_TYPES = ["e2-standard-4", "n2-standard-8", "g2-standard-4", "e2-medium"]
AZURE_TYPES = ["Standard_D4s_v5", "Standard_B2s", "Standard_NC4as_T4_v3"]


def _resource(i: int, aws: str, gcp: str, azure: str) -> tuple[str, dict, str]:
    """(type token, inputs, provider) of the i-th resource: twelve kinds in rotation."""
    kind, itype = i % 12, TYPES[i % len(TYPES)]
    gtype, ztype = GCP_TYPES[i % len(GCP_TYPES)], AZURE_TYPES[i % len(AZURE_TYPES)]
    if kind < 3:
        return "aws:ec2/instance:Instance", {"instanceType": itype, "ami": "ami-0abc", "rootBlockDevice": {"volumeSize": 50, "volumeType": "gp3"}, "tags": {"team": "ml", "i": str(i)}}, aws
    if kind == 3:
        return "aws:ec2/launchTemplate:LaunchTemplate", {"name": f"lt-{i}", "instanceType": itype, "blockDeviceMappings": [{"ebs": {"volumeSize": 100, "volumeType": "gp3"}}]}, aws
    if kind == 4:
        return "aws:autoscaling/group:Group", {"minSize": 1, "desiredCapacity": 2, "maxSize": 4, "launchTemplate": {"name": f"lt-{i - 1}"}}, aws
    if kind == 5:
        return "aws:eks/nodeGroup:NodeGroup", {"clusterName": "bench", "instanceTypes": [itype], "scalingConfig": {"minSize": 1, "desiredSize": 3, "maxSize": 6}, "capacityType": "SPOT" if i % 2 else "ON_DEMAND"}, aws
    if kind == 6:
        return "gcp:container/nodePool:NodePool", {"cluster": "bench", "location": "us-central1-a", "nodeCount": 2, "autoscaling": {"minNodeCount": 1, "maxNodeCount": 5}, "nodeConfig": {"machineType": gtype, "diskSizeGb": 100}}, gcp
    if kind == 7:
        return "gcp:compute/instance:Instance", {"machineType": gtype, "zone": "us-central1-b", "bootDisk": {"initializeParams": {"size": 50}}}, gcp
    if kind == 8:
        return "azure-native:containerservice:AgentPool", {"resourceName": "bench", "vmSize": ztype, "count": 2, "enableAutoScaling": True, "minCount": 1, "maxCount": 4, "osDiskSizeGB": 128}, azure
    if kind == 9:
        return "azure-native:compute:VirtualMachineScaleSet", {"location": "eastus", "sku": {"name": ztype, "capacity": 2}}, azure
    if kind == 10:
        return ("aws:ebs/volume:Volume", {"size": 200, "type": "gp3", "availabilityZone": "us-east-1a"}, aws) if (i // 12) % 2 else \
            ("aws:lb/loadBalancer:LoadBalancer", {"loadBalancerType": "application", "subnets": [UNKNOWN, UNKNOWN]}, aws)
    return ("aws:ec2/securityGroup:SecurityGroup", {"ingress": [{"fromPort": 443, "toPort": 443, "protocol": "tcp", "cidrBlocks": ["0.0.0.0/0"]}]}, aws) if (i // 12) % 2 else \
        ("aws:s3/bucket:Bucket", {"bucket": f"bench-{i}"}, aws)


def generate(n: int = RESOURCES) -> dict:
    """A preview document of ``n`` resources (deterministic) of twelve kinds on three clouds."""
    base = "urn:pulumi:bench::big::"
    stack = base + "pulumi:pulumi:Stack::big-bench"
    steps = [{"op": "same", "urn": stack, "newState": {"urn": stack, "custom": False, "type": "pulumi:pulumi:Stack"}}]
    refs = {}
    for package, inputs in (("aws", {"region": "us-east-1"}), ("gcp", {"region": "us-central1", "project": "bench"}), ("azure-native", {"location": "eastus"})):
        prov = f"{base}pulumi:providers:{package}::default"
        refs[package] = f"{prov}::{UNKNOWN}"
        steps.append({"op": "same", "urn": prov, "newState": {"urn": prov, "custom": True, "type": f"pulumi:providers:{package}", "inputs": inputs}})
    ops = ["create", "create", "same", "update", "replace", "delete"]
    i = 0
    while i < n:
        op = ops[i % len(ops)]
        token, inputs, pref = _resource(i, refs["aws"], refs["gcp"], refs["azure-native"])
        urn = f"{base}{token}::r{i}"
        new = _state(urn, token, inputs, stack, pref)
        if op == "create":
            steps.append({"op": "create", "urn": urn, "provider": pref, "newState": new, "detailedDiff": None})
        elif op == "same":
            steps.append({"op": "same", "urn": urn, "provider": pref, "oldState": new, "newState": new})
        elif op == "update":
            old = _state(urn, token, dict(inputs, tags={"team": "ml"}), stack, pref)
            steps.append({"op": "update", "urn": urn, "provider": pref, "oldState": old, "newState": new, "diffReasons": ["tags"]})
        elif op == "replace":
            old = _state(urn, token, inputs, stack, pref)
            for o in ("create-replacement", "replace", "delete-replaced"):
                steps.append({"op": o, "urn": urn, "provider": pref, "oldState": old, "newState": new if o != "delete-replaced" else None})
            steps[-1].pop("newState")
        else:
            steps.append({"op": "delete", "urn": urn, "provider": pref, "oldState": new})
        i += 1
    return {"config": {"aws:region": "us-east-1"}, "steps": steps, "duration": 123456789, "changeSummary": {"create": n}}


def cases(runs: int = 5) -> list[Comparison]:
    tmp = Path(tempfile.mkdtemp(prefix="llmkit-bench-price-"))
    doc = tmp / "preview-5000.json"
    doc.write_text(json.dumps(generate(), indent=2))
    baseline = [PYTHON, "-c", f"import json; json.load(open({str(doc)!r}))"]
    # The floor is the same twelve kinds, once each. (It was tests' every-op fixture, whose RDS
    # instance asks for an engine price the bundled snapshot lacks: the warm cache could not
    # hold it, so every measured run imported boto3 and tried the AWS price API, ~0.15 s.)
    tiny = tmp / "preview-12.json"
    tiny.write_text(json.dumps(generate(12), indent=2))
    env = bytecode_env(tmp)
    env["LLMKIT_CACHE_DIR"] = str(warm_cache(tmp / "price-cache", [tiny, doc]))
    return [
        # the floor: CLI start-up, catalog and registry on a 12-resource document
        compare("floor: llmkit price 12 resources (json)", [PYTHON, "-m", "llmkit", "price", str(tiny), "--format", "json"], baseline=baseline, runs=runs, env=env),
        compare("llmkit price 5,000 resources (json)", [PYTHON, "-m", "llmkit", "price", str(doc), "--format", "json"], baseline=baseline, runs=runs, env=env),
        compare("llmkit price 5,000 resources (table)", [PYTHON, "-m", "llmkit", "price", str(doc)], baseline=baseline, runs=runs, env=env),
    ]


class _SnapshotFetcher:
    """Answers like a cloud's price client, from the bundled rows stamped today (benchmark only)."""

    def __init__(self, cloud: str) -> None:
        from llmkit.pricing.catalog.live import default_fetchers
        from llmkit.pricing.catalog.loader import Catalog

        self.cloud, self.cat = cloud, Catalog()
        self.client = default_fetchers()[cloud]  # what a user's run would look up live

    def _today(self, find: Any, *key: str) -> object:
        """The bundled row stamped today; one the snapshot lacks is the FetchError a price
        client raises for an item it does not list (a pricer may ask for a specific key first,
        e.g. an engine's database instance, and fall back to the general one)."""
        import dataclasses
        import datetime as dt

        from llmkit.core.errors import UnknownName
        from llmkit.pricing.catalog.live import FetchError

        try:
            row = find(self.cloud, *key)
        except UnknownName as exc:
            raise FetchError(f"not listed: {exc.name}") from None
        return dataclasses.replace(row, as_of=dt.date.today().isoformat())

    def instance(self, region: str, type_name: str) -> object:
        return self._today(self.cat.instance, region, type_name)

    def supports_platform(self, item: str) -> bool:
        return bool(self.client.supports_platform(item))

    def platform(self, region: str, item: str) -> object:
        return self._today(self.cat.platform, region, item)


def warm_cache(root: Path, docs: list[Path]) -> Path:
    """A warm price cache: every price the benchmark's documents need on all three clouds,
    written by the same lookup a user's run makes (live on, fetchers answering with the
    bundled figures stamped today). This measures the lookup from a warm cache, not the
    prices, and no measured run tries a price API (an attempt that fails costs 0.1 s)."""
    from llmkit.pricing.catalog.live import LivePrices, PriceCache
    from llmkit.pricing.catalog.loader import Catalog
    from llmkit.pricing.preview.breakdown import price_document

    fetchers = {cloud: _SnapshotFetcher(cloud) for cloud in ("aws", "azure", "gcp")}
    for doc in docs:
        cat = Catalog(live=LivePrices(fetchers, PriceCache(root)))
        price_document(doc.read_bytes(), catalog=cat)
    return root


def bytecode_env(tmp: Path) -> dict[str, str]:
    """Environment of the measured commands: bytecode allowed, cached outside the tree (see
    the module docstring); an empty PYTHONDONTWRITEBYTECODE counts as unset."""
    if os.environ.get("LLMKIT_BENCH_NO_PYC") == "1":
        return {}
    return {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}


if __name__ == "__main__":
    results = cases()
    print(format_table(results))
    for c in results:
        print(f"{c.case}: {c.time_ratio:.2f}x the json.load baseline, peak {c.command.peak_rss_mib:.0f} MiB")

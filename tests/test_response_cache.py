"""The routers' shared response cache, on every api and hybrid reference stack of every cloud.

Read from the planned graph, as tests/test_auth_paths.py reads it: the cache exists, only the
routers can reach it (AWS: a security group admitting its port from the router's group alone;
Azure: a firewall admitting the stack's NAT address alone, the plain port off; GCP: peered into
the VPC, egress to it allowed from the router tag alone), AUTH and TLS are on, its key sits in the
stack's secret store where the router's identity reads it, and the router's rendered boot
config points LiteLLM at it with that key loaded at boot (never in user data). ``preview`` prices
it where the bundled catalog has a sourced price, and says it cannot otherwise.
"""

from __future__ import annotations

import base64
import json
from decimal import Decimal

import pytest
import yaml

from _stack_plans import by_type, config, one, recorded
from llmkit.components import boot
from llmkit.components.gcp.cache import TLS_PORT, cache_range
from llmkit.components.spec import build_spec
from llmkit.stacks import stack_names
from test_auth_paths import boot_documents, cloud_of, files, loader_reads

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ROUTED = [s for s in stack_names() if config(s).get("llmkit:architecture") in ("api", "hybrid")]
SECRET = "[secret]"


def cache_settings(name: str) -> dict:
    return yaml.safe_load(files(boot_documents(name)["router"])["/etc/litellm/config.yaml"])["litellm_settings"]


def assert_aws_cache_is_private(name: str) -> str:
    """The replication group: TLS, AUTH, encrypted, private subnets, the routers' SG only. Its host."""
    resources = recorded(name)
    group = one(resources, "aws:elasticache/replicationGroup:ReplicationGroup").inputs
    assert group["transitEncryptionEnabled"] is True and group["atRestEncryptionEnabled"] is True
    assert group["authToken"] == SECRET and group["engine"] == "redis" and group["nodeType"] == "cache.t3.micro"
    subnets = one(resources, "aws:elasticache/subnetGroup:SubnetGroup").inputs["subnetIds"]
    private = {f"{s.name}-id" for s in by_type(resources, "aws:ec2/subnet:Subnet") if "-private-" in s.name}
    assert subnets and set(subnets) <= private
    groups = {f"{r.name}-id": r.inputs for r in by_type(resources, "aws:ec2/securityGroup:SecurityGroup")}
    (sg,) = group["securityGroupIds"]
    router_lt = next(lt for lt in by_type(resources, "aws:ec2/launchTemplate:LaunchTemplate") if not lt.name.endswith("-gpu-lt"))
    router_sgs = router_lt.inputs["networkInterfaces"][0]["securityGroups"]
    (rule,) = groups[sg]["ingress"]
    assert (rule["fromPort"], rule["toPort"]) == (group["port"], group["port"])
    assert rule["securityGroups"] == router_sgs and not rule.get("cidrBlocks") and not rule.get("ipv6CidrBlocks")
    assert not groups[sg].get("egress")
    # the router's role may read the token; no other role may
    readers = [p.name for p in by_type(resources, "aws:iam/rolePolicy:RolePolicy")
               if any(f"{name}-keys-response-cache-" in str(s["Resource"]) for s in json.loads(p.inputs["policy"])["Statement"])]
    assert readers == [f"{name}-router-access"]
    return "master." + f"{name}-cache-"


def assert_azure_cache_is_private(name: str) -> str:
    resources = recorded(name)
    redis = one(resources, "azure-native:redis:Redis")
    assert redis.inputs["enableNonSslPort"] is False and redis.inputs["minimumTlsVersion"] == "1.2"
    assert redis.inputs["sku"] == {"name": "Basic", "family": "C", "capacity": 1}  # C1: 1 GB, as Memorystore's
    assert redis.inputs.get("disableAccessKeyAuthentication") in (None, False)  # the key is the AUTH
    (rule,) = by_type(resources, "azure-native:redis:FirewallRule")
    assert rule.inputs["cacheName"] == redis.name
    # one address, the NAT gateway's (unknown until created, the same output on both ends)
    assert rule.inputs["startIP"] == rule.inputs["endIP"] and rule.inputs["startIP"] not in ("0.0.0.0", "")
    nat = one(resources, "azure-native:network:NatGateway")
    (ip,) = nat.inputs["publicIpAddresses"]
    assert ip["id"] == f"{name}-nat-ip-id"
    spec = build_spec(config(name), name)
    secret = one(resources, "azure-native:keyvault:Secret", f"-secret-{spec.response_cache.auth_secret}")
    assert secret.inputs["properties"] == SECRET and secret.inputs["secretName"] == spec.response_cache.auth_secret
    return f"{redis.name}.redis.cache.windows.net"


def assert_gcp_cache_is_private(name: str) -> str:
    resources = recorded(name)
    spec = build_spec(config(name), name)
    instance = one(resources, "gcp:redis/instance:Instance").inputs
    assert instance["authEnabled"] is True and instance["transitEncryptionMode"] == "SERVER_AUTHENTICATION"
    assert (instance["tier"], instance["memorySizeGb"]) == ("BASIC", 1)
    assert instance["connectMode"] == "DIRECT_PEERING" and instance["authorizedNetwork"] == f"{name}-vpc-id"
    egress = [r.inputs for r in by_type(resources, "gcp:compute/firewall:Firewall") if r.inputs["direction"] == "EGRESS"]
    to_cache = [r for r in egress if r["destinationRanges"] == [instance["reservedIpRange"]]]
    allow = [r for r in to_cache if r.get("allows")]
    deny = [r for r in to_cache if r.get("denies")]
    assert [(r["targetTags"], r["allows"]) for r in allow] == [(["llmkit-router"], [{"protocol": "tcp", "ports": [TLS_PORT]}])]
    assert [(r.get("targetTags"), r["denies"]) for r in deny] == [(None, [{"protocol": "tcp", "ports": [TLS_PORT]}])]
    assert allow[0]["priority"] < deny[0]["priority"], "the routers' allow must win over the deny for everyone"
    auth = spec.response_cache.auth_secret
    version = one(resources, "gcp:secretmanager/secretVersion:SecretVersion", f"-secret-{auth}-v")
    assert version.inputs["secretData"] == SECRET
    readers = [r.inputs["member"] for r in by_type(resources, "gcp:secretmanager/secretIamMember:SecretIamMember")
               if r.name.startswith(f"{name}-secret-{auth}-reader")]
    assert readers == [f"serviceAccount:llmkit-{name}-router@llmkit-reference.iam.gserviceaccount.com"]
    return instance["reservedIpRange"].rsplit(".", 1)[0] + "."


PRIVATE = {"aws": assert_aws_cache_is_private, "azure": assert_azure_cache_is_private, "gcp": assert_gcp_cache_is_private}


@pytest.mark.parametrize("name", ROUTED)
def test_the_cache_is_private_with_auth_and_tls(name):
    spec = build_spec(config(name), name)
    assert spec.response_cache is not None
    caches = [r for r in recorded(name) if r.type == f"llmkit:{cloud_of(name)}:ResponseCache"]
    assert len(caches) == 1 and not caches[0].custom
    PRIVATE[cloud_of(name)](name)


@pytest.mark.parametrize("name", ROUTED)
def test_the_router_caches_there_with_the_key_from_the_store(name):
    spec = build_spec(config(name), name)
    host = PRIVATE[cloud_of(name)](name)
    cache = cache_settings(name)
    params = cache["cache_params"]
    assert cache["cache"] is True and params["type"] == "redis" and params["ssl"] is True
    assert str(params["host"]).startswith(host) and "password" not in params
    written = files(boot_documents(name)["router"])
    assert loader_reads(written["/opt/llmkit/bin/load-secrets.sh"])[spec.response_cache.auth_secret] == boot.CACHE_PASSWORD_ENV
    # nothing the program recorded carries a cache key in the clear
    for value in ("offline-primary-key", "offline-auth-string"):
        assert value not in json.dumps([r.inputs for r in recorded(name)], default=str)


@pytest.mark.parametrize("name", [s for s in stack_names() if config(s).get("llmkit:architecture") == "gpu"])
def test_gpu_stacks_have_no_router_and_no_cache(name):
    assert not [r for r in recorded(name) if r.type.endswith(":ResponseCache")]


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp"])
def test_switched_off_the_routers_keep_their_own_cache(cloud):
    name = f"api-{cloud}"
    resources = recorded(name, (("llmkit:responseCache", "false"),))
    assert not [r for r in resources if r.type.endswith(":ResponseCache") or "redis" in r.type or "elasticache" in r.type]
    for r in resources:
        if r.type in ("aws:ec2/launchTemplate:LaunchTemplate", "azure-native:compute:VirtualMachineScaleSet",
                      "gcp:compute/instanceTemplate:InstanceTemplate"):
            doc = {"aws:ec2/launchTemplate:LaunchTemplate": lambda i: base64.b64decode(i["userData"]).decode(),
                   "azure-native:compute:VirtualMachineScaleSet":
                       lambda i: base64.b64decode(i["virtualMachineProfile"]["osProfile"]["customData"]).decode(),
                   "gcp:compute/instanceTemplate:InstanceTemplate": lambda i: i["metadata"]["user-data"]}[r.type](r.inputs)
            settings = yaml.safe_load(files(doc)["/etc/litellm/config.yaml"])["litellm_settings"]
            assert settings["cache_params"] == {"type": "local", "ttl": 3600}


def test_memorystore_takes_a_range_no_subnet_of_the_stack_uses():
    import ipaddress

    from llmkit.components.children import server_subnet
    from llmkit.components.gcp.network import proxy_only_cidr

    spec = build_spec(config("api-gcp"), "api-gcp")
    reserved = ipaddress.ip_network(cache_range(spec))
    assert reserved.prefixlen == 29 and reserved.subnet_of(ipaddress.ip_network(spec.network_cidr))
    for used in (server_subnet(spec), proxy_only_cidr(spec)):
        assert not reserved.overlaps(ipaddress.ip_network(used))


# ------------------------------------------------------------------------------ priced in the preview

@pytest.fixture
def offline(monkeypatch):
    from test_preview_cli import plan

    import llmkit.offline_plan

    monkeypatch.setattr(llmkit.offline_plan, "plan_stack", lambda name, **_: plan(name))


CACHE_TYPES = {"aws": "aws:elasticache/replicationGroup:ReplicationGroup", "azure": "azure-native:redis:Redis",
               "gcp": "gcp:redis/instance:Instance"}


@pytest.mark.parametrize("cloud, monthly", [("aws", "12.41"), ("gcp", "35.77")])
def test_preview_prices_the_cache_from_a_sourced_catalog_row(cli, offline, cloud, monthly):
    """cache.t3.micro at 0.017/h and Memorystore basic 1 GB at 0.049/GB-h, x 730 h."""
    out = json.loads(cli("preview", "--stack", f"api-{cloud}", "-f", "json").out)
    (cache,) = [r for r in out["projects"][0]["breakdown"]["resources"] if r["resourceType"] == CACHE_TYPES[cloud]]
    assert cache["metadata"]["bucket"] == "estimated" and cache["monthlyCost"] == monthly
    (line,) = cache["costComponents"]
    assert line["price"] in ("0.017", "0.049")


def test_preview_prices_the_azure_cache_from_its_dated_source(cli, offline):
    """Basic C1 from Infracost's eastus golden (2021): estimated, named with its date, and the
    report warns that the price is older than 90 days."""
    out = json.loads(cli("preview", "--stack", "api-azure", "-f", "json").out)
    (cache,) = [r for r in out["projects"][0]["breakdown"]["resources"] if r["resourceType"] == CACHE_TYPES["azure"]]
    assert cache["metadata"]["bucket"] == "estimated" and Decimal(cache["monthlyCost"]) == Decimal("0.055") * 730
    (line,) = cache["costComponents"]
    assert line["price"] == "0.055"
    assert "redis_cache_test.golden @ 21716c328eaa (2021-06-09)" in json.dumps(cache)
    summary = out["projects"][0]["metadata"]["warnings"][0]["data"]
    assert summary["priceSources"][0]["oldestAsOf"] == "2021-06-09"
    assert any("older than 90 days (oldest 2021-06-09)" in w for w in summary["warnings"])


@pytest.mark.parametrize("name", ROUTED)
def test_estimate_carries_the_same_cache_line_preview_prices(cli, offline, name):
    """One cache, one price: ``estimate``'s response_cache line (pricing/model/response_cache.py)
    is the month ``preview`` prices from the planned resource."""
    from llmkit.pricing.catalog import load_catalog
    from llmkit.pricing.model.response_cache import response_cache_component

    spec = build_spec(config(name), name)
    line = response_cache_component(load_catalog(), spec.cloud, spec.region)
    out = json.loads(cli("preview", "--stack", name, "-f", "json").out)
    (cache,) = [r for r in out["projects"][0]["breakdown"]["resources"] if r["resourceType"] == CACHE_TYPES[spec.cloud]]
    if cache["monthlyCost"] is None:
        assert line.monthly_cost is None
    else:
        assert line.monthly_cost == Decimal(cache["monthlyCost"])


def test_preview_with_live_prices_looks_the_azure_cache_up(cli, offline, monkeypatch, tmp_path):
    """Online, the Azure cache's price comes from the Retail Prices API (here a replay server
    with constructed rows, tests/fixtures/pricing-api/PROVENANCE.md): Basic C1's pay-as-you-go
    meter x 730 h in place of the bundled 2021 figure; every other lookup the server cannot answer
    keeps its bundled price."""
    from test_live_prices import azure_redis, no_cloud_credentials
    from tests.replay_server import ReplayServer

    no_cloud_credentials(monkeypatch, tmp_path)
    monkeypatch.delenv("LLMKIT_OFFLINE", raising=False)
    monkeypatch.setenv("LLMKIT_CACHE_DIR", str(tmp_path / "cache"))
    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", azure_redis)
        s.route("GET", r"/prices.json", lambda req: (200, {}, {}))
        monkeypatch.setenv("LLMKIT_AZURE_PRICES_URL", s.url + "/api/retail/prices")
        monkeypatch.setenv("LLMKIT_LITELLM_PRICES_URL", s.url + "/prices.json")
        result = cli("preview", "--stack", "api-azure", "-f", "json")
    assert result.code == 0, result.err
    out = json.loads(result.out)
    (cache,) = [r for r in out["projects"][0]["breakdown"]["resources"] if r["resourceType"] == CACHE_TYPES["azure"]]
    assert cache["metadata"]["bucket"] == "estimated" and Decimal(cache["monthlyCost"]) == Decimal("0.0202") * 730

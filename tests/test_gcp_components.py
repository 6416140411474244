"""GCP architectures under mocks: graph shape, sizes, accelerators, labels, security defaults.

Each program runs once per spec variant (cached for the module); assertions read the recorded
inputs, i.e. exactly what the engine would send to Google.
"""

from __future__ import annotations


import pytest

from _cloud_graph import accepts, everything_but, masked_inputs, memoised_runner, of_type, one, planned, reference_stack, the_component, type_counts
from _cloud_specs import API_KEY_VALUE, MASTER_KEY_VALUE, make_spec
from llmkit.components.children import server_subnet
from llmkit.components.gcp.base import GOOGLE_LB_RANGES
from llmkit.components.gcp.fleet import GPU_METRIC
from llmkit.components.gcp.identity import account_id
from llmkit.components.gcp.network import proxy_only_cidr
from llmkit.components.gcp.mock_outputs import computed_outputs
from llmkit.mockrun import RecordingMocks

BILLING = "01ABCD-23EF45-6789AB"


@pytest.fixture
def graph(run_pulumi):
    """graph(architecture, **spec overrides) -> (spec, recorded resources), memoised."""
    return memoised_runner(run_pulumi, "gcp", {"gcp:project": "llmkit-test"})


@pytest.fixture(params=["spec:gpu", "spec:api", "spec:hybrid", "stack:gpu-gcp", "stack:api-gcp", "stack:hybrid-gcp"])
def subject(request, graph, run_pulumi):
    """A hand-built spec per architecture, and each GCP reference stack as the program builds it."""
    kind, name = request.param.split(":")
    return graph(name) if kind == "spec" else reference_stack(run_pulumi, "gcp", name)


# every architecture: Qdrant's service account (with the log and metric writer roles) and its key
COMMON = {"Network": 1, "Subnetwork": 1, "Router": 1, "RouterNat": 1, "NotificationChannel": 1,
          "Disk": 1, "Instance": 1, "HealthCheck": 1, "IAMMember": 4, "Account": 2,
          "InstanceTemplate": 1, "RegionInstanceGroupManager": 1, "RegionAutoscaler": 1, "Dashboard": 1}
# the client-facing load balancer is internal by default: a regional internal Application Load
# Balancer with its proxy-only subnet and the firewall rule admitting its proxies
INTERNAL_FRONT = {"RegionHealthCheck": 1, "RegionBackendService": 1, "RegionUrlMap": 1, "RegionTargetHttpProxy": 1,
                  "ForwardingRule": 1, "Subnetwork": 2}
SECRETS = {"Secret": 3, "SecretVersion": 3, "SecretIamMember": 3}  # the router's provider and client keys, Qdrant's
SERVER_KEY = {"Secret": 2, "SecretVersion": 2, "SecretIamMember": 2}  # vLLM's own key and Qdrant's, generated
EXPECTED = {
    "gpu": {**COMMON, **INTERNAL_FRONT, **SERVER_KEY, "Firewall": 4, "Bucket": 1, "BucketIAMMember": 2, "AlertPolicy": 4},
    "api": {**COMMON, **INTERNAL_FRONT, **SECRETS, "Firewall": 4, "AlertPolicy": 4},  # api and hybrid: + quota use
    "hybrid": {**COMMON, **INTERNAL_FRONT, "Secret": 4, "SecretVersion": 4, "SecretIamMember": 5,
               "Firewall": 6, "Bucket": 1, "BucketIAMMember": 2, "AlertPolicy": 5,
               "HealthCheck": 2, "IAMMember": 6, "Account": 3, "InstanceTemplate": 2,
               "RegionInstanceGroupManager": 2, "RegionAutoscaler": 2, "RegionBackendService": 2, "ForwardingRule": 2},
}


def label_field(token: str) -> str | None:
    """GCP labels live in ``labels`` (``tags`` are network tags) or, on alert policies, ``userLabels``."""
    if accepts("pulumi_gcp", token, "labels") and not token.endswith("NotificationChannel"):
        return "labels"
    if accepts("pulumi_gcp", token, "user_labels"):
        return "userLabels"
    return None


@pytest.mark.parametrize("architecture", ["gpu", "api", "hybrid"])
def test_graph_has_the_expected_resources_under_one_component(graph, architecture):
    _, recorded = graph(architecture)
    assert type_counts(recorded) == EXPECTED[architecture]
    the_component(recorded, architecture, "gcp")


def test_every_labelable_resource_carries_the_stack_labels(subject):
    spec, recorded = subject
    labelled = [(r, label_field(r.type)) for r in recorded if r.custom and label_field(r.type)]
    assert len(labelled) >= 7
    for resource, field in labelled:
        assert resource.inputs.get(field) == spec.labels, resource.name
    for template in of_type(recorded, "InstanceTemplate"):
        assert template.inputs["disks"][0]["labels"] == spec.labels


def test_gpu_template_has_the_spec_accelerator_and_terminates_on_maintenance(graph):
    spec, recorded = graph("gpu")
    template = one(recorded, "InstanceTemplate").inputs
    assert template["machineType"] == "n1-standard-8"
    assert template["guestAccelerators"] == [{"type": "nvidia-tesla-t4", "count": 1}]
    assert template["scheduling"]["onHostMaintenance"] == "TERMINATE"
    assert template["scheduling"]["provisioningModel"] == "STANDARD"
    assert "ubuntu-accelerator" in template["disks"][0]["sourceImage"]
    assert "nvidia-container-toolkit" in template["metadata"]["startup-script"]
    user_data = template["metadata"]["user-data"]
    assert user_data.startswith("#cloud-config") and "--served-model-name llama-3.1-8b" in user_data
    assert "gs://" in user_data and "meta-llama/Llama-3.1-8B-Instruct" in user_data


def test_gpu_machine_type_with_built_in_gpus_gets_no_guest_accelerator(graph):
    spec = make_spec("gcp", "gpu")
    fleet = spec.gpu_fleet.__class__(**{**spec.gpu_fleet.__dict__, "instance_type": "g2-standard-8",
                                        "gpu": "L4", "accelerator_type": None})
    _, recorded = graph("gpu", gpu_fleet=fleet, stack="gpu-g2-test")
    template = one(recorded, "InstanceTemplate").inputs
    assert template["machineType"] == "g2-standard-8"
    assert "guestAccelerators" not in template
    assert template["scheduling"]["onHostMaintenance"] == "TERMINATE"


def test_router_template_is_a_small_cpu_host(graph):
    _, recorded = graph("api")
    template = one(recorded, "InstanceTemplate").inputs
    assert template["machineType"] == "e2-medium"
    assert "guestAccelerators" not in template and "startup-script" not in template["metadata"]
    assert template["scheduling"]["onHostMaintenance"] == "MIGRATE"
    assert one(recorded, "compute/instance:Instance").inputs["machineType"] == "e2-standard-2"


def test_autoscaler_bounds_and_signals_follow_the_spec(graph):
    spec, recorded = graph("gpu", min_size=3, desired=4, max_size=9)
    group = one(recorded, "RegionInstanceGroupManager").inputs
    assert group["targetSize"] == 4
    assert group["distributionPolicyZones"] == ["europe-west4-a", "europe-west4-b", "europe-west4-c"]
    assert group["namedPorts"] == [{"name": "http", "port": 8000}]
    policy = one(recorded, "RegionAutoscaler").inputs["autoscalingPolicy"]
    assert (policy["minReplicas"], policy["maxReplicas"]) == (3, 9)
    assert policy["cpuUtilization"]["target"] == 0.75
    (metric,) = policy["metrics"]
    assert (metric["name"], metric["target"], metric["type"]) == (GPU_METRIC, 75, "GAUGE")


def test_firewalls_open_only_serving_ports_from_lb_ranges_or_the_subnet(subject):
    spec, recorded = subject
    architecture, cidr, proxies = spec.architecture, server_subnet(spec), proxy_only_cidr(spec)
    front_role, front = ("router", spec.api_fleet) if spec.api_fleet else ("vllm", spec.gpu_fleet)
    rules = [r for r in of_type(recorded, "Firewall") if r.inputs["direction"] == "INGRESS"]
    allows = [r.inputs for r in rules if r.inputs.get("allows")]
    for rule in allows:
        (allow,) = rule["allows"]
        assert allow["protocol"] == "tcp" and len(allow["ports"]) == 1
        port = int(allow["ports"][0])
        assert port != 22
        assert "0.0.0.0/0" not in rule["sourceRanges"]
        assert rule["sourceRanges"] in (sorted(GOOGLE_LB_RANGES), list(GOOGLE_LB_RANGES), [cidr], [proxies])
        assert rule["targetTags"] and all(t.startswith("llmkit-") for t in rule["targetTags"])
    # the internal front load balancer's proxies reach the front fleet's serving port, nothing else
    from_proxies = {(r["targetTags"][0], r["allows"][0]["ports"][0]) for r in allows if r["sourceRanges"] == [proxies]}
    assert from_proxies == (set() if spec.internet_facing else {(f"llmkit-{front_role}", str(front.port))})
    from_lb = {(r["targetTags"][0], r["allows"][0]["ports"][0]) for r in allows if r["sourceRanges"] not in ([cidr], [proxies])}
    expected = {(f"llmkit-{front_role}", str(front.port))}
    if architecture == "hybrid":
        expected.add(("llmkit-vllm", "8000"))  # health checks of the internal load balancer
    assert from_lb == expected
    internal = {(r["targetTags"][0], r["allows"][0]["ports"][0]) for r in allows if r["sourceRanges"] == [cidr]}
    assert internal == {("llmkit-qdrant", "6333")} | ({("llmkit-vllm", "8000")} if architecture == "hybrid" else set())
    (deny,) = [r.inputs for r in rules if r.inputs.get("denies")]
    assert deny["priority"] == 65534 and deny["denies"] == [{"protocol": "all"}]
    subnet = one(recorded, "Subnetwork", "-servers").inputs
    assert subnet["privateIpGoogleAccess"] is True and subnet["ipCidrRange"] == cidr


def test_no_server_has_an_external_ip_and_all_are_shielded(subject):
    spec, recorded = subject
    servers = [r.inputs for r in of_type(recorded, "InstanceTemplate") + of_type(recorded, "compute/instance:Instance")]
    for server in servers:
        for nic in server["networkInterfaces"]:
            assert "accessConfigs" not in nic and "ipv6AccessConfigs" not in nic
        assert server["shieldedInstanceConfig"] == {"enableSecureBoot": True, "enableVtpm": True, "enableIntegrityMonitoring": True}
        assert server["metadata"]["block-project-ssh-keys"] == "true"
        assert server["metadata"]["enable-oslogin"] == "true"
    qdrant = one(recorded, "compute/instance:Instance").inputs
    # Qdrant runs as its own account, which may read its key (test_api_keys_live_only_in_secret_manager)
    assert qdrant["serviceAccount"]["email"].split("@")[0] == account_id(spec.stack, "qdrant")
    assert qdrant["serviceAccount"]["scopes"] == ["cloud-platform"]


def test_by_default_the_front_is_an_internal_http_load_balancer_on_a_private_address(graph):
    spec, recorded = graph("api")
    rule = one(recorded, "ForwardingRule", "router-front").inputs
    assert (rule["loadBalancingScheme"], rule["ipAddress"], rule["portRange"]) == ("INTERNAL_MANAGED", "10.40.1.11", "80")
    assert rule["target"] == f"{one(recorded, 'RegionTargetHttpProxy').name}-id"
    assert of_type(recorded, "GlobalForwardingRule") == [] and of_type(recorded, "GlobalAddress") == []
    proxy_subnet = one(recorded, "Subnetwork", "proxy-only").inputs
    assert (proxy_subnet["purpose"], proxy_subnet["ipCidrRange"]) == ("REGIONAL_MANAGED_PROXY", proxy_only_cidr(spec))
    backend = one(recorded, "RegionBackendService").inputs
    assert (backend["loadBalancingScheme"], backend["protocol"]) == ("INTERNAL_MANAGED", "HTTP")
    check = one(recorded, "RegionHealthCheck").inputs["httpHealthCheck"]
    assert (check["port"], check["requestPath"]) == (4000, "/health/readiness")


def test_global_http_load_balancer_checks_readiness(graph):
    _, recorded = graph("gpu", public_endpoint=True)
    check = one(recorded, "HealthCheck").inputs["httpHealthCheck"]
    assert (check["port"], check["requestPath"]) == (8000, "/health")  # /v1 needs the key
    backend = one(recorded, "BackendService").inputs
    assert backend["loadBalancingScheme"] == "EXTERNAL_MANAGED" and backend["portName"] == "http"
    assert backend["backends"][0]["group"].endswith("/instanceGroups/gpu-gcp-test-vllm-group")
    assert backend["healthChecks"] == f"{one(recorded, 'HealthCheck').name}-id"
    rule = one(recorded, "GlobalForwardingRule").inputs
    assert rule["portRange"] == "80" and rule["target"] == f"{one(recorded, 'TargetHttpProxy').name}-id"
    group = one(recorded, "RegionInstanceGroupManager").inputs
    assert group["autoHealingPolicies"]["healthCheck"] == f"{one(recorded, 'HealthCheck').name}-id"


def test_hybrid_router_reaches_vllm_through_the_internal_load_balancer(graph):
    _, recorded = graph("hybrid")
    rule = one(recorded, "compute/forwardingRule:ForwardingRule", "vllm-internal").inputs
    assert (rule["loadBalancingScheme"], rule["ipAddress"], rule["ports"]) == ("INTERNAL", "10.40.1.10", ["8000"])
    router = one(recorded, "InstanceTemplate", "router").inputs["metadata"]["user-data"]
    assert "http://10.40.1.10:8000/v1" in router
    checks = {r.inputs["httpHealthCheck"]["requestPath"] for r in of_type(recorded, "HealthCheck")}
    assert checks == {"/health", "/health/readiness"}


def test_model_bucket_is_private_and_only_vllm_reads_it(graph):
    _, recorded = graph("hybrid")
    bucket = one(recorded, "storage/bucket:Bucket").inputs
    assert bucket["uniformBucketLevelAccess"] is True
    assert bucket["publicAccessPrevention"] == "enforced"
    vllm_sa = f"serviceAccount:{account_id('hybrid-gcp-test', 'vllm')}@llmkit-test.iam.gserviceaccount.com"
    members = [m.inputs for m in of_type(recorded, "BucketIAMMember")]
    # read, and create (never overwrite or delete) so the first server fills an empty cache
    assert sorted(m["role"] for m in members) == ["roles/storage.objectCreator", "roles/storage.objectViewer"]
    assert {m["member"] for m in members} == {vllm_sa}
    project_roles = {r.inputs["role"] for r in of_type(recorded, "projects/iAMMember:IAMMember")}
    assert project_roles == {"roles/logging.logWriter", "roles/monitoring.metricWriter"}


@pytest.mark.parametrize("architecture", ["api", "hybrid"])
def test_api_keys_live_only_in_secret_manager(graph, architecture):
    spec, recorded = graph(architecture)
    server_key = {spec.model_server.api_key_secret} if spec.model_server else set()
    qdrant_key = spec.vector_db.api_key_secret
    assert {s.inputs["secretId"] for s in of_type(recorded, "secretmanager/secret:Secret")} == set(spec.router.secret_names) | server_key | {qdrant_key}
    # each configured (or generated) key is the secret data of its own secret version and of nothing else
    versions = of_type(recorded, "SecretVersion")
    assert len(versions) == len(spec.router.secret_names) + len(server_key) + 1
    assert sorted(masked_inputs(recorded)) == sorted((v.type, v.name, "secretData") for v in versions)
    everything = everything_but(recorded, lambda r: False)
    assert API_KEY_VALUE not in everything and MASTER_KEY_VALUE not in everything
    router = one(recorded, "InstanceTemplate", "router").inputs
    assert "gcloud secrets versions access latest" in router["metadata"]["user-data"]
    assert "--project=llmkit-test" in router["metadata"]["user-data"]
    router_sa = f"serviceAccount:{account_id(spec.stack, 'router')}@llmkit-test.iam.gserviceaccount.com"
    vllm_sa = f"serviceAccount:{account_id(spec.stack, 'vllm')}@llmkit-test.iam.gserviceaccount.com"
    qdrant_sa = f"serviceAccount:{account_id(spec.stack, 'qdrant')}@llmkit-test.iam.gserviceaccount.com"
    secret_ids = {f"{s.name}-id": s.inputs["secretId"] for s in of_type(recorded, "secretmanager/secret:Secret")}
    for member in of_type(recorded, "SecretIamMember"):
        assert member.inputs["role"] == "roles/secretmanager.secretAccessor"
        # vLLM and Qdrant read their own key only; the router reads its keys and (hybrid) the
        # key it calls vLLM with
        secret = secret_ids[member.inputs["secretId"]]
        expected = {qdrant_sa} if secret == qdrant_key else {router_sa, vllm_sa} if secret in server_key else {router_sa}
        assert member.inputs["member"] in expected


def test_without_configured_keys_secrets_exist_but_hold_no_version(run_pulumi):
    import llmkit.components.gcp as gcp_pkg

    spec = make_spec("gcp", "api", stack="api-nokeys")
    recorded = run_pulumi(lambda: gcp_pkg.deploy(spec), config={"gcp:project": "p"}, stack=spec.stack,
                          mocks=RecordingMocks(outputs=computed_outputs))
    assert len(of_type(recorded, "secretmanager/secret:Secret")) == 3
    # the provider key waits for its value; the router's client key and Qdrant's are generated
    versions = sorted(v.inputs["secret"] for v in of_type(recorded, "SecretVersion"))
    assert len(versions) == 2 and any(spec.router.master_key_secret in v for v in versions)
    assert any(spec.vector_db.api_key_secret in v for v in versions)


def test_qdrant_keeps_its_data_on_a_separate_persistent_disk(graph):
    _, recorded = graph("gpu")
    disk = one(recorded, "compute/disk:Disk")
    assert (disk.inputs["size"], disk.inputs["type"], disk.inputs["zone"]) == (150, "pd-ssd", "europe-west4-a")
    instance = one(recorded, "compute/instance:Instance").inputs
    assert instance["attachedDisks"] == [{"source": f"{disk.name}-id", "deviceName": "qdrant-data"}]
    assert instance["networkInterfaces"][0]["networkIp"] == "10.40.1.20"
    assert "/dev/disk/by-id/google-qdrant-data" in instance["metadata"]["user-data"]


def test_spot_pricing_uses_the_spot_provisioning_model(graph):
    _, recorded = graph("gpu", pricing="spot")
    scheduling = one(recorded, "InstanceTemplate").inputs["scheduling"]
    assert scheduling["provisioningModel"] == "SPOT" and scheduling["preemptible"] is True
    assert scheduling["automaticRestart"] is False and scheduling["instanceTerminationAction"] == "DELETE"


def test_spot_mix_is_a_second_group_version_holding_the_spot_share(graph):
    _, recorded = graph("gpu", spot_share_pct=70)
    templates = {t.name: t.inputs["scheduling"]["provisioningModel"] for t in of_type(recorded, "InstanceTemplate")}
    assert sorted(templates.values()) == ["SPOT", "STANDARD"]
    versions = one(recorded, "RegionInstanceGroupManager").inputs["versions"]
    assert [v["name"] for v in versions] == ["primary", "spot"]
    assert versions[1]["targetSize"] == {"percent": 70}
    spot_template = next(name for name, model in templates.items() if model == "SPOT")
    assert versions[1]["instanceTemplate"] == f"{spot_template}-id"


def test_budget_only_with_a_billing_account(graph):
    _, without = graph("gpu")
    assert of_type(without, "billing/budget:Budget") == []
    spec, with_account = graph("gpu", gcp_billing_account=BILLING)
    budget = one(with_account, "billing/budget:Budget").inputs
    assert budget["billingAccount"] == BILLING
    assert budget["amount"]["specifiedAmount"] == {"currencyCode": "USD", "units": "1500"}
    assert budget["budgetFilter"]["labels"] == {"llmkit-stack": spec.stack}
    assert [r["thresholdPercent"] for r in budget["thresholdRules"]] == [0.8, 1.0]


def test_alerts_cover_error_rate_and_gpu_saturation(graph):
    _, recorded = graph("gpu")
    filters = [p.inputs["conditions"][0]["conditionThreshold"]["filter"] for p in of_type(recorded, "AlertPolicy")]
    assert any("response_code_class = 500" in f for f in filters)
    assert any(GPU_METRIC in f for f in filters)
    channel = f"{one(recorded, 'NotificationChannel').name}-id"
    assert all(p.inputs["notificationChannels"] == [channel] for p in of_type(recorded, "AlertPolicy"))


def test_service_account_ids_fit_gcp_rules():
    for stack in ("gpu-gcp", "enterprise-support-with-a-very-long-name"):
        for role in ("vllm", "router"):
            ident = account_id(stack, role)
            assert 6 <= len(ident) <= 30 and ident[0].isalpha() and ident.endswith(role) and "--" not in ident


@pytest.mark.parametrize("stack", ["gpu-gcp", "hybrid-gcp"])
def test_llmkit_plan_runs_the_reference_stack_offline(cli, tmp_path, stack):
    doc = planned(cli, tmp_path, stack)
    types = [s["newState"]["type"] for s in doc["steps"]]
    assert types.count("gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager") == (2 if stack.startswith("hybrid") else 1)
    gpu = next(s["newState"]["inputs"] for s in doc["steps"]
               if s["newState"]["type"].endswith("InstanceTemplate") and "guestAccelerators" in s["newState"]["inputs"])
    assert gpu["scheduling"]["onHostMaintenance"] == "TERMINATE"
    assert doc["config"]["gcp:region"] == "us-central1"


def test_tls_certificate_serves_https_and_http_only_redirects(graph):
    cert = "projects/llmkit-test/global/sslCertificates/api-example-com"
    _, recorded = graph("api", tls_certificate=cert)
    https = one(recorded, "TargetHttpsProxy").inputs
    assert https["sslCertificates"] == [cert]
    assert https["sslPolicy"] == f"{one(recorded, 'SSLPolicy').name}-id"
    assert one(recorded, "SSLPolicy").inputs["minTlsVersion"] == "TLS_1_2"
    rules = {r.inputs["portRange"]: r.inputs for r in of_type(recorded, "GlobalForwardingRule")}
    assert set(rules) == {"80", "443"} and rules["443"]["target"] == f"{one(recorded, 'TargetHttpsProxy').name}-id"
    maps = {r.name: r.inputs for r in of_type(recorded, "URLMap")}
    http_proxy = one(recorded, "TargetHttpProxy").inputs
    redirect = maps[http_proxy["urlMap"].removesuffix("-id")]
    assert redirect["defaultUrlRedirect"]["httpsRedirect"] is True and "defaultService" not in redirect
    assert rules["80"]["target"] == f"{one(recorded, 'TargetHttpProxy').name}-id"

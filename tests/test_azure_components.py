"""Azure architectures under mocks: graph shape, sizes, labels and the security defaults.

Each program runs once per spec variant (cached for the module); assertions read the recorded
inputs, i.e. exactly what the engine would send to Azure.
"""

from __future__ import annotations

import base64

import pytest

from _cloud_graph import (
    accepts,
    everything_but,
    masked_inputs,
    memoised_runner,
    of_type,
    one,
    planned,
    reference_stack,
    the_component,
    type_counts,
    walk,
)
from _cloud_specs import API_KEY_VALUE, MASTER_KEY_VALUE, make_spec
from llmkit.components.azure.base import KEY_VAULT_SECRETS_USER, STORAGE_BLOB_DATA_CONTRIBUTOR
from llmkit.components.children import server_subnet
from llmkit.components.azure.gpu_metrics import MONITORING_METRICS_PUBLISHER, PUBLISHER, install_script
from llmkit.components.azure.mock_outputs import computed_outputs, mock_client_id
from llmkit.mockrun import RecordingMocks


@pytest.fixture
def graph(run_pulumi):
    """graph(architecture, **spec overrides) -> (spec, recorded resources), memoised."""
    return memoised_runner(run_pulumi, "azure", {})


@pytest.fixture(params=["spec:gpu", "spec:api", "spec:hybrid", "stack:gpu-azure", "stack:api-azure", "stack:hybrid-azure"])
def subject(request, graph, run_pulumi):
    """A hand-built spec per architecture, and each Azure reference stack as the program builds it."""
    kind, name = request.param.split(":")
    return graph(name) if kind == "spec" else reference_stack(run_pulumi, "azure", name)


def custom_data(vmss_or_vm) -> str:
    profile = vmss_or_vm.inputs.get("virtualMachineProfile", vmss_or_vm.inputs)
    return base64.b64decode(profile["osProfile"]["customData"]).decode()


COMMON = {
    "ResourceGroup": 1, "NetworkSecurityGroup": 1, "NatGateway": 1,
    "VirtualNetwork": 1, "Subnet": 1, "ActionGroup": 1, "Disk": 1, "NetworkInterface": 1,
    "VirtualMachine": 1, "Budget": 1,
}
EXPECTED = {
    # one public IP: the NAT gateway's (the client-facing load balancer is internal by default);
    # one vault everywhere: the model server's key on GPU stacks, the router's keys on api/hybrid
    # every architecture adds Qdrant's identity, its key (a Secret) and its read grant on that key;
    # api and hybrid: the routers' quota-use alert and their grant to publish it; every front
    # (router, or vLLM when it is the front): a p95 latency alert on the metric it publishes, and
    # a cost-per-query alert on the one it computes, with Reader on each fleet it sizes (only
    # where every fleet's price is known: the fake catalog prices no router instance)
    "gpu": {**COMMON, "UserAssignedIdentity": 2, "PublicIPAddress": 1, "LoadBalancer": 1, "VirtualMachineScaleSet": 1, "AutoscaleSetting": 1,
            "StorageAccount": 1, "BlobContainer": 1, "Vault": 1, "Secret": 2, "RoleAssignment": 5, "MetricAlert": 6, "Dashboard": 1},
    "api": {**COMMON, "UserAssignedIdentity": 2, "PublicIPAddress": 1, "LoadBalancer": 1, "VirtualMachineScaleSet": 1, "AutoscaleSetting": 1,
            "Vault": 1, "Secret": 3, "RoleAssignment": 3, "MetricAlert": 6, "Dashboard": 1},
    "hybrid": {**COMMON, "UserAssignedIdentity": 3, "PublicIPAddress": 1, "LoadBalancer": 2, "VirtualMachineScaleSet": 2, "AutoscaleSetting": 2,
               "StorageAccount": 1, "BlobContainer": 1, "Vault": 1, "Secret": 4, "RoleAssignment": 6, "MetricAlert": 9, "Dashboard": 1},
}


@pytest.mark.parametrize("architecture", ["gpu", "api", "hybrid"])
def test_graph_has_the_expected_resources_under_one_component(graph, architecture):
    spec, recorded = graph(architecture)
    assert type_counts(recorded) == EXPECTED[architecture]
    the_component(recorded, architecture, "azure")
    assert one(recorded, "ResourceGroup").inputs["resourceGroupName"] == f"llmkit-{spec.stack}"


def test_every_taggable_resource_carries_the_stack_labels(subject):
    spec, recorded = subject
    taggable = [r for r in recorded if r.custom and accepts("pulumi_azure_native", r.type, "tags")]
    assert len(taggable) >= 18
    for resource in taggable:
        assert resource.inputs.get("tags") == spec.labels, resource.name
    assert spec.labels["llmkit-stack"] == spec.stack and "llmkit-expires-at" in spec.labels


def test_gpu_fleet_size_capacity_and_autoscale_follow_the_spec(graph):
    spec, recorded = graph("gpu", min_size=3, desired=4, max_size=9)
    vmss = one(recorded, "VirtualMachineScaleSet")
    assert vmss.inputs["sku"]["name"] == "Standard_NC24ads_A100_v4"
    assert vmss.inputs["sku"]["capacity"] == 4
    assert vmss.inputs["orchestrationMode"] == "Uniform"
    profile = one(recorded, "AutoscaleSetting").inputs["profiles"][0]
    assert profile["capacity"] == {"minimum": "3", "maximum": "9", "default": "4"}
    rules = {r["scaleAction"]["direction"]: r["metricTrigger"] for r in profile["rules"]}
    assert rules["Increase"]["threshold"] == 75 and rules["Increase"]["operator"] == "GreaterThan"
    assert rules["Decrease"]["threshold"] == 30 and rules["Decrease"]["operator"] == "LessThan"
    assert {t["metricName"] for t in rules.values()} == {"Percentage CPU"}
    image = vmss.inputs["virtualMachineProfile"]["storageProfile"]["imageReference"]
    assert (image["publisher"], image["offer"]) == ("microsoft-dsvm", "ubuntu-hpc")  # driver + container toolkit
    boot = custom_data(vmss)
    assert boot.startswith("#cloud-config") and "--served-model-name llama-3.1-8b" in boot
    assert "--account-name llmkitmodels --source model-cache --pattern 'meta-llama/Llama-3.1-8B-Instruct/*'" in boot


def test_api_fleet_runs_the_router_on_plain_ubuntu(graph):
    spec, recorded = graph("api")
    vmss = one(recorded, "VirtualMachineScaleSet")
    assert vmss.inputs["sku"]["name"] == "Standard_B2s"
    assert vmss.inputs["virtualMachineProfile"]["storageProfile"]["imageReference"]["publisher"] == "Canonical"
    assert one(recorded, "VirtualMachine").inputs["hardwareProfile"]["vmSize"] == "Standard_D2s_v5"


def test_nsg_admits_only_serving_ports_and_never_ssh(subject):
    spec, recorded = subject
    prefix = server_subnet(spec)
    front = (spec.api_fleet or spec.gpu_fleet).port
    internal = {spec.vector_db.port} | ({spec.gpu_fleet.port} if spec.architecture == "hybrid" else set())
    rules = one(recorded, "NetworkSecurityGroup").inputs["securityRules"]
    allows = [r for r in rules if r["access"] == "Allow"]
    assert allows and all(r["direction"] == "Inbound" for r in allows)
    for rule in allows:
        port = int(rule["destinationPortRange"])  # a single port, never "*" or a range
        assert port != 22
        assert rule["sourceAddressPrefix"] in ("Internet" if spec.internet_facing else "VirtualNetwork", "AzureLoadBalancer", prefix)
        assert rule["sourceAddressPrefix"] not in ("*", "0.0.0.0/0")
        assert rule["destinationAddressPrefix"] == prefix
        if rule["sourceAddressPrefix"] in ("Internet", "VirtualNetwork"):
            assert port == front  # the front LB passes clients through on the serving port only
        else:
            assert port in internal | {front}
    deny = [r for r in rules if r["access"] == "Deny"]
    assert len(deny) == 1 and deny[0]["sourceAddressPrefix"] == "*" and deny[0]["destinationPortRange"] == "*"
    assert deny[0]["priority"] > max(r["priority"] for r in allows)
    subnet = one(recorded, "Subnet")
    assert subnet.inputs["networkSecurityGroup"]["id"] == f"{spec.stack}-servers-nsg-id"
    assert subnet.inputs["defaultOutboundAccess"] is False


def test_servers_have_no_public_ip(subject):
    spec, recorded = subject
    for vmss in of_type(recorded, "VirtualMachineScaleSet"):
        for nic in vmss.inputs["virtualMachineProfile"]["networkProfile"]["networkInterfaceConfigurations"]:
            for ipc in nic["ipConfigurations"]:
                assert "publicIPAddressConfiguration" not in ipc
    for nic in of_type(recorded, "NetworkInterface"):
        assert all("publicIPAddress" not in ipc for ipc in nic.inputs["ipConfigurations"])
    # the only public address: the NAT gateway's (egress); the front load balancer is internal
    # unless the stack asks for a public endpoint
    public_ids = {f"{r.name}-id" for r in of_type(recorded, "PublicIPAddress")}
    users = [r.name for r in recorded if r.custom and any(isinstance(v, str) and v in public_ids for v in walk(r.inputs))]
    front = "router" if spec.api_fleet else "vllm"
    expected = [f"{spec.stack}-nat"] + ([f"{spec.stack}-{front}-lb"] if spec.internet_facing else [])
    assert sorted(users) == sorted(expected)


def test_public_endpoint_puts_the_front_load_balancer_on_the_internet(graph):
    spec, recorded = graph("api", public_endpoint=True)
    lb = one(recorded, "LoadBalancer", "router")
    (frontend,) = lb.inputs["frontendIPConfigurations"]
    assert frontend["publicIPAddress"]["id"] == f"{one(recorded, 'PublicIPAddress', 'router-lb-ip').name}-id"
    clients = next(r for r in one(recorded, "NetworkSecurityGroup").inputs["securityRules"] if r["name"] == "allow-lb-clients")
    assert clients["sourceAddressPrefix"] == "Internet"


def test_by_default_the_front_load_balancer_is_internal(graph):
    spec, recorded = graph("gpu")
    (frontend,) = one(recorded, "LoadBalancer", "vllm").inputs["frontendIPConfigurations"]
    assert "publicIPAddress" not in frontend and frontend["privateIPAddress"] == "10.40.1.11"


@pytest.mark.parametrize("architecture,role,path,port", [
    ("gpu", "vllm", "/health", 8000), ("api", "router", "/health/readiness", 4000),
])
def test_load_balancer_probes_the_readiness_path(graph, architecture, role, path, port):
    _, recorded = graph(architecture)
    lb = one(recorded, "LoadBalancer", role)
    assert lb.inputs["sku"]["name"] == "Standard"
    (probe,) = lb.inputs["probes"]
    assert (probe["protocol"], probe["requestPath"], probe["port"]) == ("Http", path, port)
    (rule,) = lb.inputs["loadBalancingRules"]
    assert rule["backendPort"] == port and rule["frontendPort"] == 80


def test_hybrid_router_calls_vllm_through_an_internal_load_balancer(graph):
    spec, recorded = graph("hybrid")
    internal = one(recorded, "LoadBalancer", "vllm")
    (frontend,) = internal.inputs["frontendIPConfigurations"]
    assert "publicIPAddress" not in frontend and frontend["privateIPAddress"] == "10.40.1.10"
    router_boot = custom_data(one(recorded, "VirtualMachineScaleSet", "router"))
    assert "http://10.40.1.10:8000/v1" in router_boot
    vllm_boot = custom_data(one(recorded, "VirtualMachineScaleSet", "vllm"))
    assert "--dtype" in vllm_boot and "8000" in vllm_boot


def test_model_cache_storage_is_private_and_encrypted(graph):
    _, recorded = graph("gpu")
    account = one(recorded, "StorageAccount").inputs
    assert account["enableHttpsTrafficOnly"] is True
    assert account["minimumTlsVersion"] == "TLS1_2"
    assert account["allowBlobPublicAccess"] is False
    assert account["allowSharedKeyAccess"] is False
    assert account["encryption"]["requireInfrastructureEncryption"] is True
    assert account["encryption"]["services"]["blob"]["enabled"] is True
    assert account["networkRuleSet"]["defaultAction"] == "Deny"
    assert one(recorded, "BlobContainer").inputs["publicAccess"] == "None"


def test_disks_are_encrypted(subject):
    spec, recorded = subject
    for vmss in of_type(recorded, "VirtualMachineScaleSet"):
        assert vmss.inputs["virtualMachineProfile"]["securityProfile"]["encryptionAtHost"] is True
    vm = one(recorded, "VirtualMachine").inputs
    assert vm["securityProfile"]["encryptionAtHost"] is True
    disk = one(recorded, "compute:Disk").inputs
    assert disk["encryption"]["type"] == "EncryptionAtRestWithPlatformKey"
    assert disk["diskSizeGB"] == spec.vector_db.disk_gb and disk["networkAccessPolicy"] == "DenyAll"
    (data,) = vm["storageProfile"]["dataDisks"]
    assert data["managedDisk"]["id"] == f"{one(recorded, 'compute:Disk').name}-id"
    assert "/dev/disk/azure/scsi1/lun0" in custom_data(one(recorded, "VirtualMachine"))


@pytest.mark.parametrize("architecture", ["api", "hybrid"])
def test_api_keys_live_only_in_key_vault(graph, architecture):
    spec, recorded = graph(architecture)
    secrets = of_type(recorded, "keyvault:Secret")
    server_key = {spec.model_server.api_key_secret} if spec.model_server else set()
    assert {s.inputs["secretName"] for s in secrets} == set(spec.router.secret_names) | server_key | {spec.vector_db.api_key_secret}
    # each configured key is a secret value of its own Key Vault secret and of nothing else
    assert sorted(masked_inputs(recorded)) == sorted((s.type, s.name, "properties") for s in secrets)
    everything = everything_but(recorded, lambda r: False)
    assert API_KEY_VALUE not in everything and MASTER_KEY_VALUE not in everything
    decoded = "".join(custom_data(r) for r in of_type(recorded, "VirtualMachineScaleSet") + of_type(recorded, "compute:VirtualMachine"))
    assert API_KEY_VALUE not in decoded and "az keyvault secret show" in decoded
    vault = one(recorded, "keyvault:Vault").inputs["properties"]
    assert vault["enableRbacAuthorization"] is True and vault["enableSoftDelete"] is True
    assert vault["networkAcls"]["defaultAction"] == "Deny"


def test_each_role_identity_gets_only_its_own_read_role(graph):
    spec, recorded = graph("hybrid")
    identities = {r.name.rsplit("-", 2)[-2]: f"{r.name}-id" for r in of_type(recorded, "UserAssignedIdentity")}
    assert set(identities) == {"vllm", "router", "qdrant"}
    assignments = {a.inputs["roleDefinitionId"].rsplit("/", 1)[-1]: a.inputs for a in of_type(recorded, "RoleAssignment")}
    readers = {a.inputs["scope"] for a in of_type(recorded, "RoleAssignment")
               if a.inputs["roleDefinitionId"].endswith(KEY_VAULT_SECRETS_USER)}
    server_secret = next(s for s in of_type(recorded, "keyvault:Secret") if s.inputs["secretName"] == spec.model_server.api_key_secret)
    qdrant_secret = next(s for s in of_type(recorded, "keyvault:Secret") if s.inputs["secretName"] == spec.vector_db.api_key_secret)
    # the router reads the whole vault; vLLM and Qdrant only their own key
    assert readers == {f"{one(recorded, 'keyvault:Vault').name}-id", f"{server_secret.name}-id", f"{qdrant_secret.name}-id"}
    qdrant_reader = next(a.inputs for a in of_type(recorded, "RoleAssignment") if a.inputs["scope"] == f"{qdrant_secret.name}-id")
    import uuid

    assert qdrant_reader["principalId"] == str(uuid.uuid5(uuid.NAMESPACE_URL, f"{identities['qdrant'][:-3]}/principal"))
    # blob read and write on the cache container only: the first server fills it from the hub
    assert set(assignments) == {KEY_VAULT_SECRETS_USER, STORAGE_BLOB_DATA_CONTRIBUTOR, MONITORING_METRICS_PUBLISHER}
    assert assignments[STORAGE_BLOB_DATA_CONTRIBUTOR]["scope"] == f"{one(recorded, 'BlobContainer').name}-id"
    # each fleet publishes its own metrics (vLLM its GPU use, the router its quota use) on its own scale set
    publishers = {a.inputs["scope"] for a in of_type(recorded, "RoleAssignment")
                  if a.inputs["roleDefinitionId"].endswith(MONITORING_METRICS_PUBLISHER)}
    assert publishers == {f"{one(recorded, 'VirtualMachineScaleSet', role).name}-id" for role in ("vllm", "router")}
    for role in ("vllm", "router"):
        vmss = one(recorded, "VirtualMachineScaleSet", role)
        assert vmss.inputs["identity"] == {"type": "UserAssigned", "userAssignedIdentities": [identities[role]]}
    qdrant = one(recorded, "compute:VirtualMachine", "qdrant").inputs
    assert qdrant["identity"] == {"type": "UserAssigned", "userAssignedIdentities": [identities["qdrant"]]}


def test_spot_pricing_uses_spot_priority_with_delete_eviction(graph):
    _, recorded = graph("gpu", pricing="spot")
    vm = one(recorded, "VirtualMachineScaleSet").inputs
    assert vm["orchestrationMode"] == "Uniform"
    profile = vm["virtualMachineProfile"]
    assert (profile["priority"], profile["evictionPolicy"]) == ("Spot", "Delete")
    assert profile["billingProfile"]["maxPrice"] == -1


def test_spot_mix_keeps_an_on_demand_base(graph):
    _, recorded = graph("gpu", spot_share_pct=60, min_size=2)
    vm = one(recorded, "VirtualMachineScaleSet").inputs
    assert vm["orchestrationMode"] == "Flexible"
    assert vm["priorityMixPolicy"] == {"baseRegularPriorityCount": 2, "regularPriorityPercentageAboveBase": 40}
    assert vm["virtualMachineProfile"]["priority"] == "Spot"


def test_on_demand_pricing_is_regular_priority(graph):
    _, recorded = graph("gpu")
    profile = one(recorded, "VirtualMachineScaleSet").inputs["virtualMachineProfile"]
    assert profile["priority"] == "Regular" and "evictionPolicy" not in profile


def test_budget_is_scoped_to_the_resource_group(graph):
    spec, recorded = graph("gpu")
    budget = one(recorded, "Budget").inputs
    assert budget["amount"] == 1500.0 and budget["timeGrain"] == "Monthly"
    assert budget["scope"] == f"{one(recorded, 'ResourceGroup').name}-id"
    assert budget["notifications"]["actual80"]["contactEmails"] == ["ops@example.com"]
    assert budget["timePeriod"]["startDate"].endswith("-01T00:00:00Z")


def test_no_budget_without_an_amount(graph):
    _, recorded = graph("gpu", budget=None)
    assert of_type(recorded, "Budget") == []


def test_alerts_watch_readiness_and_saturation(graph):
    _, recorded = graph("gpu")
    criteria = [a.inputs["criteria"]["allOf"][0] for a in of_type(recorded, "MetricAlert")]
    metrics = sorted(c["metricName"] for c in criteria)
    assert metrics == ["DipAvailability", "Percentage CPU", "VipAvailability", "cost_per_query_usd", "gpu_utilization", "latency_p95_s"]
    gpu = next(c for c in criteria if c["metricName"] == "gpu_utilization")
    assert (gpu["metricNamespace"], gpu["threshold"], gpu["skipMetricValidation"]) == ("llmkit", 85, True)
    action_id = f"{one(recorded, 'ActionGroup').name}-id"
    assert all(a.inputs["actions"][0]["actionGroupId"] == action_id for a in of_type(recorded, "MetricAlert"))


@pytest.mark.parametrize("stack", ["gpu-azure", "hybrid-azure"])
def test_llmkit_plan_runs_the_reference_stack_offline(cli, tmp_path, stack):
    doc = planned(cli, tmp_path, stack)
    types = [s["newState"]["type"] for s in doc["steps"]]
    assert types.count("azure-native:compute:VirtualMachineScaleSet") == (2 if stack.startswith("hybrid") else 1)
    group = next(s["newState"]["inputs"] for s in doc["steps"] if s["newState"]["type"].endswith("ResourceGroup"))
    assert group["resourceGroupName"] == f"llmkit-{stack}"
    assert doc["config"]["azure-native:location"] == "eastus"


def test_unconfigured_keys_leave_the_vault_empty_and_readable(run_pulumi):
    import llmkit.components.azure as azure_pkg

    spec = make_spec("azure", "api", stack="api-nokeys")
    recorded = run_pulumi(lambda: azure_pkg.deploy(spec), config={}, stack=spec.stack,
                          mocks=RecordingMocks(outputs=computed_outputs))
    # provider keys are added out of band; the router's client key and Qdrant's are generated, never absent
    assert sorted(s.inputs["secretName"] for s in of_type(recorded, "keyvault:Secret")) == sorted([
        spec.router.master_key_secret, spec.vector_db.api_key_secret])  # registration order is the engine's
    # role assignments: the router's and Qdrant's vault reads, the router's metric publishing
    assert len(of_type(recorded, "keyvault:Vault")) == 1 and len(of_type(recorded, "RoleAssignment")) == 3
    assert "az keyvault secret show" in custom_data(one(recorded, "VirtualMachineScaleSet"))


def test_malformed_api_keys_config_is_a_user_error_without_the_value(run_pulumi):
    import llmkit.components.azure as azure_pkg
    from llmkit.core.errors import UserError

    spec = make_spec("azure", "api", stack="api-badkeys")
    with pytest.raises(UserError) as caught:
        run_pulumi(lambda: azure_pkg.deploy(spec), config={"llmkit:apiKeys": "sk-oops-not-json"}, stack=spec.stack,
                   secret_keys=["llmkit:apiKeys"], mocks=RecordingMocks(outputs=computed_outputs))
    assert "sk-oops" not in str(caught.value)


def test_gpu_servers_publish_gpu_utilisation_with_their_own_identity(graph):
    _, recorded = graph("gpu")
    vmss = one(recorded, "VirtualMachineScaleSet").inputs
    (extension,) = vmss["virtualMachineProfile"]["extensionProfile"]["extensions"]
    assert (extension["publisher"], extension["type"]) == ("Microsoft.Azure.Extensions", "CustomScript")
    script = base64.b64decode(extension["settings"]["script"]).decode()
    assert "systemctl enable --now llmkit-gpu-metric.timer" in script
    publisher = next(base64.b64decode(line.split()[1]).decode() for line in script.splitlines() if "llmkit-gpu-metric" in line and line.startswith("echo"))
    assert "nvidia-smi" in publisher and "monitoring.azure.com" in publisher
    identity = one(recorded, "UserAssignedIdentity", "vllm")
    assert f'CLIENT_ID = "{mock_client_id(identity.name)}"' in publisher
    api_vmss = one(graph("api")[1], "VirtualMachineScaleSet").inputs
    assert "extensionProfile" not in api_vmss["virtualMachineProfile"]


def test_gpu_metric_publisher_is_valid_python_and_bash(tmp_path):
    import ast
    import shutil
    import subprocess

    ast.parse(PUBLISHER.replace("__CLIENT_ID__", "00000000-0000-0000-0000-000000000000"))
    script = tmp_path / "install.sh"
    script.write_text(install_script("00000000-0000-0000-0000-000000000000"))
    bash = shutil.which("bash")
    assert bash
    result = subprocess.run([bash, "-n", str(script)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


CERT_SECRET = "/subscriptions/0000/resourceGroups/certs/providers/Microsoft.KeyVault/vaults/corp-certs/secrets/api-example-com"


def test_tls_certificate_serves_https_through_an_application_gateway_and_port_80_only_redirects(graph):
    spec, recorded = graph("api", tls_certificate=CERT_SECRET)
    gateway = one(recorded, "ApplicationGateway").inputs
    listeners = {l["name"]: l for l in gateway["httpListeners"]}
    assert listeners["https"]["protocol"] == "Https" and listeners["http"]["protocol"] == "Http"
    assert gateway["sslCertificates"] == [{"name": "endpoint", "keyVaultSecretId": "https://corp-certs.vault.azure.net/secrets/api-example-com"}]
    assert gateway["sslPolicy"]["policyName"].startswith("AppGwSslPolicy2022")
    rules = {r["name"]: r for r in gateway["requestRoutingRules"]}
    assert "redirectConfiguration" in rules["http-redirect"] and "backendAddressPool" not in rules["http-redirect"]
    assert rules["https"]["httpListener"]["id"].endswith("/httpListeners/https")
    # behind the gateway the load balancer stays internal; the gateway reads only its certificate
    (frontend,) = one(recorded, "LoadBalancer", "router").inputs["frontendIPConfigurations"]
    assert "publicIPAddress" not in frontend
    assert gateway["backendAddressPools"][0]["backendAddresses"] == [{"ipAddress": frontend["privateIPAddress"]}]
    reader = one(recorded, "RoleAssignment", "appgw-cert-reader").inputs
    assert reader["scope"] == CERT_SECRET and reader["roleDefinitionId"].endswith(KEY_VAULT_SECRETS_USER)
    clients = next(r for r in one(recorded, "NetworkSecurityGroup").inputs["securityRules"] if r["name"] == "allow-lb-clients")
    assert clients["sourceAddressPrefix"] == "VirtualNetwork"


def test_a_tls_certificate_that_is_not_a_key_vault_secret_id_is_refused(run_pulumi):
    import llmkit.components.azure as azure_pkg
    from llmkit.core.errors import UserError

    spec = make_spec("azure", "api", stack="api-tls", tls_certificate="https://kv.vault.azure.net/certificates/api")
    with pytest.raises(UserError, match="Key Vault secret"):
        run_pulumi(lambda: azure_pkg.deploy(spec), config={}, stack=spec.stack, mocks=RecordingMocks(outputs=computed_outputs))

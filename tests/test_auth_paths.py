"""No path reaches a model server without a key, on every reference stack of every cloud.

Each test reads the planned network graph (AWS security groups, the Azure NSG, GCP firewall
rules) to find every server port anything can reach, then reads the rendered boot document of
the servers behind it and proves the service there refuses requests without a key: vLLM gets
``VLLM_API_KEY`` (its ``--api-key``) from the secret store, LiteLLM its master key, and the loader
stops the service on a missing or blank key. The loader itself is executed against a fake cloud
CLI, so "a blank key stops the service" is behaviour, not a string match.
"""

from __future__ import annotations

import base64
import json
import os
import shlex
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

from _stack_plans import boot_documents, by_type, config, recorded
from llmkit.components import boot
from llmkit.components.spec import build_spec
from llmkit.stacks import stack_names

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

STACKS = stack_names()
MODEL_PORTS = {"vllm": 8000, "router": 4000}


def cloud_of(name: str) -> str:
    return config(name).get("llmkit:cloud", "aws")


def files(document: str) -> dict[str, str]:
    return {f["path"]: f["content"] for f in yaml.safe_load(document)["write_files"]}


def reachable_server_ports(name: str) -> dict[str, set[int]]:
    """role -> every port some network rule lets traffic reach on that role's servers."""
    cloud, resources = cloud_of(name), recorded(name)
    out: dict[str, set[int]] = {"vllm": set(), "router": set()}
    if cloud == "aws":
        groups = {f"{r.name}-id": r.inputs for r in by_type(resources, "aws:ec2/securityGroup:SecurityGroup")}
        for lt in by_type(resources, "aws:ec2/launchTemplate:LaunchTemplate"):
            role = "vllm" if lt.name.endswith("-gpu-lt") else "router"
            for sg in lt.inputs["networkInterfaces"][0]["securityGroups"]:
                for rule in groups[sg]["ingress"]:
                    out[role].update(range(int(rule["fromPort"]), int(rule["toPort"]) + 1))
    elif cloud == "azure":
        # one subnet for every server: a port the NSG admits reaches every role listening on it
        (nsg,) = by_type(resources, "azure-native:network:NetworkSecurityGroup")
        for rule in nsg.inputs["securityRules"]:
            if rule["access"] == "Allow":
                port = int(rule["destinationPortRange"])
                for role, model_port in MODEL_PORTS.items():
                    if port == model_port:
                        out[role].add(port)
    else:
        for rule in by_type(resources, "gcp:compute/firewall:Firewall"):
            if rule.inputs.get("direction", "INGRESS") != "INGRESS":
                continue  # egress rules (the response cache's) open nothing on the servers
            for allow in rule.inputs.get("allows", []):
                for tag in rule.inputs["targetTags"]:
                    role = tag.removeprefix("llmkit-")
                    if role in out:
                        out[role].update(int(p) for p in allow["ports"])
    return {role: ports for role, ports in out.items() if ports}


def loader_reads(script: str) -> dict[str, str]:
    """secret name -> variable, for every key load-secrets.sh reads (with its blank-key guard)."""
    reads: dict[str, str] = {}
    lines = script.splitlines()
    for i, line in enumerate(lines):
        if line.startswith('value="$(') and line.endswith("# optional"):
            continue  # the Hugging Face token: never a key that guards an endpoint
        if line.startswith('value="$(') and i + 2 < len(lines):
            guard, write = lines[i + 1], lines[i + 2]
            assert guard.startswith('[ -n "$value" ] ||') and "exit 1" in guard, "a blank key must stop the service"
            name = guard.split("secret ", 1)[1].split(" is empty", 1)[0]
            assert name in line, "the guard names the secret it checks"
            reads[name] = shlex.split(write)[2]
    return reads


def assert_vllm_requires_its_key(name: str, document: str, port: int) -> None:
    spec = build_spec(config(name), name)
    assert spec.model_server is not None and port == spec.model_server.port
    written = files(document)
    unit = written["/etc/systemd/system/llmkit-vllm.service"]
    pre = [line for line in unit.splitlines() if line.startswith("ExecStartPre=")]
    assert "ExecStartPre=/opt/llmkit/bin/load-secrets.sh" in pre  # no leading '-': a failed load stops the unit
    run = next(line for line in unit.splitlines() if line.startswith("ExecStart=/usr/bin/docker run"))
    argv = shlex.split(run.removeprefix("ExecStart="))
    assert argv[argv.index("--env-file") + 1] == "/run/llmkit/vllm.env"
    assert argv[argv.index("-p") + 1] == f"{port}:{port}" and argv.count("-p") == 1
    reads = loader_reads(written["/opt/llmkit/bin/load-secrets.sh"])
    assert reads == {spec.model_server.api_key_secret: boot.SERVER_KEY_ENV}
    # the Hugging Face token, when the store has one, reaches the container too (gated models)
    assert f"{boot.HF_TOKEN_ENV} \"$value\"" in written["/opt/llmkit/bin/load-secrets.sh"]
    assert "/run/llmkit/vllm.env" in written["/opt/llmkit/bin/load-secrets.sh"]


def assert_router_requires_its_master_key(name: str, document: str, port: int) -> None:
    spec = build_spec(config(name), name)
    assert spec.router is not None and port == spec.router.port
    written = files(document)
    litellm = yaml.safe_load(written["/etc/litellm/config.yaml"])
    assert litellm["general_settings"]["master_key"] == "os.environ/LITELLM_MASTER_KEY"
    reads = loader_reads(written["/opt/llmkit/bin/load-secrets.sh"])
    assert reads[spec.router.master_key_secret] == "LITELLM_MASTER_KEY"
    unit = written["/etc/systemd/system/llmkit-litellm.service"]
    assert "ExecStartPre=/opt/llmkit/bin/load-secrets.sh" in unit.splitlines()
    if spec.router.local_model:  # the router calls vLLM with vLLM's own key
        assert reads[spec.model_server.api_key_secret] == boot.LOCAL_KEY_ENV
        local = [m for m in litellm["model_list"] if m["litellm_params"]["model"].startswith("hosted_vllm/")]
        assert local and all(m["litellm_params"]["api_key"] == f"os.environ/{boot.LOCAL_KEY_ENV}" for m in local)


@pytest.mark.parametrize("name", STACKS)
def test_every_reachable_model_server_port_demands_a_key(name):
    reachable = reachable_server_ports(name)
    docs = boot_documents(name)
    assert reachable, "no server is reachable: is the graph reader broken?"
    for role, ports in reachable.items():
        # nothing but the serving port is open on a model server (no SSH, no side doors)
        assert ports == {MODEL_PORTS[role]}, (role, ports)
        check = assert_vllm_requires_its_key if role == "vllm" else assert_router_requires_its_master_key
        check(name, docs[role], MODEL_PORTS[role])


@pytest.mark.parametrize("name", [s for s in STACKS if config(s).get("llmkit:architecture") == "hybrid"])
def test_in_hybrid_stacks_only_the_router_reaches_the_model_server(name):
    cloud, resources = cloud_of(name), recorded(name)
    if cloud == "aws":
        groups = {f"{r.name}-id": r for r in by_type(resources, "aws:ec2/securityGroup:SecurityGroup")}
        (gpu_lt,) = [lt for lt in by_type(resources, "aws:ec2/launchTemplate:LaunchTemplate") if lt.name.endswith("-gpu-lt")]
        (router_lt,) = [lt for lt in by_type(resources, "aws:ec2/launchTemplate:LaunchTemplate") if lt.name.endswith("-router-lt")]
        router_sgs = set(router_lt.inputs["networkInterfaces"][0]["securityGroups"])
        for sg in gpu_lt.inputs["networkInterfaces"][0]["securityGroups"]:
            for rule in groups[sg].inputs["ingress"]:
                assert not rule.get("cidrBlocks")
                for source in rule["securityGroups"]:  # the internal LB, which only the router reaches
                    assert groups[source].name.endswith("-vllm-lb-sg")
                    for lb_rule in groups[source].inputs["ingress"]:
                        assert not lb_rule.get("cidrBlocks") and set(lb_rule["securityGroups"]) <= router_sgs
    elif cloud == "azure":
        (nsg,) = by_type(resources, "azure-native:network:NetworkSecurityGroup")
        for rule in nsg.inputs["securityRules"]:
            if rule["access"] == "Allow" and rule["destinationPortRange"] == str(MODEL_PORTS["vllm"]):
                # the servers' own subnet (the router) and the load balancer's probes only
                assert rule["sourceAddressPrefix"] not in ("Internet", "VirtualNetwork", "*")
    else:
        for rule in by_type(resources, "gcp:compute/firewall:Firewall"):
            if "llmkit-vllm" in rule.inputs.get("targetTags", []) and rule.inputs.get("allows"):
                assert "0.0.0.0/0" not in rule.inputs["sourceRanges"]
                assert "proxy" not in rule.name, "no client-facing load balancer in front of vLLM in a hybrid"


@pytest.mark.parametrize("name", STACKS)
def test_generated_keys_stay_in_the_secret_store_never_in_user_data_or_outputs(name, monkeypatch):
    import llmkit.components.apikeys as apikeys
    from llmkit.offline_plan import record_stack

    sentinel = "llmkit-GENERATED-KEY-NEVER-IN-THE-PLAN"
    monkeypatch.setattr(apikeys, "generate_key", lambda: sentinel)
    resources = record_stack(name, computed=True)
    assert sentinel not in json.dumps([r.inputs for r in resources], default=str)
    for document in boot_documents(name).values():
        assert sentinel not in document
    spec = build_spec(config(name), name)
    generated = [s for s in (spec.router.master_key_secret if spec.router else None,
                             spec.model_server.api_key_secret if spec.model_server else None) if s]
    assert generated, "every stack has a key it generates"


def _fake_cli(folder: Path, cloud: str, value: str) -> dict[str, str]:
    """A fake ``aws``/``az``/``gcloud`` on PATH that prints ``value`` for any secret read."""
    exe = folder / {"aws": "aws", "azure": "az", "gcp": "gcloud"}[cloud]
    exe.write_text(f"#!/bin/sh\nprintf '%s' {shlex.quote(value)}\n")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}"}


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp"])
@pytest.mark.parametrize("value, starts", [("", False), ("k-123", True)])  # one fake CLI answers every read
def test_the_key_loader_refuses_a_blank_key_and_writes_a_set_one(tmp_path, cloud, value, starts):
    name = {"aws": "gpu-aws", "azure": "gpu-azure", "gcp": "gpu-gcp"}[cloud]
    script = files(boot_documents(name)["vllm"])["/opt/llmkit/bin/load-secrets.sh"]
    run_dir = tmp_path / "run"
    path = tmp_path / "load-secrets.sh"
    path.write_text(script.replace("/run/llmkit", str(run_dir)))
    result = subprocess.run(["bash", str(path)], capture_output=True, text=True, timeout=30,
                            env=_fake_cli(tmp_path, cloud, value))
    env_file = run_dir / "vllm.env"
    assert (result.returncode == 0) == starts, result.stderr
    assert env_file.exists() == starts
    if starts:
        assert env_file.read_text() == f"{boot.SERVER_KEY_ENV}={value}\n{boot.HF_TOKEN_ENV}={value}\n"
        assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    else:
        assert "is empty: refusing to start" in result.stderr


def _with_config(monkeypatch, name: str, **extra: str) -> None:
    """``load_stack_config(name)`` as the CLI sees it, with extra llmkit keys set."""
    import dataclasses

    import llmkit.stacks as stacks

    real = stacks.load_stack_config

    def patched(stack: str, *args, **kw):
        cfg = real(stack, *args, **kw)
        if stack != name:
            return cfg
        return dataclasses.replace(cfg, config={**cfg.config, **{f"llmkit:{k}": v for k, v in extra.items()}})

    monkeypatch.setattr(stacks, "load_stack_config", patched)


def test_preview_warns_about_a_public_plain_http_endpoint(cli, monkeypatch):
    _with_config(monkeypatch, "api-aws", publicEndpoint="true")
    result = cli("preview", "--stack", "api-aws", "-f", "json")
    assert result.code == 0, result.err
    assert "plain HTTP on the internet" in result.err and "plain HTTP" not in result.out
    _with_config(monkeypatch, "api-aws", publicEndpoint="true", tlsCertificate="arn:aws:acm:us-east-1:1:certificate/x")
    assert "plain HTTP" not in cli("preview", "--stack", "api-aws", "-f", "json").err


def test_regulated_data_refuses_a_public_plain_http_endpoint_everywhere(cli, monkeypatch):
    result = cli("plan", "--stack", "healthcare", "--set", "publicEndpoint=true")
    assert result.code == 2 and "regulatedData" in result.err and "Traceback" not in result.err
    _with_config(monkeypatch, "healthcare", publicEndpoint="true")
    result = cli("preview", "--stack", "healthcare")
    assert result.code == 2 and "regulatedData" in result.err
    assert build_spec(config("healthcare"), "healthcare").internet_facing is False  # as deployed: internal


def test_a_missing_hugging_face_token_does_not_stop_the_server(tmp_path):
    """The token is optional (a filled model bucket needs none); only the API key is mandatory."""
    script = files(boot_documents("gpu-aws")["vllm"])["/opt/llmkit/bin/load-secrets.sh"]
    fake = tmp_path / "aws"
    # the API key read answers; the token read fails as a secret without a value does
    fake.write_text('#!/bin/sh\ncase "$*" in *huggingface-token*) exit 254;; *) printf k-1;; esac\n')
    fake.chmod(0o755)
    path = tmp_path / "load-secrets.sh"
    path.write_text(script.replace("/run/llmkit", str(tmp_path / "run")))
    result = subprocess.run(["bash", str(path)], capture_output=True, text=True, timeout=30,
                            env={**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "run" / "vllm.env").read_text() == f"{boot.SERVER_KEY_ENV}=k-1\n"


def qdrant_document(name: str) -> str:
    """The cloud-init document of the stack's Qdrant server."""
    for r in recorded(name):
        if r.type == "aws:ec2/instance:Instance" and r.name.endswith("-qdrant"):
            return r.inputs["userData"]
        if r.type == "azure-native:compute:VirtualMachine" and r.name.endswith("-qdrant"):
            return base64.b64decode(r.inputs["osProfile"]["customData"]).decode()
        if r.type == "gcp:compute/instance:Instance" and r.name.endswith("-qdrant"):
            return r.inputs["metadata"]["user-data"]
    raise AssertionError(f"{name}: no Qdrant server in the plan")


@pytest.mark.parametrize("name", STACKS)
def test_the_vector_db_demands_its_own_key(name):
    """Qdrant starts only with its key from the secret store (QDRANT__SERVICE__API_KEY makes it
    refuse every request without the api-key header), on its one port, on every stack."""
    spec = build_spec(config(name), name)
    written = files(qdrant_document(name))
    unit = written["/etc/systemd/system/llmkit-qdrant.service"]
    assert "ExecStartPre=/opt/llmkit/bin/load-secrets.sh" in unit.splitlines()  # no leading '-'
    run = next(line for line in unit.splitlines() if line.startswith("ExecStart=/usr/bin/docker run"))
    argv = shlex.split(run.removeprefix("ExecStart="))
    assert argv[argv.index("--env-file") + 1] == "/run/llmkit/qdrant.env"
    assert argv[argv.index("-p") + 1] == f"{spec.vector_db.port}:{spec.vector_db.port}" and argv.count("-p") == 1
    script = written["/opt/llmkit/bin/load-secrets.sh"]
    assert loader_reads(script) == {spec.vector_db.api_key_secret: boot.QDRANT_KEY_ENV}
    assert "/run/llmkit/qdrant.env" in script
    assert spec.vector_db.api_key_secret and "llmkit-" in spec.vector_db.api_key_secret


def test_a_vector_db_without_a_key_secret_is_never_rendered():
    import dataclasses

    spec = build_spec(config("gpu-aws"), "gpu-aws")
    keyless = dataclasses.replace(spec, vector_db=dataclasses.replace(spec.vector_db, api_key_secret=""))
    with pytest.raises(ValueError, match="without authentication"):
        boot.render("qdrant", keyless, cloud="aws", params={"data_device": "/dev/x", "secret_scope": "us-east-1"})


@pytest.mark.parametrize("name", [s for s in STACKS if cloud_of(s) in ("aws", "gcp") and build_spec(config(s), s).model_server])
def test_load_balancers_in_front_of_vllm_pass_only_the_api(name):
    """vLLM answers /metrics and /health without a key; an HTTP load balancer in front of it
    forwards only /v1/* (which needs the key). AWS answers anything else with a 404, GCP
    redirects it to /v1/models. Health checks reach the servers directly, not through it."""
    spec = build_spec(config(name), name)
    paths = list(spec.model_server.client_paths)
    assert paths == ["/v1/*"]
    resources = recorded(name)
    if cloud_of(name) == "aws":
        # target group ARNs (mock outputs) end with the group's name and a suffix
        vllm_groups = {tg.name for tg in by_type(resources, "aws:lb/targetGroup:TargetGroup")
                       if int(tg.inputs["port"]) == spec.model_server.port}
        assert vllm_groups

        def group_of(action: dict) -> str:
            return str(action.get("targetGroupArn", "")).rsplit(":", 1)[-1].rsplit("-", 1)[0]

        for listener in by_type(resources, "aws:lb/listener:Listener"):
            for action in listener.inputs["defaultActions"]:
                assert group_of(action) not in vllm_groups, "a listener forwards every path to vLLM"
        rules = [r.inputs for r in by_type(resources, "aws:lb/listenerRule:ListenerRule")
                 if group_of(r.inputs["actions"][0]) in vllm_groups]
        assert len(rules) == len(vllm_groups)
        assert all(r["conditions"] == [{"pathPattern": {"values": paths}}] for r in rules)
        return
    maps = [m.inputs for m in by_type(resources, "gcp:compute/uRLMap:URLMap") + by_type(resources, "gcp:compute/regionUrlMap:RegionUrlMap")
            if "vllm" in m.name]
    if spec.architecture == "hybrid":
        assert maps == []  # the router reaches vLLM through a passthrough (layer 4) balancer in the subnet
        return
    assert maps and all("defaultService" not in m for m in maps)
    for m in maps:
        (matcher,) = m["pathMatchers"]
        assert [r["paths"] for r in matcher["pathRules"]] == [paths]
        assert matcher["defaultUrlRedirect"]["pathRedirect"] == m["defaultUrlRedirect"]["pathRedirect"] == "/v1/models"

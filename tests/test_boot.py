"""Boot scripts: valid cloud-config, the router names every model, vLLM gets the right flags."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from _spec_fakes import FakeCatalog, FakeSizer
from llmkit.components import boot
from llmkit.components.spec import build_spec

PARAMS = {
    "aws": {"model_uri": "s3://llmkit-models/meta-llama/Llama-3.1-8B-Instruct", "secret_scope": "us-east-1",
            "data_device": "/dev/nvme1n1", "vllm_base_url": "http://internal-vllm.example:8000",
            "cache_host": "master.cache.example.use1.cache.amazonaws.com", "cache_port": "6379"},
    "azure": {"model_uri": "https://llmkitmodels.blob.core.windows.net/models/meta-llama/Llama-3.1-8B-Instruct",
              "secret_scope": "llmkit-kv", "data_device": "/dev/disk/azure/scsi1/lun0", "vllm_base_url": "http://10.40.2.10:8000",
              "cache_host": "llmkit-cache.redis.cache.windows.net", "cache_port": "6380"},
    "gcp": {"model_uri": "gs://llmkit-models/meta-llama/Llama-3.1-8B-Instruct", "secret_scope": "my-project",
            "data_device": "/dev/disk/by-id/google-qdrant-data", "vllm_base_url": "http://10.40.2.10:8000",
            "cache_host": "10.40.3.3", "cache_port": "6378", "cache_ca": "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n"},
}


def spec(architecture: str, **extra: str):
    config = {"llmkit:architecture": architecture, "llmkit:users": "300", **{f"llmkit:{k}": v for k, v in extra.items()}}
    return build_spec(config, "boot-test", catalog=FakeCatalog(), sizer=FakeSizer())


def parsed(doc: str) -> dict:
    assert doc.startswith("#cloud-config\n")
    return yaml.safe_load(doc)


def files(doc: str) -> dict[str, str]:
    return {f["path"]: f["content"] for f in parsed(doc)["write_files"]}


def cases():
    for cloud in ("aws", "azure", "gcp"):
        yield "vllm", "gpu", cloud
        yield "router", "api", cloud
        yield "router", "hybrid", cloud
        yield "qdrant", "gpu", cloud
        yield "vllm", "hybrid", cloud


def assert_valid_cloud_config(document: str, folder: Path, name: str = "user-data") -> None:
    """``cloud-init schema --config-file`` accepts ``document`` (shared with the stack tests)."""
    exe = shutil.which("cloud-init")
    assert exe, "cloud-init is not installed (Debian package cloud-init); `make test` installs it"
    path = folder / f"{name}.yaml"
    path.write_text(document)
    result = subprocess.run([exe, "schema", "--config-file", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"{name}: {result.stdout}{result.stderr}"
    assert "Valid cloud-config" in result.stdout


@pytest.mark.parametrize("role, architecture, cloud", list(cases()))
def test_every_rendered_document_passes_cloud_init_schema(tmp_path: Path, role, architecture, cloud):
    assert_valid_cloud_config(boot.render(role, spec(architecture), cloud=cloud, params=PARAMS[cloud]), tmp_path, role)


def _vllm_exec(doc: str) -> list[str]:
    unit = files(doc)["/etc/systemd/system/llmkit-vllm.service"]
    line = next(l for l in unit.splitlines() if l.startswith("ExecStart=/usr/bin/docker run"))
    return shlex.split(line.removeprefix("ExecStart="))


@pytest.mark.parametrize("dtype, flag, quant", [("bf16", "bfloat16", None), ("fp16", "float16", None), ("int4", "float16", "awq_marlin"),
                                               ("int8", "float16", "compressed-tensors"), ("fp8", "auto", "fp8")])
def test_vllm_command_carries_model_dtype_parallelism_and_checked_port(dtype, flag, quant):
    s = spec("gpu", dtype=dtype)
    argv = _vllm_exec(boot.render("vllm", s, cloud="aws", params=PARAMS["aws"]))
    server = s.model_server

    def arg(name: str) -> str:
        return argv[argv.index(name) + 1]

    assert arg("--served-model-name") == server.model_id
    assert arg("--model") == "${MODEL_PATH}"
    assert arg("--dtype") == flag
    assert arg("--tensor-parallel-size") == str(server.tensor_parallel)
    assert arg("--port") == str(server.port) == str(s.gpu_fleet.port)
    assert arg("-p") == f"{server.port}:{server.port}"
    assert ("--quantization" in argv) == (quant is not None)
    if quant:
        assert arg("--quantization") == quant
    # /v1/* needs the API key: probes use vLLM's unauthenticated /health
    assert server.readiness_path == s.gpu_fleet.health_path == "/health"


def test_weights_come_from_the_cloud_bucket_with_the_instance_identity():
    for cloud, needle in (("aws", "aws s3 sync s3://llmkit-models/"), ("azure", "az storage blob download-batch --auth-mode login"),
                          ("gcp", "gcloud storage rsync --recursive gs://llmkit-models/")):
        script = files(boot.render("vllm", spec("gpu"), cloud=cloud, params=PARAMS[cloud]))["/opt/llmkit/bin/fetch-weights.sh"]
        assert needle in script
        assert "meta-llama/Llama-3.1-8B-Instruct" in script


@pytest.mark.parametrize("cloud, upload", [
    ("aws", 'aws s3 sync "$dest" s3://llmkit-models/meta-llama/Llama-3.1-8B-Instruct'),
    ("azure", "az storage blob upload-batch --auth-mode login --account-name llmkitmodels --destination models "
              "--destination-path meta-llama/Llama-3.1-8B-Instruct"),
    ("gcp", 'gcloud storage rsync --recursive --exclude "^\\.cache/" "$dest" gs://llmkit-models/meta-llama/Llama-3.1-8B-Instruct'),
])
def test_an_empty_model_cache_is_filled_once_from_the_hub(cloud, upload):
    doc = files(boot.render("vllm", spec("gpu"), cloud=cloud, params=PARAMS[cloud]))
    script = doc["/opt/llmkit/bin/fetch-weights.sh"]
    assert upload in script
    download = next(l for l in script.splitlines() if "--entrypoint huggingface-cli" in l)
    assert "download meta-llama/Llama-3.1-8B-Instruct" in download
    # the token reaches the download: secrets load before the weights are fetched
    assert "--env-file /run/llmkit/vllm.env" in script.replace("\\\n", " ")
    unit = doc["/etc/systemd/system/llmkit-vllm.service"].splitlines()
    pre = [l for l in unit if l.startswith("ExecStartPre=/opt/llmkit")]
    assert pre == ["ExecStartPre=/opt/llmkit/bin/load-secrets.sh", "ExecStartPre=/opt/llmkit/bin/fetch-weights.sh"]


def test_fetch_weights_runs_fills_the_cache_and_points_vllm_at_it(tmp_path):
    """Executed with fake docker and aws CLIs: an empty bucket leads to one hub download and one upload."""
    import os

    script = files(boot.render("vllm", spec("gpu"), cloud="aws", params=PARAMS["aws"]))["/opt/llmkit/bin/fetch-weights.sh"]
    root = tmp_path / "opt"
    script = script.replace("/opt/llmkit/models", str(root)).replace("/run/llmkit", str(tmp_path / "run"))
    log = tmp_path / "calls.log"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # docker "downloads" by writing a file where the volume maps /models; aws records its calls
    (bin_dir / "docker").write_text(
        f'#!/bin/sh\necho "docker $*" >> {log}\nmkdir -p {root}/meta-llama/Llama-3.1-8B-Instruct\n'
        f'echo w > {root}/meta-llama/Llama-3.1-8B-Instruct/model.safetensors\n')
    (bin_dir / "aws").write_text(f'#!/bin/sh\necho "aws $*" >> {log}\n')
    for exe in bin_dir.iterdir():
        exe.chmod(0o755)
    path = tmp_path / "fetch.sh"
    path.write_text(script)
    result = subprocess.run(["bash", str(path)], capture_output=True, text=True, timeout=30,
                            env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"})
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    assert [c.split()[0:3] for c in calls] == [["aws", "s3", "sync"], ["docker", "run", "--rm"], ["aws", "s3", "sync"]]
    assert calls[2].split()[3] == str(root / "meta-llama/Llama-3.1-8B-Instruct")  # the upload goes up, after the download
    assert (tmp_path / "run" / "model.env").read_text() == "MODEL_PATH=/models/meta-llama/Llama-3.1-8B-Instruct\n"


def test_aws_gpu_servers_publish_nvidia_smi_utilisation():
    doc = files(boot.render("vllm", spec("gpu"), cloud="aws", params=PARAMS["aws"]))
    agent = yaml.safe_load(doc["/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json"])
    assert agent["metrics"]["namespace"] == boot.CLOUDWATCH_NAMESPACE
    assert "utilization_gpu" in agent["metrics"]["metrics_collected"]["nvidia_gpu"]["measurement"]


def _litellm(doc: str) -> dict:
    return yaml.safe_load(files(doc)["/etc/litellm/config.yaml"])


def test_api_router_names_every_hosted_model_and_fallback():
    s = spec("api", hostedModels='["gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-pro"]')
    config = _litellm(boot.render("router", s, cloud="aws", params=PARAMS["aws"]))
    names = {m["model_name"] for m in config["model_list"]}
    assert set(s.router.hosted_models) <= names
    called = {m["litellm_params"]["model"] for m in config["model_list"]}
    assert {"openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-pro"} <= called
    fallbacks = config["router_settings"]["fallbacks"]
    assert {"agent": ["claude-sonnet-4-5", "gemini-2.5-pro"]} in fallbacks
    for chain in fallbacks:
        for targets in chain.values():
            assert set(targets) <= names  # every fallback target is a model the proxy knows
    assert config["litellm_settings"]["cache"] is True


def test_hybrid_router_routes_by_complexity_from_the_local_share_and_falls_back_to_hosted():
    s = spec("hybrid", localSharePct="70", hostedModels='["gpt-4o"]')
    written = files(boot.render("router", s, cloud="gcp", params=PARAMS["gcp"]))
    config = yaml.safe_load(written["/etc/litellm/config.yaml"])
    agent = [m["litellm_params"] for m in config["model_list"] if m["model_name"] == "agent"]
    assert [p["model"] for p in agent] == [f"hosted_vllm/{s.router.local_model}"]  # no weighted split
    assert agent[0]["api_base"] == PARAMS["gcp"]["vllm_base_url"] + "/v1"
    routes = yaml.safe_load(written["/etc/litellm/routing.json"])["routes"]
    assert [(r["tier"], r["model"]) for r in routes] == [("simple", s.router.local_model), ("complex", "gpt-4o")]
    assert routes[0]["max_prompt_tokens"] == 602  # 70 % of prompts at a 500-token mean: 500 x ln(1/0.3)
    assert {"agent": ["gpt-4o"]} in config["router_settings"]["fallbacks"]
    assert {s.router.local_model: ["gpt-4o"]} in config["router_settings"]["fallbacks"]


def test_api_router_ships_no_routing_hook():
    written = files(boot.render("router", spec("api"), cloud="aws", params=PARAMS["aws"]))
    assert "/etc/litellm/routing.json" not in written
    assert "complexity_router" not in written["/etc/systemd/system/llmkit-litellm.service"]


@pytest.mark.parametrize("cloud, needle", [
    ("aws", "aws secretsmanager get-secret-value --region us-east-1 --secret-id llmkit-boot-test-openai-api-key"),
    ("azure", "az keyvault secret show --vault-name llmkit-kv --name llmkit-boot-test-openai-api-key"),
    ("gcp", "gcloud secrets versions access latest --secret=llmkit-boot-test-openai-api-key --project=my-project"),
])
def test_router_reads_keys_from_the_secret_store_at_boot_never_from_user_data(cloud, needle):
    doc = boot.render("router", spec("api"), cloud=cloud, params=PARAMS[cloud])
    script = files(doc)["/opt/llmkit/bin/load-secrets.sh"]
    assert needle in script
    assert "LITELLM_MASTER_KEY" in script and "OPENAI_API_KEY" in script
    config = _litellm(doc)
    for m in config["model_list"]:
        key = m["litellm_params"].get("api_key")
        assert key is None or key.startswith("os.environ/")


def test_qdrant_mounts_its_persistent_disk_before_starting():
    doc = parsed(boot.render("qdrant", spec("gpu"), cloud="azure", params=PARAMS["azure"]))
    script = {f["path"]: f["content"] for f in doc["write_files"]}["/opt/llmkit/bin/mount-data.sh"]
    assert 'device="/dev/disk/azure/scsi1/lun0"' in script
    assert doc["runcmd"][0] == ["/opt/llmkit/bin/mount-data.sh"]
    assert doc["runcmd"][-1][-1] == "llmkit-qdrant.service"


def test_missing_params_and_unknown_roles_fail_loudly():
    with pytest.raises(ValueError, match="model_uri"):
        boot.render("vllm", spec("gpu"), cloud="aws", params={})
    with pytest.raises(ValueError, match="vllm_base_url"):
        boot.render("router", spec("hybrid"), cloud="aws", params={"secret_scope": "us-east-1"})
    with pytest.raises(ValueError):
        boot.render("vllm", spec("gpu"), cloud="aws", params={"model_uri": "gs://wrong-cloud/x"})
    with pytest.raises(ValueError):
        boot.render("nginx", spec("gpu"), cloud="aws", params={})  # type: ignore[arg-type]


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp"])
def test_router_caches_in_the_shared_redis_with_its_key_from_the_secret_store(cloud):
    """LiteLLM's cache is the stack's Redis over TLS; its key is read from the secret store into
    REDIS_PASSWORD (which LiteLLM's Redis cache reads) and a blank one stops the router: the key
    is in neither the config nor anywhere else in the user data. Where the cloud signs the
    server's certificate with its own CA (GCP), LiteLLM verifies against that CA."""
    s = spec("api")
    doc = boot.render("router", s, cloud=cloud, params=PARAMS[cloud])
    cache = _litellm(doc)["litellm_settings"]["cache_params"]
    assert cache["type"] == "redis" and cache["ssl"] is True
    assert (cache["host"], cache["port"]) == (PARAMS[cloud]["cache_host"], int(PARAMS[cloud]["cache_port"]))
    assert "password" not in cache
    reads = {line.split()[2]: line for line in files(doc)["/opt/llmkit/bin/load-secrets.sh"].splitlines()
             if line.startswith("printf")}
    assert "REDIS_PASSWORD" in reads
    script = files(doc)["/opt/llmkit/bin/load-secrets.sh"]
    assert f"secret {s.response_cache.auth_secret} is empty: refusing to start" in script
    unit = files(doc)["/etc/systemd/system/llmkit-litellm.service"]
    if cloud == "gcp":
        assert cache["ssl_ca_certs"] == "/app/redis-ca.pem"
        assert files(doc)[boot.CACHE_CA_PATH] == PARAMS["gcp"]["cache_ca"]
        assert f"-v {boot.CACHE_CA_PATH}:/app/redis-ca.pem:ro" in unit
    else:
        assert "ssl_ca_certs" not in cache and boot.CACHE_CA_PATH not in unit


def test_without_the_shared_cache_each_router_keeps_its_own():
    s = spec("api", responseCache="false")
    doc = boot.render("router", s, cloud="aws", params=PARAMS["aws"])
    assert _litellm(doc)["litellm_settings"]["cache_params"] == {"type": "local", "ttl": 3600}
    assert "REDIS_PASSWORD" not in files(doc)["/opt/llmkit/bin/load-secrets.sh"]

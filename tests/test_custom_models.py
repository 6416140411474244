"""Custom and fine-tuned models (issue 12 part 5): ``llmkit:model`` as a hub id or a bucket path
with ``llmkit:modelShape``; the capacity model sizes from the shape, boot syncs from the path."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import yaml

from _stack_plans import config, recorded
from llmkit.components import boot
from llmkit.components.spec import build_spec
from llmkit.core.errors import UnknownName, UserError
from llmkit.pricing.catalog import load_catalog
from llmkit.pricing.model.capacity import size_gpu_fleet
from llmkit.pricing.model.stack_config import custom_open_model
from llmkit.pricing.model.workload import Workload

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SHAPE_8B = {"parametersB": 8, "layers": 32, "kvHeads": 8, "headDim": 128, "context": 8192}
SHAPE_70B = {"parametersB": 70, "layers": 80, "kvHeads": 8, "hiddenSize": 8192, "attentionHeads": 64, "context": 8192}
BUCKETS = {"aws": "s3://acme-weights/models/support-ft-v3", "gcp": "gs://acme-weights/models/support-ft-v3",
           "azure": "https://acmeweights.blob.core.windows.net/weights/models/support-ft-v3"}
HUB_ID = "acme/support-llama-8b"
CLOUDS = ("aws", "azure", "gcp")


def custom(model: str, shape: dict, **extra: str) -> dict[str, str]:
    return {"llmkit:model": model, "llmkit:modelShape": json.dumps(shape), **{f"llmkit:{k}": v for k, v in extra.items()}}


def spec_for(cloud: str, model: str, shape: dict = SHAPE_8B, **extra: str):
    return build_spec({**config(f"gpu-{cloud}"), **custom(model, shape, **extra)}, f"custom-{cloud}")


def test_the_capacity_model_sizes_from_the_given_shape():
    cat = load_catalog()
    work = Workload(users=300)
    known = size_gpu_fleet(work, "llama-3.1-8b", "aws", "us-east-1", dtype="bf16", catalog=cat)
    same_shape = size_gpu_fleet(work, custom_open_model(custom(HUB_ID, SHAPE_8B)), "aws", "us-east-1", dtype="bf16", catalog=cat)
    # the catalog's Llama 3.1 8B has this shape (8.03 B): the same fleet, to the instance
    assert (same_shape.instance_type, same_shape.desired_replicas) == (known.instance_type, known.desired_replicas)
    big = size_gpu_fleet(work, custom_open_model(custom(HUB_ID, SHAPE_70B)), "aws", "us-east-1", catalog=cat,
                         dtypes=("fp16", "bf16", "fp8"))
    assert big.gpus_per_instance * big.desired_replicas > same_shape.gpus_per_instance * same_shape.desired_replicas
    assert big.monthly_instances > same_shape.monthly_instances
    assert big.dtype in ("fp16", "bf16", "fp8")  # no AWQ checkpoint is known for a custom model


@pytest.mark.parametrize("cloud", CLOUDS)
def test_a_bigger_shape_gets_a_bigger_fleet_on_every_cloud(cloud):
    small, big = spec_for(cloud, HUB_ID), spec_for(cloud, HUB_ID, SHAPE_70B)
    gpus = lambda s: s.gpu_fleet.gpus_per_instance * s.gpu_fleet.desired_size  # noqa: E731
    assert gpus(big) > gpus(small) or big.gpu_fleet.hourly_usd > small.gpu_fleet.hourly_usd
    assert big.model_server.tensor_parallel >= small.model_server.tensor_parallel
    assert big.model_server.dtype in ("fp16", "bf16", "fp8") and small.model_server.dtype in ("fp16", "bf16", "fp8")
    assert big.gpu_fleet.disk_gb > small.gpu_fleet.disk_gb  # room for 70 B of weights


@pytest.mark.parametrize("cloud", CLOUDS)
def test_a_hub_model_loads_from_the_cache_filled_from_the_hub(cloud):
    spec = spec_for(cloud, HUB_ID)
    assert (spec.model_server.model_id, spec.model_server.hf_repo, spec.model_server.weights_uri) == \
        ("support-llama-8b", HUB_ID, "")
    from test_boot import PARAMS, files
    script = files(boot.render("vllm", spec, cloud=cloud, params=PARAMS[cloud]))["/opt/llmkit/bin/fetch-weights.sh"]
    assert f'hub_repo="{HUB_ID}"' in script and f"download {HUB_ID}" in script
    assert PARAMS[cloud]["model_uri"].split("/")[2].split(".")[0] in script  # the stack's own cache bucket (account)


@pytest.mark.parametrize("cloud", CLOUDS)
def test_a_bucket_model_syncs_from_its_path_and_never_from_the_hub(cloud):
    spec = spec_for(cloud, BUCKETS[cloud])
    server = spec.model_server
    assert server.weights_uri == BUCKETS[cloud] and server.model_id == "support-ft-v3"
    assert server.hf_repo == "custom/models/support-ft-v3"
    from test_boot import PARAMS, files
    script = files(boot.render("vllm", spec, cloud=cloud, params=PARAMS[cloud]))["/opt/llmkit/bin/fetch-weights.sh"]
    assert 'hub_repo=""' in script
    assert "acme-weights" in script or "acmeweights" in script  # synced from the model's own path
    assert PARAMS[cloud]["model_uri"] not in script  # not the stack's cache


def _run_fetch(tmp_path, script: str, bucket_files: list[str]) -> tuple[int, str]:
    """fetch-weights.sh with a fake `aws` that copies from a local folder (the bucket)."""
    import os
    import subprocess

    bucket = tmp_path / "bucket"
    bucket.mkdir()
    for name in bucket_files:
        (bucket / name).write_text("w")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "aws").write_text(f'#!/bin/sh\n[ "$1 $2" = "s3 sync" ] && cp -r {bucket}/. "$4"\n')
    (bin_dir / "docker").write_text("#!/bin/sh\nexit 1\n")  # no hub download may happen
    for exe in bin_dir.iterdir():
        exe.chmod(0o755)
    root = tmp_path / "root"
    text = script.replace("/opt/llmkit", str(root / "opt")).replace("/run/llmkit", str(root / "run"))
    path = tmp_path / "fetch.sh"
    path.write_text(text)
    result = subprocess.run(["bash", str(path)], capture_output=True, text=True, timeout=30,
                            env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"})
    env = (root / "run" / "model.env")
    return result.returncode, env.read_text() if env.exists() else result.stderr


def test_bucket_weights_become_the_model_path_and_an_empty_path_refuses_to_start(tmp_path):
    from test_boot import PARAMS, files
    spec = spec_for("aws", BUCKETS["aws"])
    script = files(boot.render("vllm", spec, cloud="aws", params=PARAMS["aws"]))["/opt/llmkit/bin/fetch-weights.sh"]
    (tmp_path / "full").mkdir()
    (tmp_path / "empty").mkdir()
    code, out = _run_fetch(tmp_path / "full", script, ["config.json", "model.safetensors"])
    assert code == 0 and out == "MODEL_PATH=/models/custom/models/support-ft-v3\n"
    code, out = _run_fetch(tmp_path / "empty", script, [])
    assert code != 0 and "no weights at the model's bucket path" in out


@pytest.mark.parametrize("cloud", CLOUDS)
@pytest.mark.parametrize("kind", ["hub", "bucket"])
def test_custom_stacks_plan_and_price_on_every_cloud(cli, tmp_path, cloud, kind):
    model = HUB_ID if kind == "hub" else BUCKETS[cloud]
    stack = {"config": {**config(f"gpu-{cloud}"), **custom(model, SHAPE_8B)}}
    (tmp_path / f"Pulumi.custom-{cloud}.yaml").write_text(yaml.safe_dump(stack))
    result = cli("preview", "--stack", f"custom-{cloud}", "--stacks-dir", str(tmp_path), "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert Decimal(doc["totalMonthlyCost"]) > 0
    resources = [r for p in doc["projects"] for r in p["breakdown"]["resources"]]
    gpu_lines = [c for r in resources for c in r.get("costComponents", []) if "GPU" in c["name"] or "gpu" in r["name"]]
    assert gpu_lines, "the GPU fleet is priced"


def test_the_servers_may_read_the_models_own_bucket():
    aws = recorded("gpu-aws", tuple(custom(BUCKETS["aws"], SHAPE_8B).items()))
    policies = [json.loads(r.inputs["policy"]) for r in aws if r.type == "aws:iam/rolePolicy:RolePolicy" and "-gpu-" in r.name]
    statements = {s["Sid"]: s for p in policies for s in p["Statement"]}
    assert statements["ReadCustomWeights"]["Resource"] == "arn:aws:s3:::acme-weights/models/support-ft-v3/*"
    assert statements["ReadCustomWeights"]["Action"] == "s3:GetObject"  # read only
    assert statements["ListCustomWeights"]["Resource"] == "arn:aws:s3:::acme-weights"
    gcp = recorded("gpu-gcp", tuple(custom(BUCKETS["gcp"], SHAPE_8B).items()))
    members = [r.inputs for r in gcp if r.type == "gcp:storage/bucketIAMMember:BucketIAMMember" and r.inputs["bucket"] == "acme-weights"]
    assert [m["role"] for m in members] == ["roles/storage.objectViewer"]


@pytest.mark.parametrize("extra, message", [
    ({"llmkit:model": HUB_ID}, "llmkit:modelShape"),  # a hub id the catalog lacks: asks for the shape
    ({"llmkit:model": BUCKETS["aws"]}, "llmkit:modelShape"),
    (custom(HUB_ID, {k: v for k, v in SHAPE_8B.items() if k != "kvHeads"}), "missing kvHeads"),
    (custom(HUB_ID, {k: v for k, v in SHAPE_8B.items() if k != "headDim"}), "missing headDim"),
    (custom(HUB_ID, {**SHAPE_8B, "layers": -3}), "layers must be a positive whole number"),
    (custom(HUB_ID, {**SHAPE_8B, "layers": 3.5}), "layers must be a positive whole number"),
    (custom(HUB_ID, {**SHAPE_8B, "weights": 1}), "no field weights"),
    (custom(HUB_ID, {**SHAPE_8B, "activeParametersB": 9}), "activeParametersB"),
    ({"llmkit:model": HUB_ID, "llmkit:modelShape": "{not json"}, "llmkit:modelShape must be a JSON object"),
    (custom("just-a-name", SHAPE_8B), "hub id"),
    (custom("gs://acme/models/x", SHAPE_8B), "bucket path like s3://"),  # another cloud's bucket on AWS
    (custom("s3://acme-only", SHAPE_8B), "bucket path like s3://"),
    (custom(HUB_ID, SHAPE_8B, dtype="int4"), "no AWQ checkpoint"),
])
def test_a_missing_or_invalid_shape_is_a_clear_exit_2(extra, message):
    with pytest.raises(UserError, match=message):
        build_spec({**config("gpu-aws"), **extra}, "custom-aws")


def test_an_unknown_plain_name_still_gets_the_catalogs_suggestions():
    with pytest.raises(UnknownName, match="llama"):
        build_spec({**config("gpu-aws"), "llmkit:model": "llama-3.1-8c"}, "custom-aws")


def test_a_custom_model_is_a_clear_exit_2_on_the_command_line(cli, tmp_path):
    stack = {"config": {**config("gpu-gcp"), "llmkit:model": HUB_ID}}
    (tmp_path / "Pulumi.custom.yaml").write_text(yaml.safe_dump(stack))
    result = cli("preview", "--stack", "custom", "--stacks-dir", str(tmp_path))
    assert result.code == 2 and "llmkit:modelShape" in result.err and "Traceback" not in result.err

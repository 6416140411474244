"""Serve what was sized: every GPU stack's vLLM loads the checkpoint and runs the kernel the
capacity model assumed when it sized the fleet (AWQ for int4, W8A16 for int8, FP8 where the GPU
has it), never a load-time bitsandbytes quantisation the sizing knows nothing about."""

from __future__ import annotations

import base64
import shlex

import pytest
import yaml

from _stack_plans import by_type, config, recorded
from llmkit.components.checkpoints import CHECKPOINTS, served
from llmkit.components.spec import build_spec, workload_from_config
from llmkit.core.errors import UserError
from llmkit.pricing.catalog import load_catalog
from llmkit.pricing.model.capacity import DTYPE_BYTES, size_gpu_fleet
from llmkit.stacks import stack_names

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

GPU_STACKS = [s for s in stack_names() if config(s).get("llmkit:architecture") in ("gpu", "hybrid")]
KERNELS = {"int4": {"awq_marlin", "awq"}, "int8": {"compressed-tensors"}, "fp8": {"fp8"}, "bf16": {None}, "fp16": {None}}


def vllm_argv(name: str) -> list[str]:
    for r in recorded(name):
        if r.type == "aws:ec2/launchTemplate:LaunchTemplate" and r.name.endswith("-gpu-lt"):
            doc = base64.b64decode(r.inputs["userData"]).decode()
        elif r.type == "azure-native:compute:VirtualMachineScaleSet" and "-vllm-" in r.name:
            doc = base64.b64decode(r.inputs["virtualMachineProfile"]["osProfile"]["customData"]).decode()
        elif r.type == "gcp:compute/instanceTemplate:InstanceTemplate" and "-vllm-" in r.name:
            doc = r.inputs["metadata"]["user-data"]
        else:
            continue
        files = {f["path"]: f["content"] for f in yaml.safe_load(doc)["write_files"]}
        unit = files["/etc/systemd/system/llmkit-vllm.service"]
        line = next(l for l in unit.splitlines() if l.startswith("ExecStart=/usr/bin/docker run"))
        return shlex.split(line.removeprefix("ExecStart=")) + ["#fetch", files["/opt/llmkit/bin/fetch-weights.sh"]]
    raise AssertionError(f"{name}: no vLLM boot document")


@pytest.mark.parametrize("name", GPU_STACKS)
def test_boot_flags_match_the_capacity_models_assumption(name):
    cfg = config(name)
    spec = build_spec(cfg, name)
    cloud = spec.cloud
    load = workload_from_config(cfg)
    if spec.router is not None and spec.router.local_model:
        load = type(load)(**{**load.__dict__, "queries_per_user_per_day": load.queries_per_user_per_day * spec.router.local_share_pct / 100})
    sizing = size_gpu_fleet(load, spec.model_server.model_id, cloud, spec.region, pricing=spec.gpu_fleet.pricing)
    argv = vllm_argv(name)
    fetch = argv[argv.index("#fetch") + 1]

    def arg(flag: str):
        return argv[argv.index(flag) + 1] if flag in argv else None

    assert spec.model_server.dtype == sizing.dtype and sizing.dtype in DTYPE_BYTES
    assert arg("--quantization") in KERNELS[sizing.dtype], (sizing.dtype, arg("--quantization"))
    assert "bitsandbytes" not in argv
    assert arg("--tensor-parallel-size") == str(sizing.tensor_parallel)
    assert arg("--max-model-len") == str(sizing.max_model_len)
    if sizing.dtype in ("int4", "int8"):  # a pre-quantised checkpoint, in the bucket and from the hub
        repo = CHECKPOINTS[(spec.model_server.model_id, sizing.dtype)]
        assert f"/models/{repo}" in fetch and f"MODEL_PATH={repo}" in fetch
    gpu = load_catalog().gpu(sizing.gpu)
    if sizing.dtype == "int4":
        # Marlin kernels need Ampere or newer (bf16-capable); a T4 runs the plain AWQ kernel
        assert arg("--quantization") == ("awq_marlin" if gpu.bf16 else "awq")


def test_precisions_without_a_known_checkpoint_are_refused_not_served_differently():
    with pytest.raises(UserError, match="no AWQ checkpoint known for phi-3-mini"):
        served("phi-3-mini", "microsoft/Phi-3-mini-4k-instruct", "int4", ampere_or_newer=True)
    assert served("phi-3-mini", "microsoft/Phi-3-mini-4k-instruct", "fp8", ampere_or_newer=True).quantization == "fp8"
    assert served("llama-3.1-8b", "meta-llama/Llama-3.1-8B-Instruct", "bf16", ampere_or_newer=True).quantization is None
    catalog_models = {m.id for m in load_catalog().open_models()}
    assert {model for model, _ in CHECKPOINTS} <= catalog_models

"""Which weights vLLM loads for a precision, so the server runs the kernel the fleet was sized for.

The capacity model (llmkit.pricing.model.capacity) sizes int4 as AWQ (0.55 bytes per parameter,
dequantising-kernel efficiency), int8 as 8-bit weight-only (W8A16, Ampere or newer) and fp8 as
FP8 weights. Quantising at load time with bitsandbytes would run none of those kernels (and is
slower), so each quantised precision maps to a pre-quantised checkpoint here, and to the vLLM
kernel that reads it: ``awq_marlin`` on Ampere or newer (bf16-capable GPUs), ``awq`` on Turing
(T4); ``compressed-tensors`` for the W8A16 checkpoints; ``fp8`` (dynamic, from the 16-bit
checkpoint) where the GPU has FP8 tensor cores or runs FP8 weight-only via Marlin.
A precision without a known checkpoint for a model is refused (exit 2) rather than served with
a kernel the sizing did not assume. Pure Python.
"""

from __future__ import annotations

import dataclasses
from typing import Optional

from llmkit.core.errors import UserError

# (llmkit open-model id, dtype) -> Hugging Face repo of the pre-quantised checkpoint
CHECKPOINTS: dict[tuple[str, str], str] = {
    ("llama-3.1-8b", "int4"): "hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4",
    ("llama-3.1-70b", "int4"): "hugging-quants/Meta-Llama-3.1-70B-Instruct-AWQ-INT4",
    ("llama-3-8b", "int4"): "casperhansen/llama-3-8b-instruct-awq",
    ("llama-3-70b", "int4"): "casperhansen/llama-3-70b-instruct-awq",
    ("mistral-7b", "int4"): "solidrust/Mistral-7B-Instruct-v0.3-AWQ",
    ("mixtral-8x7b", "int4"): "TheBloke/Mixtral-8x7B-Instruct-v0.1-AWQ",
    ("llama-2-13b", "int4"): "TheBloke/Llama-2-13B-chat-AWQ",
    ("llama-3.1-8b", "int8"): "neuralmagic/Meta-Llama-3.1-8B-Instruct-quantized.w8a16",
    ("llama-3.1-70b", "int8"): "neuralmagic/Meta-Llama-3.1-70B-Instruct-quantized.w8a16",
}
KERNEL_FORMAT = {"int4": "AWQ", "int8": "W8A16"}


UNQUANTISED_DTYPES: tuple[str, ...] = ("fp16", "bf16", "fp8")  # served from the model's own weights


def servable_dtypes(model_id: str) -> tuple[str, ...]:
    """The precisions vLLM can serve ``model_id`` in: its own weights (16-bit, dynamic fp8) and
    the quantised ones with a known checkpoint. The sizer picks only among these, so a fleet is
    never sized for a kernel ``served`` would then refuse (a custom model: the first three)."""
    return UNQUANTISED_DTYPES + tuple(d for d in ("int8", "int4") if (model_id, d) in CHECKPOINTS)


@dataclasses.dataclass(frozen=True)
class Served:
    """What vLLM loads and how: the repo, ``--dtype`` and ``--quantization`` (None: plain 16-bit)."""

    repo: str
    dtype_flag: str
    quantization: Optional[str]


def served(model_id: str, base_repo: str, dtype: str, *, ampere_or_newer: bool) -> Served:
    """The checkpoint and vLLM kernel for ``dtype`` of ``model_id`` (whose 16-bit repo is ``base_repo``)."""
    if dtype in ("fp16", "bf16"):
        return Served(base_repo, "float16" if dtype == "fp16" else "bfloat16", None)
    if dtype == "fp8":
        return Served(base_repo, "auto", "fp8")  # dynamic per-tensor FP8 from the 16-bit weights
    repo = CHECKPOINTS.get((model_id, dtype))
    if repo is None:
        raise UserError(
            f"no {KERNEL_FORMAT.get(dtype, dtype)} checkpoint known for {model_id}: the fleet was sized for {dtype} "
            "kernels vLLM cannot run on these weights; set llmkit:dtype to fp16/bf16 (or fp8 on a GPU that has it)"
        )
    if dtype == "int4":
        return Served(repo, "float16", "awq_marlin" if ampere_or_newer else "awq")
    return Served(repo, "float16", "compressed-tensors")

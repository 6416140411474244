"""The vLLM server's command line, from the model-server spec.

vLLM takes ``--dtype`` for the compute precision and ``--quantization`` for weight formats; the
spec's single dtype (what the capacity model sized memory for) maps onto both here.
"""

from __future__ import annotations

from llmkit.components.spec import ModelServerSpec

# spec dtype -> (vLLM --dtype, vLLM --quantization or None)
DTYPE_FLAGS: dict[str, tuple[str, str | None]] = {
    "fp16": ("float16", None),
    "bf16": ("bfloat16", None),
    # FP8 weights; on pre-Hopper GPUs vLLM runs them weight-only (W8A16 Marlin kernels).
    "fp8": ("auto", "fp8"),
    # 8- and 4-bit integer weights quantized at load time by bitsandbytes (no pre-quantized repo needed).
    "int8": ("float16", "bitsandbytes"),
    "int4": ("float16", "bitsandbytes"),
}


def vllm_args(server: ModelServerSpec) -> list[str]:
    """Arguments to the vllm/vllm-openai image (its entrypoint is the OpenAI API server).

    ``${MODEL_PATH}`` is set by fetch-weights.sh: the synced cache dir, or the Hugging Face repo.
    """
    if server.dtype not in DTYPE_FLAGS:
        raise ValueError(f"unsupported dtype for vLLM: {server.dtype}")
    dtype, quantization = DTYPE_FLAGS[server.dtype]
    args = [
        "--model", "${MODEL_PATH}",
        "--served-model-name", server.model_id,
        "--dtype", dtype,
        "--tensor-parallel-size", str(server.tensor_parallel),
        "--max-model-len", str(server.max_model_len),
        "--host", "0.0.0.0",
        "--port", str(server.port),
    ]
    if quantization:
        args += ["--quantization", quantization]
    return args

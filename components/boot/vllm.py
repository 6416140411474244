"""The vLLM server's command line, from the model-server spec.

vLLM takes ``--dtype`` for the compute precision and ``--quantization`` for the weight format;
the spec carries both, decided once in llmkit.components.checkpoints from the dtype the capacity
model sized the fleet for (pre-quantised AWQ / W8A16 checkpoints, dynamic FP8), so the server
runs the kernels the sizing assumed.
"""

from __future__ import annotations

from llmkit.components.spec import ModelServerSpec

# spec dtype -> vLLM --dtype for 16-bit weights (quantised ones take theirs from the spec)
DTYPE_FLAGS: dict[str, str] = {"fp16": "float16", "bf16": "bfloat16"}


def vllm_args(server: ModelServerSpec) -> list[str]:
    """Arguments to the vllm/vllm-openai image (its entrypoint is the OpenAI API server).

    ``${MODEL_PATH}`` is set by fetch-weights.sh: the synced cache dir, or the Hugging Face repo.
    The API key is not an argument (it would show in the process list): vLLM reads it from
    ``VLLM_API_KEY``, which load-secrets.sh puts in the container's env file.
    """
    dtype = server.dtype_flag or DTYPE_FLAGS.get(server.dtype)
    if dtype is None or (server.dtype not in DTYPE_FLAGS and not server.quantization):
        raise ValueError(f"unsupported dtype for vLLM without a quantised checkpoint: {server.dtype}")
    args = [
        "--model", "${MODEL_PATH}",
        "--served-model-name", server.model_id,
        "--dtype", dtype,
        "--tensor-parallel-size", str(server.tensor_parallel),
        "--max-model-len", str(server.max_model_len),
        "--host", "0.0.0.0",
        "--port", str(server.port),
    ]
    if server.quantization:
        args += ["--quantization", server.quantization]
    return args

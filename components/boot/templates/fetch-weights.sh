#!/bin/bash
# Weights come from the model-cache bucket. The first server to find it empty downloads them
# from the Hugging Face hub once (with HF_TOKEN from the secret store, for gated repos) and fills
# the bucket, so every later server and every scale-out reads the bucket, not the hub. If all of
# that fails, vLLM is pointed at the hub repo itself. A custom model given by bucket path has no
# hub repo (hub_repo empty): its bucket is the only source, and no weights there stop the server.
# Writes MODEL_PATH for the systemd unit.
set -euo pipefail
hub_repo="{{hub_repo}}"
dest="/opt/llmkit/models/{{hf_repo}}"
mkdir -p "$dest" /run/llmkit
{{sync_command}} || echo "model cache not reachable" >&2
if [ -z "$(ls -A "$dest" 2>/dev/null)" ] && [ -n "$hub_repo" ]; then
  echo "model cache empty: downloading {{hf_repo}} from the Hugging Face hub once" >&2
  if docker run --rm --env-file /run/llmkit/vllm.env -v /opt/llmkit/models:/models \
       --entrypoint huggingface-cli {{image}} download {{hf_repo}} --local-dir "/models/{{hf_repo}}" >&2; then
    {{upload_command}} || echo "could not fill the model cache; later servers will download again" >&2
  fi
fi
if [ -n "$(ls -A "$dest" 2>/dev/null)" ]; then
  echo "MODEL_PATH=/models/{{hf_repo}}" > /run/llmkit/model.env
elif [ -n "$hub_repo" ]; then
  echo "MODEL_PATH={{hub_repo}}" > /run/llmkit/model.env
else
  echo "no weights at the model's bucket path: refusing to start" >&2
  exit 1
fi

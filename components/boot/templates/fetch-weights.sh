#!/bin/bash
# Copy the model weights from the cache bucket; if the cache is empty, vLLM pulls the
# Hugging Face repo itself. Writes MODEL_PATH for the systemd unit.
set -euo pipefail
dest="/opt/llmkit/models/{{hf_repo}}"
mkdir -p "$dest" /run/llmkit
{{sync_command}} || echo "model cache not reachable; falling back to the Hugging Face hub" >&2
if [ -n "$(ls -A "$dest" 2>/dev/null)" ]; then
  echo "MODEL_PATH=/models/{{hf_repo}}" > /run/llmkit/model.env
else
  echo "MODEL_PATH={{hf_repo}}" > /run/llmkit/model.env
fi

#!/bin/bash
# Read the provider API keys from the secret store through the instance identity and hand
# them to LiteLLM in a root-only env file. Keys never appear in user data or on the console.
set -euo pipefail
umask 077
mkdir -p /run/llmkit
tmp="$(mktemp /run/llmkit/litellm.env.XXXXXX)"
{{login_command}}
{{secret_lines}}
mv "$tmp" /run/llmkit/litellm.env

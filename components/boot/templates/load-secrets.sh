#!/bin/bash
# Read this server's keys from the secret store through the instance identity and hand them to
# its container in a root-only env file. Keys never appear in user data or on the console, and
# a missing or empty key stops the service: it never starts without authentication.
set -euo pipefail
umask 077
mkdir -p /run/llmkit
tmp="$(mktemp /run/llmkit/{{env_file}}.XXXXXX)"
{{login_command}}
{{secret_lines}}
mv "$tmp" /run/llmkit/{{env_file}}

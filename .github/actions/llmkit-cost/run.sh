#!/usr/bin/env bash
# llmkit cost check for a pull request: price the PR's preview against its base branch's,
# post (or update) ONE pull-request comment, and fail the check when a guardrail is breached.
#
# Inputs (environment):
#   HEAD_PREVIEW   `pulumi preview --json` (or `llmkit plan --out`) document of the pull request  [required]
#   BASE_PREVIEW   the same for the base branch; absent: everything counts as new
#   BUDGET, MAX_INCREASE, MAX_INCREASE_PCT   guardrails in USD / percent (exit 3 when breached)
#   PRICING, USAGE_FILE                      passed to `llmkit price` (--pricing, --usage)
#   PR_NUMBER, GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_API_URL   where to comment (skipped without PR_NUMBER)
#   TAG            one comment per tag (e.g. the stack) instead of one per pull request
#   OUT_DIR        where base.json, head.json and comment.md are written (default: a temp dir)
#   LLMKIT         the llmkit command (default: llmkit)
set -euo pipefail

: "${HEAD_PREVIEW:?HEAD_PREVIEW must name the preview document of the pull request}"
read -r -a llmkit <<< "${LLMKIT:-llmkit}"
out="${OUT_DIR:-$(mktemp -d)}"
mkdir -p "$out"

price=()
[ -n "${PRICING:-}" ] && price+=(--pricing "$PRICING")
[ -n "${USAGE_FILE:-}" ] && price+=(--usage "$USAGE_FILE")

# 1. the base branch's costs, saved as Infracost-format JSON
if [ -n "${BASE_PREVIEW:-}" ]; then
  "${llmkit[@]}" price "$BASE_PREVIEW" --format json "${price[@]}" > "$out/base.json"
  price+=(--compare-to "$out/base.json")
fi

# 2. the pull request's costs against them: JSON (for artifacts and tools) and the comment
"${llmkit[@]}" price "$HEAD_PREVIEW" --format json "${price[@]}" > "$out/head.json"
guard=()
[ -n "${BUDGET:-}" ] && guard+=(--budget "$BUDGET")
[ -n "${MAX_INCREASE:-}" ] && guard+=(--max-increase "$MAX_INCREASE")
[ -n "${MAX_INCREASE_PCT:-}" ] && guard+=(--max-increase-pct "$MAX_INCREASE_PCT")
status=0
"${llmkit[@]}" price "$HEAD_PREVIEW" --format markdown "${price[@]}" "${guard[@]}" > "$out/comment.md" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
  exit "$status"  # bad input or a fault: no comment from a half-made report
fi

# 3. one comment on the pull request, updated in place (a breach is commented before it fails)
if [ -n "${PR_NUMBER:-}" ]; then
  tag=()
  [ -n "${TAG:-}" ] && tag+=(--tag "$TAG")
  "${llmkit[@]}" comment github --repo "${GITHUB_REPOSITORY:?GITHUB_REPOSITORY must be OWNER/NAME}" \
    --pull-request "$PR_NUMBER" --body-file "$out/comment.md" "${tag[@]}"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$out/comment.md" >> "$GITHUB_STEP_SUMMARY"
fi

# 4. the check fails (exit 3) when a guardrail was breached
exit "$status"

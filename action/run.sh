#!/usr/bin/env bash
# The GitHub Action's one step (action.yml), runnable anywhere: runs the suites, then writes the Markdown
# summary to $GITHUB_STEP_SUMMARY (stdout when it is unset: a dry run), and exits with the run's status.
# Inputs come as INPUT_* variables; tokens as RTM_TOKEN, RTM_TOKEN_2, RTM_TOKEN_3 (from the caller's secrets).
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cli=(${RTM_CONFORMANCE_CLI:-node "$here/dist/cli/bin.js"})
out="${INPUT_OUT:-rtm-conformance-report}"
args=(run --out "$out")
[ -n "${INPUT_API:-}" ] && args+=(--api "$INPUT_API")
[ -n "${INPUT_CHANNEL:-}" ] && args+=(--channel "$INPUT_CHANNEL")
for suite in ${INPUT_SUITES:-}; do args+=(--suite "$suite"); done
[ "${INPUT_STRICT:-false}" = "true" ] && args+=(--strict)
# shellcheck disable=SC2206 # extra flags are split on purpose
[ -n "${INPUT_ARGS:-}" ] && args+=(${INPUT_ARGS})

"${cli[@]}" "${args[@]}"
status=$?
if [ -f "$out/results.json" ]; then
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    "${cli[@]}" report "$out" --markdown "$GITHUB_STEP_SUMMARY" >/dev/null || status=3
  else
    "${cli[@]}" report "$out" --markdown - || status=3
  fi
fi
exit "$status"

#!/usr/bin/env bash
# `npm run mutate`: every StrykerJS set in turn (each package's stryker*.config.mjs, see stryker.base.mjs),
# with its score per module; exits non-zero if any set is below its threshold or fails to run.
set -u
cd "$(dirname "$0")/.."
sets=(
  packages/discord-sim:stryker.config.mjs
  packages/core:stryker.config.mjs
  packages/core:stryker.matching.config.mjs
  packages/core:stryker.postgres.config.mjs
  packages/core:stryker.reports.config.mjs
  packages/core:stryker.editing.config.mjs
  packages/core:stryker.intake.config.mjs
  packages/core:stryker.provisioning.config.mjs
  packages/core:stryker.term.config.mjs
  packages/core:stryker.events.config.mjs
  apps/api:stryker.config.mjs
  apps/bot:stryker.config.mjs
)
failed=()
for entry in "${sets[@]}"; do
  dir=${entry%%:*} config=${entry#*:}
  echo "== $dir $config"
  (cd "$dir" && npx stryker run "$config") || failed+=("$dir/$config")
done
if ((${#failed[@]})); then
  echo "below threshold or failed: ${failed[*]}"
  exit 1
fi

#!/usr/bin/env bash
# The repository must work on its own: no tracked file other than Markdown may name a path above the
# repository root. Two rules, over tracked text files (git grep):
#   1. a relative path into a `shared` folder (one or more "../" then "shared"): the team desk that
#      sits beside a working copy but not beside a fresh clone;
#   2. a run of "../" (and a final "..") with more steps up than the file's own folder is deep, read
#      from that folder: it leaves the repository wherever the clone is.
# Markdown may still say where a copy came from. Prints file:line for each offence and exits 1.
set -euo pipefail
shopt -s inherit_errexit
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"

# git grep exits 1 when it finds nothing, which is fine; anything above 1 is an error.
tracked() { git grep "$@" -- ':!*.md' || [[ $? -eq 1 ]]; }

found=$(
  {
    tracked -nIE '\.\./(\.\./)*shared'
    tracked -nIoE '(\.\./)+(\.\.)?' | awk -F: '{
      file = $1; steps = $3
      up = gsub(/\.\./, "", steps)
      depth = gsub(/\//, "/", file)
      if (up > depth) printf "%s:%s: %d steps up from a folder %d deep\n", $1, $2, up, depth
    }'
  } | sort -t: -k1,1 -k2,2n | awk -F: '!seen[$1 ":" $2]++'
)

if [[ -n "$found" ]]; then
  echo "check-standalone: tracked files name paths outside the repository:" >&2
  echo "$found" >&2
  exit 1
fi
echo "check-standalone: no tracked file (Markdown aside) names a path outside the repository"

#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for SECONDS each (default 60) with libFuzzer,
# starting from the seed corpus in fuzz/corpus/<target>/. New inputs go to a scratch
# folder, so the committed seeds stay small; a crash is saved to fuzz/artifacts/<target>/
# and fails the run. Prints the executions each target ran.
#   fuzz/run.sh                 # every target, 60 s each
#   SECONDS_PER_TARGET=600 fuzz/run.sh analyze cli_line
set -euo pipefail
cd "$(dirname "$0")"
seconds="${SECONDS_PER_TARGET:-60}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(analyze lexicon builder cli_line history reply)
fi
bin="$(./build.sh --quiet | tail -1)"
status=0
for t in "${targets[@]}"; do
  scratch="$(mktemp -d)"
  mkdir -p "artifacts/$t"
  log="$scratch/log"
  if "$bin/$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="artifacts/$t/" "$scratch" "corpus/$t" >"$log" 2>&1; then
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
    cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1)"
    echo "fuzz $t: ${runs:-?} executions in ${seconds} s, ${cov:-cov: ?}, no crash"
  else
    echo "fuzz $t: FAILED (input saved under fuzz/artifacts/$t/)"
    tail -40 "$log"
    status=1
  fi
  rm -rf "$scratch"
done
exit $status

#!/usr/bin/env bash
# Benchmark: generate an organisation of 1,000,000 responses (24 items, 200 teams,
# 8 quarters) and time `validate` and `report` in release mode, recording wall time
# and peak memory (maximum resident set size from GNU time).
#
#   bash bench/run.sh            # writes bench/results.md; copy the figures to BENCHMARKS.md
#
# Needs GNU time (/usr/bin/time, Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/leadpulse"
data=bench-data/org-1m
if [ ! -f "$data/interventions.csv" ]; then
  # 192 teams x 651 respondents x 8 quarters + 8 small teams x 4 x 8 = 1,000,192 responses.
  "$bin" generate --out "$data" --seed 11 --teams 200 --groups 10 --quarters 8 \
    --respondents 651 --all-respond --numeric --no-xlsx
fi
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o bench/.time "$@" > /dev/null 2> bench/.stderr || true
  read -r secs kb < bench/.time
  printf '| %s | %s s | %s MB |\n' "$name" "$secs" "$((kb / 1024))"
}
{
  echo "| command | wall time | peak memory |"
  echo "|---|---|---|"
  measure "validate (1M responses)" "$bin" validate --schema schemas/team-health.toml "$data/responses"
  measure "report (1M responses)" "$bin" report --schema schemas/team-health.toml --out bench-data/report "$data/responses"
  # The same organisation with its side files (interventions, adoption log, checklists),
  # through its generated project file, which looks for the schemas one folder up.
  mkdir -p bench-data/schemas && cp schemas/*.toml bench-data/schemas/
  measure "report + interventions, adoption log, checklists" "$bin" report --project "$data/leadpulse.toml" --out bench-data/report-side
  echo
  echo "input: $(du -sh "$data/responses" | cut -f1) of CSV in $(ls "$data/responses" | wc -l) files; $(nproc) cores"
  echo "side files: $(($(wc -l < "$data/interventions.csv") - 1)) intervention rows, $(($(wc -l < "$data/practice-adoption.csv") - 1)) adoption-log rows, checklists $(du -sh "$data/milestones" | cut -f1)"
} | tee bench/results.md

# Read throughput: one large CSV (125,024 responses with text labels) and one large
# workbook (the same quarter as .xlsx), next to a plain csv / calamine read.
big=bench-data/big-read
if [ ! -f "$big/responses/team-health-2026-Q3.xlsx" ]; then
  "$bin" generate --out "$big" --seed 12 --teams 200 --groups 10 --quarters 2 \
    --respondents 651 --all-respond
fi
cargo bench --quiet --bench read_throughput -- \
  "$big/responses/team-health-2026-Q2.csv" "$big/responses/team-health-2026-Q3.xlsx" | tee -a bench/results.md

#!/usr/bin/env bash
# Benchmarks, all in one run on this machine (release build):
#
#  1. leadpulse against three peer scripts (bench/peer: DuckDB, python-polars, pandas)
#     doing the same maths on the same generated export, for two shapes of 1,000,000+
#     responses: a Google Forms sheet (answer labels, no group column) and a Qualtrics
#     CSV (numeric answers, three header rows). Wall time, CPU time and peak memory of
#     each, and leadpulse's ratios to them.
#  2. The sample report (`sample-data/`).
#  3. The generated organisation with every side file (interventions, adoption log,
#     checklists, leaders) through its project file.
#  4. Read throughput of one large CSV and one workbook next to a bare csv / calamine read.
#
#   bash bench/run.sh            # writes bench/results.md; copy the figures to BENCHMARKS.md
#
# Needs GNU time (/usr/bin/time, Debian package `time`) and python3 with venv; the peer
# libraries are pinned in bench/peer/requirements.txt and installed into bench-data/venv.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/leadpulse"
mkdir -p bench-data
venv=bench-data/venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r bench/peer/requirements.txt
fi
py="$venv/bin/python"

# 192 teams x 651 respondents x 8 quarters + 8 small teams x 4 x 8 = 1,000,192 responses.
size=(--seed 11 --teams 200 --groups 10 --quarters 8 --respondents 651 --all-respond)
for shape in google-forms qualtrics; do
  if [ ! -f "bench-data/$shape/export.csv" ]; then
    "$bin" generate --out "bench-data/$shape" --export "$shape" "${size[@]}"
  fi
done

# One measured command: "wall cpu peak" (seconds, seconds, MB) on stdout.
measure() {
  /usr/bin/time -f "%e %U %S %M" -o bench/.time "$@" > /dev/null 2> bench/.stderr || {
    echo "failed: $*" >&2; cat bench/.stderr >&2; exit 1; }
  read -r wall user sys kb < bench/.time
  awk -v w="$wall" -v u="$user" -v s="$sys" -v k="$kb" 'BEGIN { printf "%s %.2f %d\n", w, u + s, k / 1024 }'
}

{
  echo "## leadpulse and peer scripts, 1,000,192 responses"
  echo
  echo "$(nproc) cores; $(date -u +%Y-%m-%d)."
  for shape in google-forms qualtrics; do
    dir="bench-data/$shape"
    echo
    echo "### $shape export ($(du -h "$dir/export.csv" | cut -f1))"
    echo
    echo "| command | wall | cpu | peak memory | leadpulse wall / this | leadpulse memory / this |"
    echo "|---|---|---|---|---|---|"
    read -r lw lc lm < <(measure "$bin" report --schema "$dir/team-health.toml" \
      --out "bench-data/out/$shape-report" "$dir/export.csv")
    echo "| leadpulse report (validation, all metrics, charts, HTML) | $lw s | $lc s | $lm MB | | |"
    for peer in duckdb polars pandas; do
      read -r w c m < <(measure "$py" "bench/peer/${peer}_report.py" "$dir/export.csv" \
        "$dir/team-health.toml" "bench-data/out/$shape-$peer" "$shape")
      rw=$(awk -v a="$lw" -v b="$w" 'BEGIN { printf "%.2f", a / b }')
      rm_=$(awk -v a="$lm" -v b="$m" 'BEGIN { printf "%.2f", a / b }')
      echo "| $peer script | $w s | $c s | $m MB | ${rw}x | ${rm_}x |"
    done
  done

  echo
  echo "## Sample report"
  echo
  read -r w c m < <(measure "$bin" report --project sample-data/leadpulse.toml --out bench-data/out/sample)
  echo "report --project sample-data/leadpulse.toml: $w s wall, $c s cpu, $m MB"
} | tee bench/results.md

# Ten times the responses: the label export at 10,000,000+ (about 4 GB; generated once,
# never committed). Time and peak memory should grow no faster than the responses.
big10=bench-data/google-forms-10m
if [ ! -f "$big10/export.csv" ]; then
  "$bin" generate --out "$big10" --export google-forms --seed 11 --teams 200 --groups 10 \
    --quarters 8 --respondents 6510 --all-respond
fi
{
  echo
  echo "## Ten times the responses (google-forms export)"
  echo
  echo "| responses | size | wall | cpu | peak memory |"
  echo "|---|---|---|---|---|"
  for dir in bench-data/google-forms "$big10"; do
    rows=$(($(wc -l < "$dir/export.csv") - 1))
    read -r w c m < <(measure "$bin" report --schema "$dir/team-health.toml" \
      --out "bench-data/out/$(basename "$dir")-scale" "$dir/export.csv")
    echo "| $rows | $(du -h "$dir/export.csv" | cut -f1) | $w s | $c s | $m MB |"
  done
} | tee -a bench/results.md

# The organisation with its side files, through its generated project file (which looks
# for the schemas one folder up).
data=bench-data/org-1m
if [ ! -f "$data/interventions.csv" ]; then
  "$bin" generate --out "$data" "${size[@]}" --numeric --no-xlsx
fi
mkdir -p bench-data/schemas && cp schemas/*.toml bench-data/schemas/
{
  echo
  echo "## Every side file, 1,000,192 responses in 8 files"
  echo
  echo "| command | wall | cpu | peak memory |"
  echo "|---|---|---|---|"
  read -r w c m < <(measure "$bin" report --schema schemas/team-health.toml --out bench-data/out/org "$data/responses")
  echo "| report (survey only) | $w s | $c s | $m MB |"
  read -r w c m < <(measure "$bin" report --project "$data/leadpulse.toml" --out bench-data/out/org-side)
  echo "| report --project (survey + every side file) | $w s | $c s | $m MB |"
  echo
} | tee -a bench/results.md

# Read throughput: one large CSV (125,024 responses with text labels) and one large
# workbook (the same quarter as .xlsx), next to a plain csv / calamine read.
big=bench-data/big-read
if [ ! -f "$big/responses/team-health-2026-Q3.xlsx" ]; then
  "$bin" generate --out "$big" --seed 12 --teams 200 --groups 10 --quarters 2 \
    --respondents 651 --all-respond
fi
cargo bench --quiet --bench read_throughput -- \
  "$big/responses/team-health-2026-Q2.csv" "$big/responses/team-health-2026-Q3.xlsx" | tee -a bench/results.md

#!/usr/bin/env bash
# Prints `make bench`'s table as Markdown (ready for the README): every row the benches of this
# run wrote to target/bench-data/rows-*.tsv (row, paydesk, anchor, unit, target), with the
# ratio paydesk ÷ anchor, under one line naming the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
data=target/bench-data
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($cpu), $mem, $os."
echo
echo "| row | paydesk | anchor | paydesk ÷ anchor | target |"
echo "|---|---:|---:|---:|---|"
for f in history verify totals process app; do
  [ -f "$data/rows-$f.tsv" ] || { echo "| ($f: not measured in this run) | | | | |"; continue; }
  awk -F'\t' '{
    num = ($2 ~ /^[0-9.]+$/ && $3 ~ /^[0-9.]+$/ && $3 + 0 > 0)
    ratio = num ? sprintf("%.2f", $2 / $3) : "–"
    anchor = ($3 == "-" || $3 == "") ? "–" : $3 " " $4
    printf "| %s | %s %s | %s | %s | %s |\n", $1, $2, $4, anchor, ratio, $5
  }' "$data/rows-$f.tsv"
done

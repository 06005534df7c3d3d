#!/usr/bin/env bash
# The rows of `make bench`'s table that are whole processes, each beside its anchor in the same
# run: the CSV export of 1,000,000 links (time and peak memory, /usr/bin/time -v's "Maximum
# resident set size") beside `sqlite3 -csv` on the same file, and 10,000 links to show memory
# stays flat; `paydesk link create` beside curl posting the same body to the same local fake
# Paystack. Needs the histories the history bench made and release builds of paydesk and
# paydesk-fake. Writes target/bench-data/rows-process.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release
data=target/bench-data
out=$data/rows-process.tsv
runs=${PAYDESK_BENCH_RUNS:-21}
key=sk_test_bench0123456789PROCESSKEY
tmp=$(mktemp -d)
fake_pid=""
cleanup() {
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
: >"$out"

# Runs a command; prints "<seconds> <peak resident KiB>".
measure() {
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; return 1; }
  cat "$tmp/time"
}

# The same columns, newest first, as paydesk's own export.
columns="id, created_at, provider, mode, reference, amount_minor, currency, customer_email, description, \
status, provider_status, last_verified_at, url, last_error"

for rows in 1000000 10000; do
  dir=$data/history-$rows
  [ -f "$dir/complete" ] || { echo "no $dir: run the history bench first" >&2; exit 1; }
  read -r p_secs p_kb < <(PAYDESK_DATA_DIR="$dir" measure "$bin/paydesk" link export "$tmp/paydesk.csv")
  read -r a_secs a_kb < <(measure sqlite3 -csv -header -cmd ".output $tmp/sqlite3.csv" "$dir/paydesk.sqlite3" \
    "SELECT $columns FROM links ORDER BY id DESC")
  lines=$(wc -l <"$tmp/paydesk.csv")
  [ "$lines" -eq $((rows + 1)) ] || { echo "paydesk exported $lines lines for $rows links" >&2; exit 1; }
  label=$(printf "%'d" "$rows" 2>/dev/null || echo "$rows")
  printf 'CSV export of %s links: time\t%s\t%s\ts\tinfo\n' "$label" "$p_secs" "$a_secs" >>"$out"
  printf 'CSV export of %s links: peak memory\t%s\t%s\tMiB\tflat\n' "$label" \
    "$(awk "BEGIN{printf \"%.1f\", $p_kb/1024}")" "$(awk "BEGIN{printf \"%.1f\", $a_kb/1024}")" >>"$out"
  rm -f "$tmp"/*.csv
done

# A local fake Paystack; its one line says where it listens.
"$bin/paydesk-fake" paystack --key "$key" >"$tmp/fake.out" &
fake_pid=$!
for _ in $(seq 100); do grep -q listening "$tmp/fake.out" 2>/dev/null && break; sleep 0.05; done
url=$(sed -n 's/^listening on //p' "$tmp/fake.out")
[ -n "$url" ] || { echo "the fake Paystack did not start" >&2; exit 1; }

# Wall-clock microseconds of running "$@" once.
micros() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000))
}

# The median of microsecond figures, in ms.
median_ms() {
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

# --again: every run makes a new link through the fake (without it, the runs after the first
# would stop at "a link like this was made moments ago" and never call the provider).
create() {
  PAYDESK_DATA_DIR="$tmp/history" PAYDESK_PAYSTACK_KEY="$key" PAYDESK_PAYSTACK_BASE_URL="$url" \
    "$bin/paydesk" link create --provider paystack --amount 1500 --currency NGN --email ada@example.com --again
}
# The body paydesk sends (provider/paystack.rs), with a fresh reference each time.
post() {
  curl -sS -o /dev/null -X POST "$url/transaction/initialize" -H "Authorization: Bearer $key" \
    -H "Content-Type: application/json" \
    -d "{\"email\":\"ada@example.com\",\"amount\":150000,\"currency\":\"NGN\",\"reference\":\"PDCURL$$-$BENCH_I\",\"metadata\":{\"paydesk_link_id\":$BENCH_I}}"
}
create >/dev/null # the history is made once, outside the timing
# Alternated, one of each in turn, so a machine that gets busier or quieter during the runs
# moves both medians alike (two batches one after the other measured 0.92x to 1.06x apart).
creates=() posts=()
for i in $(seq "$runs"); do
  export BENCH_I=$i
  creates+=("$(micros create)")
  posts+=("$(micros post)")
done
printf 'paydesk link create (process, stdout a pipe)\t%s\t%s\tms\t<= 1.05x\n' "$(median_ms "${creates[@]}")" "$(median_ms "${posts[@]}")" >>"$out"
cat "$out"

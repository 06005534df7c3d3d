#!/usr/bin/env bash
# Measures the app's window beside Chromium --app on the same ui/ (run inside Xvfb and a private
# D-Bus session with a keyring: `make bench` does). Writes target/bench-data/rows-app.tsv:
#  - first paint: from starting the process until the screen shows the settled first screen.
#    The root window is grabbed with xwd in a loop for 10 s and hashed; the settled screen is
#    what it shows in its last two seconds (a blinking caret gives two hashes), and first paint
#    is the first grab showing one of those. The same method for both, so grabbing costs both alike.
#    The app's own log line "first screen painted" (the UI's `ui-painted` event) is kept too.
#  - idle memory: PSS of the process and every process it started, summed, after 10 s (measured once the screen grabs end).
#  - keyring reads at start: "keyring read" lines in the app's debug log (anchor: one).
#  - release binary size, beside Tauri's hello world (10.7 MB, cited from PLATFORM.md: building
#    that anchor here would cost another release build).
# The app runs twice: as shipped (WebKit's defaults) and with WEBKIT_DISABLE_DMABUF_RENDERER=1, which
# saves memory but made WebKitWebDriver's screenshots hang under Xvfb, so it is the person's choice.
set -euo pipefail
cd "$(dirname "$0")/.."
app=$(realpath "${1:-target/release/paydesk-app}")
out=target/bench-data/rows-app.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p target/bench-data
: >"$out"

descendants() { # PID and every process under it
  local p=$1
  echo "$p"
  for c in $(ps -o pid= --ppid "$p"); do descendants "$c"; done
}

pss_mib() { # summed PSS of a process tree
  local total=0 kb
  for p in $(descendants "$1"); do
    kb=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  awk "BEGIN{printf \"%.0f\", $total/1024}"
}

# Starts "$@" in the background, grabs the screen for 10 s; prints "<first paint ms> <pid>".
paint_ms() {
  local t0 pid i=0 now
  t0=$(date +%s%N)
  "$@" >"$tmp/stdout.txt" 2>&1 &
  pid=$!
  : >"$tmp/grabs"
  while :; do
    now=$(date +%s%N)
    (( (now - t0) / 1000000 > 10000 )) && break
    echo "$(( (now - t0) / 1000000 )) $(xwd -root -silent | md5sum | cut -c1-12)" >>"$tmp/grabs"
    i=$((i + 1))
    sleep 0.02
  done
  local settled first
  settled=$(awk '$1 > 8000 {print $2}' "$tmp/grabs" | sort -u)
  first=$(awk -v s="$settled" 'BEGIN {n = split(s, h, "\n"); for (i = 1; i <= n; i++) ok[h[i]] = 1} ok[$2] {print $1; exit}' "$tmp/grabs")
  echo "${first:-0} $pid"
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; sleep 1; }

measure_app() { # label, extra env
  local label=$1 data
  shift
  data=$(mktemp -d -p "$tmp")
  read -r ms pid < <(paint_ms env PAYDESK_DATA_DIR="$data" PAYDESK_LOG=debug "$@" "$app")
  local pss
  pss=$(pss_mib "$pid")
  stop "$pid"
  local own reads
  own=$(sed -n 's/.*ms=\([0-9]*\).*first screen painted.*/\1/p; s/.*first screen painted.*ms=\([0-9]*\).*/\1/p' "$data/paydesk.log" | head -1)
  reads=$(grep -c "keyring read" "$data/paydesk.log" || true)
  echo "$label $ms ${own:--} $pss $reads"
}

read -r _ app_ms app_own app_pss app_reads < <(measure_app shipped env -u WEBKIT_DISABLE_DMABUF_RENDERER)
read -r _ dma_ms dma_own dma_pss _ < <(measure_app dmabuf WEBKIT_DISABLE_DMABUF_RENDERER=1)

profile=$(mktemp -d -p "$tmp")
read -r c_ms c_pid < <(paint_ms chromium --no-sandbox --no-first-run --no-default-browser-check --disable-sync \
  --user-data-dir="$profile" --window-size=1100,760 --window-position=0,0 --allow-file-access-from-files \
  --app="file://$PWD/ui/index.html")
c_pss=$(pss_mib "$c_pid")
stop "$c_pid"

size=$(stat -c %s "$app")
{
  printf 'first paint under Xvfb (screen settled; app log says %s ms)\t%s\t%s\tms\t< 500 ms\n' "$app_own" "$app_ms" "$c_ms"
  printf 'first paint, WEBKIT_DISABLE_DMABUF_RENDERER=1 (app log says %s ms)\t%s\t%s\tms\tinfo\n' "$dma_own" "$dma_ms" "$c_ms"
  printf 'idle memory, PSS of every process\t%s\t%s\tMiB\t<= 0.5x\n' "$app_pss" "$c_pss"
  printf 'idle memory, WEBKIT_DISABLE_DMABUF_RENDERER=1\t%s\t%s\tMiB\tinfo\n' "$dma_pss" "$c_pss"
  printf 'keyring reads at start (no key stored)\t%s\t1\treads\t1\n' "$app_reads"
  printf 'release binary size (paydesk-app)\t%s\t10.7\tMB\t< 15 MB\n' "$(awk "BEGIN{printf \"%.1f\", $size/1e6}")"
} >>"$out"
cat "$out"

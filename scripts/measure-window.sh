#!/usr/bin/env bash
# Measures the app's window beside Chromium --app on the same ui/ (run inside Xvfb and a private
# D-Bus session with a keyring: `make bench` does). Writes target/bench-data/rows-app.tsv:
#  - first paint: from starting the process until the screen shows the settled first screen.
#    scripts/first-paint.py grabs the screen each time the X server says it changed, for 10 s; the
#    settled screen is what it shows in its last two seconds (a blinking caret gives two
#    pictures), and first paint is the first grab showing one of those. The same for both.
#    GTK's overlay scrollbar fades out over some 7 s after the page appears, which this method
#    counted as the screen still changing: the app runs with GTK_OVERLAY_SCROLLING=0 (a plain
#    scrollbar, drawn once). Each figure is the median of RUNS starts (5 unless set).
#    The app's own log line "first screen painted" (the UI's `ui-painted` event) is kept too,
#    with its split: WebKit's processes started (page load began), then the page's own time.
#  - idle memory: PSS of the process and every process it started, summed, after 10 s (measured
#    once the screen grabs end); the median of the runs.
#  - the floor under that: the idle memory of a blank page in the smallest WebKitGTK window
#    (scripts/blank-webkit.py, PyGObject, drawn as the app draws: no GPU compositing, no GPU probes).
#  - keyring reads at start: "keyring read" lines in the app's debug log (anchor: one).
#  - release binary size, beside Tauri's hello world (10.7 MB, cited from PLATFORM.md: building
#    that anchor here would cost another release build).
# The app runs as shipped (on Linux it draws without GPU compositing: src-tauri/src/windows.rs)
# and, for the record, with WEBKIT_DISABLE_COMPOSITING_MODE=0, the person's way back to WebKit's
# GPU compositing.
set -euo pipefail
cd "$(dirname "$0")/.."
app=$(realpath "${1:-target/release/paydesk-app}")
runs=${RUNS:-5}
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
  awk "BEGIN{printf \"%.0f\\n\", $total/1024}"
}

# Starts "$@", watches the screen for 10 s; prints "<first paint ms> <pid>" (scripts/first-paint.py).
paint_ms() { ./scripts/first-paint.py "$@"; }

alive() { local p; for p in "$@"; do ps -o stat= -p "$p" 2>/dev/null | grep -qv Z && return 0; done; return 1; }

# Ends a process and every process under it, and waits until they are gone (10 s at most), so
# one start's closing window never counts in the next start's screen.
stop() {
  local pids i
  pids=$(descendants "$1")
  kill $pids 2>/dev/null || true
  for i in $(seq 100); do alive $pids || break; sleep 0.1; done
  kill -9 $pids 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

median() { sort -n | awk '{v[NR] = $1} END {print (NR ? v[int((NR + 1) / 2)] : 0)}'; }

measure_app() { # label, extra env; prints "<label> <paint ms> <log ms> <log page ms> <pss> <reads>", medians of $runs
  local label=$1 data i
  shift
  : >"$tmp/$label"
  for i in $(seq "$runs"); do
    data=$(mktemp -d -p "$tmp")
    read -r ms pid < <(paint_ms env PAYDESK_DATA_DIR="$data" PAYDESK_LOG=debug GTK_OVERLAY_SCROLLING=0 "$@" "$app")
    local pss own page reads
    pss=$(pss_mib "$pid")
    stop "$pid"
    own=$(grep "first screen painted" "$data/paydesk.log" | grep -o ' ms=[0-9]*' | head -1 | cut -d= -f2)
    page=$(grep "first screen painted" "$data/paydesk.log" | grep -o 'page_ms=[0-9]*' | head -1 | cut -d= -f2)
    reads=$(grep -c "keyring read" "$data/paydesk.log" || true)
    echo "$ms ${own:-0} ${page:-0} $pss $reads" >>"$tmp/$label"
  done
  echo "$label $(for c in 1 2 3 4 5; do cut -d' ' -f$c "$tmp/$label" | median; done | tr '\n' ' ')"
}

read -r _ app_ms app_own app_page app_pss app_reads < <(measure_app shipped env -u WEBKIT_DISABLE_COMPOSITING_MODE)
read -r _ gpu_ms gpu_own gpu_page gpu_pss _ < <(measure_app gpu WEBKIT_DISABLE_COMPOSITING_MODE=0)

: >"$tmp/chromium"
for i in $(seq "$runs"); do
  profile=$(mktemp -d -p "$tmp")
  read -r c_ms c_pid < <(paint_ms chromium --no-sandbox --no-first-run --no-default-browser-check --disable-sync \
    --user-data-dir="$profile" --window-size=1100,760 --window-position=0,0 --allow-file-access-from-files \
    --app="file://$PWD/ui/index.html")
  echo "$c_ms $(pss_mib "$c_pid")" >>"$tmp/chromium"
  stop "$c_pid"
done
c_ms=$(cut -d' ' -f1 "$tmp/chromium" | median)
c_pss=$(cut -d' ' -f2 "$tmp/chromium" | median)

# The floor: a blank page in the smallest WebKitGTK window (scripts/blank-webkit.py), same method.
: >"$tmp/blank"
for i in $(seq "$runs"); do
  /usr/bin/python3 scripts/blank-webkit.py >/dev/null 2>&1 &
  b_pid=$!
  sleep 10
  pss_mib "$b_pid" >>"$tmp/blank"
  stop "$b_pid"
done
b_pss=$(median <"$tmp/blank")

size=$(stat -c %s "$app")
{
  printf 'first paint under Xvfb (screen settled; app log says %s ms, %s of them in the page)\t%s\t%s\tms\t< 500 ms\n' "$app_own" "$app_page" "$app_ms" "$c_ms"
  printf 'first paint, GPU compositing (WEBKIT_DISABLE_COMPOSITING_MODE=0; app log says %s ms)\t%s\t%s\tms\tinfo\n' "$gpu_own" "$gpu_ms" "$c_ms"
  printf 'idle memory, PSS of every process\t%s\t%s\tMiB\t<= 0.5x\n' "$app_pss" "$c_pss"
  printf 'idle memory, GPU compositing (WEBKIT_DISABLE_COMPOSITING_MODE=0)\t%s\t%s\tMiB\tinfo\n' "$gpu_pss" "$c_pss"
  printf 'idle memory, a blank WebKitGTK page (scripts/blank-webkit.py: the floor)\t%s\t%s\tMiB\tinfo\n' "$b_pss" "$c_pss"
  printf 'keyring reads at start (no key stored)\t%s\t1\treads\t1\n' "$app_reads"
  printf 'release binary size (paydesk-app)\t%s\t10.7\tMB\t< 15 MB\n' "$(awk "BEGIN{printf \"%.1f\", $size/1e6}")"
} >>"$out"
cat "$out"

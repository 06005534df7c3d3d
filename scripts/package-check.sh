#!/usr/bin/env bash
# Installs the .deb that `make package` built, as a person would (`apt-get install ./file.deb`,
# which pulls its dependencies like `dpkg -i` + `apt-get -f install`), starts the installed app
# under Xvfb with a throw-away data folder, and checks that it came up: its log says "paydesk
# app starting", its window is mapped (xdotool), and it is still running after a few seconds.
# Then removes the package again. Run as root on a Debian machine: `make package-check`.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "no .deb in target/release/bundle/deb: run make package first" >&2; exit 1; }
echo "Installing $deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
pkg=$(dpkg-deb -f "$deb" Package)
trap 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$pkg" >/dev/null || true' EXIT
app=$(dpkg -L "$pkg" | grep -m1 '/bin/paydesk-app$')
[ -x "$app" ] || { echo "the package installed no paydesk-app" >&2; exit 1; }
printf 'Installed %s: %s bytes\n' "$app" "$(stat -c %s "$app")"

data=$(mktemp -d)
# The app under Xvfb, in a private D-Bus session with a throw-away keyring (as the tests run it).
cat >"$data/start.sh" <<INNER
#!/usr/bin/env bash
set -u
PAYDESK_DATA_DIR="$data" "$app" >"$data/out.txt" 2>&1 &
pid=\$!
for _ in \$(seq 100); do
  xdotool search --onlyvisible --name '^paydesk' >/dev/null 2>&1 && break
  sleep 0.2
done
window=\$(xdotool search --onlyvisible --name '^paydesk' 2>/dev/null | head -1)
sleep 3
alive=no; kill -0 \$pid 2>/dev/null && alive=yes
kill \$pid 2>/dev/null; wait \$pid 2>/dev/null
echo "window=\${window:-none} alive=\$alive"
INNER
chmod +x "$data/start.sh"
result=$(timeout 120 xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- ./scripts/with-keyring.sh "$data/start.sh")
echo "$result"
grep -q "paydesk app starting" "$data/paydesk.log" || { echo "no start line in the log" >&2; cat "$data/out.txt" >&2; exit 1; }
case "$result" in
  *"window=none"*) echo "FAIL: no window came up" >&2; cat "$data/out.txt" >&2; exit 1 ;;
  *"alive=no"*) echo "FAIL: the app exited" >&2; cat "$data/out.txt" >&2; exit 1 ;;
esac
rm -rf "$data"
echo "package-check: the installed app started and showed its window"

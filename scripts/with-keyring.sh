#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service (gnome-keyring) on a private session bus.
# Call it through `dbus-run-session -- scripts/with-keyring.sh CMD...`. The keyring files go to
# a temporary XDG_DATA_HOME so tests never touch a user's own keyring.
set -euo pipefail
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home"
# Without --unlock and a password on stdin, every write fails with NoStorageAccess.
printf 'paydesk-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"

# The README's commands. `make run` and `make test` install what they need on a fresh Debian machine.
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never
XVFB := xvfb-run -a -s '-screen 0 1280x800x24'

.PHONY: run cli test bench bench-window package package-check clean

## Builds and starts the desktop app.
run:
	./scripts/deps.sh run
	$(CARGO) build -p paydesk-app
	./target/debug/paydesk-app

## The command line: `make cli ARGS="link list"`.
cli:
	$(CARGO) run -q -p paydesk-cli -- $(if $(ARGS),$(ARGS),--help)

## Every test, on one build: unit, against the local fakes, the CLI as a process, Prism contract
## tests, the UI's logic (node --test), and the real window under Xvfb through tauri-driver,
## all inside a private D-Bus session with a throw-away, unlocked GNOME Keyring, and a throw-away
## PostgreSQL cluster (pg_virtualenv) for the shop-hub tests.
test:
	./scripts/deps.sh test
	$(CARGO) build --workspace --all-targets
	node --test ui-tests/
	$(XVFB) dbus-run-session -- ./scripts/with-keyring.sh pg_virtualenv $(CARGO) test --workspace -- --include-ignored

## Speed goals, each measured beside its anchor in the same run (not asserted in tests), then
## printed as the README's table. Builds release binaries and the .deb: 20–30 min on 2 cores.
## Never part of `make test`.
bench:
	./scripts/deps.sh bench
	$(CARGO) bench -p paydesk-core --bench history
	$(CARGO) bench -p paydesk-core --bench verify_all
	pg_virtualenv $(CARGO) bench -p paydesk-core --bench sync
	$(CARGO) bench -p paydesk-core --bench day_totals
	$(CARGO) build --release -p paydesk-cli -p paydesk-fakes
	./scripts/bench-process.sh
	$(MAKE) package
	$(XVFB) dbus-run-session -- ./scripts/with-keyring.sh ./scripts/measure-window.sh target/release/paydesk-app
	./scripts/bench-table.sh

## Only the window's rows of `make bench` (first paint, idle memory, keyring reads), on the app
## APP (the debug build unless given): minutes rather than half an hour, to measure a change to
## the start-up. A debug build's figures are its own; the README's come from `make bench`.
bench-window:
	./scripts/deps.sh bench
	$(if $(APP),,$(CARGO) build -p paydesk-app)
	$(XVFB) dbus-run-session -- ./scripts/with-keyring.sh ./scripts/measure-window.sh $(or $(APP),target/debug/paydesk-app)

## A .deb of the app (the Tauri CLI from npm builds it offline).
package:
	./scripts/deps.sh package
	cd src-tauri && ../tools/node_modules/.bin/tauri build --bundles deb

## Installs the .deb on this machine, starts it under Xvfb, checks its window came up, removes it.
package-check: package
	./scripts/deps.sh package-check
	./scripts/package-check.sh

clean:
	$(CARGO) clean
	rm -rf tools/node_modules

# The README's commands. `make run` and `make test` install what they need on a fresh Debian machine.
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never
XVFB := xvfb-run -a -s '-screen 0 1280x800x24'

.PHONY: run cli test bench package clean

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

## Speed goals, measured (not asserted in tests).
bench:
	$(CARGO) bench -p paydesk-core --bench history
	$(CARGO) bench -p paydesk-core --bench verify_all
	pg_virtualenv $(CARGO) bench -p paydesk-core --bench sync
	$(CARGO) bench -p paydesk-core --bench day_totals

## A .deb of the app (the Tauri CLI from npm builds it offline).
package:
	./scripts/deps.sh package
	cd src-tauri && ../tools/node_modules/.bin/tauri build --bundles deb

clean:
	$(CARGO) clean
	rm -rf tools/node_modules

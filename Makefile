# The README's commands. `make run` and `make test` install what they need on a fresh Debian machine.
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: run test bench clean

## Starts paydesk (the CLI until the desktop window lands): `make run ARGS="link list"`.
run:
	./scripts/deps.sh run
	$(CARGO) run -q -p paydesk-cli -- $(if $(ARGS),$(ARGS),--help)

## Every test: unit, against the local fakes, the CLI as a process, Prism contract tests, and
## the real OS keyring inside a private D-Bus session.
test:
	./scripts/deps.sh test
	$(CARGO) build --workspace --all-targets
	dbus-run-session -- ./scripts/with-keyring.sh $(CARGO) test --workspace -- --include-ignored

## Speed goals, measured (not asserted in tests).
bench:
	$(CARGO) bench -p paydesk-core --bench history

clean:
	$(CARGO) clean
	rm -rf tools/node_modules

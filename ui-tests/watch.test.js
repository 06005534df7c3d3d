import test from "node:test";
import assert from "node:assert/strict";
import { plan, baseDelay, errorDelay, createWatcher, SCHEDULE, isFinal } from "../ui/js/watch.js";
import { fakeClock } from "./helpers/clock.js";

test("the schedule starts at 3 s and backs off to 30 s", () => {
  const delays = Array.from({ length: 30 }, (_, i) => baseDelay(i));
  assert.equal(delays[0], 3000);
  assert.equal(delays[SCHEDULE.fastChecks - 1], 3000);
  assert.ok(delays[SCHEDULE.fastChecks] > 3000, "backs off after the fast checks");
  for (let i = 1; i < delays.length; i++) assert.ok(delays[i] >= delays[i - 1], "never speeds up");
  assert.equal(delays.at(-1), 30000);
  assert.ok(delays.every((d) => d <= 30000));
});

test("final statuses stop; open and unknown keep going; creating has nothing to verify", () => {
  for (const s of ["paid", "failed", "expired", "cancelled", "refunded", "creating"]) {
    assert.deepEqual(plan({ status: s }), { action: "stop" }, s);
  }
  assert.deepEqual(plan({ status: "open" }), { action: "wait", delay: 3000 });
  assert.deepEqual(plan({ status: "unknown", checks: 100 }), { action: "wait", delay: 30000 });
  assert.ok(isFinal("paid") && !isFinal("open") && !isFinal("unknown"));
});

test("network errors back off, capped at 30 s", () => {
  assert.equal(errorDelay(0), 0);
  assert.equal(plan({ status: "open", errors: 1 }).delay, 3000);
  assert.equal(plan({ status: "open", errors: 2 }).delay, 6000);
  assert.equal(plan({ status: "open", errors: 3 }).delay, 12000);
  assert.equal(plan({ status: "open", errors: 50 }).delay, 30000);
});

test("hidden for more than 5 minutes pauses", () => {
  assert.equal(plan({ status: "open", hiddenForMs: 4 * 60_000 }).action, "wait");
  assert.equal(plan({ status: "open", hiddenForMs: 5 * 60_000 + 1 }).action, "pause");
  assert.equal(plan({ status: "paid", hiddenForMs: 10 * 60_000 }).action, "stop");
});

function harness(answers, { hidden = () => false } = {}) {
  const clock = fakeClock();
  const calls = [];
  const states = [];
  const w = createWatcher({
    verify: async () => {
      calls.push(clock.now());
      const a = answers.length > 1 ? answers.shift() : answers[0];
      if (a instanceof Object && a.kind) throw a;
      return a;
    },
    timers: clock,
    now: clock.now,
    isHidden: hidden,
    onChange: (s) => states.push(s),
  });
  return { clock, calls, states, w };
}

test("driver: verifies every 3 s, then stops for good when paid", async () => {
  const { clock, calls, w } = harness(["open", "open", "paid"]);
  w.start("open");
  await clock.advance(2999);
  assert.equal(calls.length, 0, "nothing before 3 s");
  await clock.advance(1);
  assert.equal(calls.length, 1);
  await clock.advance(6000);
  assert.equal(calls.length, 3);
  assert.equal(w.state().phase, "stopped");
  assert.equal(w.state().status, "paid");
  await clock.advance(10 * 60_000);
  assert.equal(calls.length, 3, "no call after paid");
  assert.deepEqual(clock.pending(), []);
});

test("driver: keeps going through network errors, with backoff, and says it is offline", async () => {
  const net = { kind: "network", message: "No connection." };
  const { clock, calls, states, w } = harness([net, net, net, "open"]);
  w.start("open");
  await clock.advance(3000); // 1st call fails
  assert.equal(states.at(-1).offline, true);
  assert.deepEqual(clock.pending(), [3000]);
  await clock.advance(3000); // 2nd fails
  assert.deepEqual(clock.pending(), [6000]);
  await clock.advance(6000); // 3rd fails
  assert.deepEqual(clock.pending(), [12000]);
  await clock.advance(12000); // 4th answers
  assert.equal(calls.length, 4);
  assert.equal(states.at(-1).offline, false);
  assert.equal(w.state().errors, 0);
  assert.equal(w.state().phase, "waiting");
});

test("driver: coming back online checks at once and forgets the backoff", async () => {
  const net = { kind: "network", message: "No connection." };
  const { clock, calls, w } = harness([net, net, net, "paid"]);
  w.start("open");
  await clock.advance(3000 + 3000 + 6000 + 2000); // three failures, next wait 12 s
  assert.equal(calls.length, 3);
  w.poke({ online: true });
  await clock.flush();
  assert.equal(calls.length, 4, "checked at once");
  assert.equal(w.state().status, "paid");
  assert.equal(w.state().phase, "stopped");
});

test("driver: an error that asking again cannot fix stops it", async () => {
  const { clock, calls, w } = harness([{ kind: "not_found", message: "No link 9." }]);
  w.start("open");
  await clock.advance(60_000);
  assert.equal(calls.length, 1);
  assert.equal(w.state().phase, "stopped");
  assert.equal(w.state().error.kind, "not_found");
});

test("driver: hidden for more than 5 minutes pauses; shown again resumes at once", async () => {
  let hidden = false;
  const { clock, calls, w } = harness(["open"], { hidden: () => hidden });
  w.start("open");
  await clock.advance(3000);
  assert.equal(calls.length, 1);
  hidden = true;
  w.poke(); // visibilitychange → hidden: notes the time, no extra call
  await clock.advance(5 * 60_000 + 30_000);
  const before = calls.length;
  assert.ok(before > 1, "kept checking for a while");
  assert.equal(w.state().phase, "paused");
  await clock.advance(30 * 60_000);
  assert.equal(calls.length, before, "no call while paused");
  assert.deepEqual(clock.pending(), []);
  hidden = false;
  w.poke();
  await clock.flush();
  assert.equal(calls.length, before + 1, "checked when shown again");
  assert.equal(w.state().phase, "waiting");
});

test("driver: pokes never flood the provider", async () => {
  const { clock, calls, w } = harness(["open"]);
  w.start("open", { immediate: true });
  await clock.flush();
  assert.equal(calls.length, 1);
  w.poke();
  w.poke();
  await clock.flush();
  assert.equal(calls.length, 1, "too soon after the last check");
  await clock.advance(SCHEDULE.minGap);
  assert.equal(calls.length, 2);
});

test("driver: a status learnt elsewhere stops it; a creating link is never verified", async () => {
  const { clock, calls, w } = harness(["open"]);
  w.start("open");
  w.observe("expired");
  await clock.advance(60_000);
  assert.equal(calls.length, 0);
  assert.equal(w.state().phase, "stopped");
  w.start("creating", { immediate: true });
  await clock.advance(60_000);
  assert.equal(calls.length, 0);
});

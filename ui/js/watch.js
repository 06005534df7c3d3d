// When to ask the provider again about a link that is still open. `plan` is the schedule as a
// pure function; `createWatcher` drives it with injected timers and clock, so tests need no real
// time. A link is checked every 3 s at first, then less and less often up to every 30 s; network
// errors back off on their own; a final status stops it; a page hidden for 5 minutes pauses it
// until it is shown, focused or back online.

export const FINAL = Object.freeze(["paid", "failed", "expired", "cancelled", "partially_refunded", "refunded"]);
export const PENDING = Object.freeze(["open", "unknown"]);

export const SCHEDULE = Object.freeze({
  first: 3000, // ms between the first checks
  fastChecks: 10, // how many checks stay at `first` (the customer is usually paying right now)
  growth: 1.35, // then each wait is this much longer
  max: 30000, // never waits longer than this
  errorBase: 3000, // first wait after a failed check; doubles per failure in a row
  hiddenPause: 5 * 60 * 1000, // pause after the page has been hidden this long
  minGap: 2000, // a poke (focus, online …) never verifies more often than this
});

/** Errors after which asking again cannot help: the watcher stops and shows the message. */
export const STOPPING_KINDS = Object.freeze(["not_found", "not_configured", "key_refused", "invalid", "conflict"]);

export const isFinal = (status) => FINAL.includes(status);
export const isPending = (status) => PENDING.includes(status);

/** The wait before the next check, after `checks` successful checks in a row. */
export function baseDelay(checks, s = SCHEDULE) {
  if (checks < s.fastChecks) return s.first;
  return Math.min(s.max, Math.round(s.first * s.growth ** (checks - s.fastChecks + 1)));
}

/** The wait after `errors` failed checks in a row (0 → no error backoff). */
export function errorDelay(errors, s = SCHEDULE) {
  if (errors <= 0) return 0;
  return Math.min(s.max, s.errorBase * 2 ** (errors - 1));
}

/**
 * What to do next: `{action: "stop"}` (final, or nothing to verify), `{action: "pause"}`
 * (hidden too long), or `{action: "wait", delay}`.
 */
export function plan({ status, checks = 0, errors = 0, hiddenForMs = 0 }, s = SCHEDULE) {
  if (!isPending(status)) return { action: "stop" };
  if (hiddenForMs > s.hiddenPause) return { action: "pause" };
  return { action: "wait", delay: Math.max(baseDelay(checks, s), errorDelay(errors, s)) };
}

/**
 * Runs the schedule for one link.
 *  verify(): resolves to the link's new status, rejects with `{kind, message}`.
 *  timers: {setTimeout, clearTimeout}; now(): ms; isHidden(): whether the page is hidden.
 *  onChange(state): after every check, pause, stop or resume.
 * Returns {start(status), poke(), observe(status), stop(), state()}.
 */
export function createWatcher({ verify, timers = globalThis, now = () => Date.now(), isHidden = () => false, onChange = () => {}, schedule = SCHEDULE }) {
  const st = { status: null, checks: 0, errors: 0, phase: "idle", offline: false, error: null, inFlight: false, lastCheck: null };
  let timer = null;
  let hiddenSince = null;

  const snapshot = () => ({ ...st, hiddenSince });
  const emit = () => onChange(snapshot());

  function clear() {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  }

  function noteVisibility() {
    if (isHidden()) hiddenSince ??= now();
    else hiddenSince = null;
  }

  function next() {
    clear();
    if (st.phase === "stopped") return;
    noteVisibility();
    const p = plan({ status: st.status, checks: st.checks, errors: st.errors, hiddenForMs: hiddenSince === null ? 0 : now() - hiddenSince }, schedule);
    if (p.action === "stop") {
      st.phase = "stopped";
      emit();
    } else if (p.action === "pause") {
      st.phase = "paused";
      emit();
    } else {
      st.phase = "waiting";
      timer = timers.setTimeout(tick, p.delay);
    }
  }

  function tick() {
    timer = null;
    noteVisibility();
    if (hiddenSince !== null && now() - hiddenSince > schedule.hiddenPause) {
      st.phase = "paused";
      emit();
      return;
    }
    check();
  }

  async function check() {
    if (st.inFlight || st.phase === "stopped") return;
    st.inFlight = true;
    st.phase = "checking";
    try {
      const status = await verify();
      if (st.phase === "stopped") return;
      st.status = status;
      st.checks += 1;
      st.errors = 0;
      st.offline = false;
      st.error = null;
    } catch (e) {
      if (st.phase === "stopped") return;
      st.errors += 1;
      st.offline = e?.kind === "network";
      st.error = e ?? null;
      if (STOPPING_KINDS.includes(e?.kind)) {
        st.phase = "stopped";
        emit();
        return;
      }
    } finally {
      st.inFlight = false;
      st.lastCheck = now();
    }
    emit();
    next();
  }

  return {
    /** Starts watching a link whose status is `status`; `immediate` checks at once. */
    start(status, { immediate = false } = {}) {
      clear();
      Object.assign(st, { status, checks: 0, errors: 0, phase: "idle", offline: false, error: null });
      hiddenSince = null;
      if (immediate && isPending(status)) check();
      else next();
    },
    /** The page was shown, focused, or the network came back: check now if it helps. */
    poke({ online = false } = {}) {
      if (st.phase === "stopped" || st.phase === "idle") return;
      noteVisibility();
      if (hiddenSince !== null) return;
      if (online) st.errors = 0;
      if (st.inFlight) return;
      const since = st.lastCheck === null ? Infinity : now() - st.lastCheck;
      clear();
      if (since >= schedule.minGap) {
        check();
      } else {
        st.phase = "waiting";
        timer = timers.setTimeout(tick, schedule.minGap - since);
      }
    },
    /** Someone else learnt the status (an event, "verify all"): stop if it is final. */
    observe(status) {
      st.status = status;
      if (!isPending(status)) {
        clear();
        st.phase = "stopped";
        emit();
      }
    },
    stop() {
      clear();
      st.phase = "stopped";
    },
    state: snapshot,
  };
}

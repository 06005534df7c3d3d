// A fake clock with setTimeout/clearTimeout for driving timers without real time.
export function fakeClock(start = 1_000_000) {
  let now = start;
  let seq = 0;
  const timers = new Map();
  const flush = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { fn, at: now + Math.max(0, ms), ms });
      return id;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
    /** Pending timers' delays, in the order they were set. */
    pending: () => [...timers.values()].map((t) => t.ms),
    /** Moves time forward, firing due timers in order and letting promises settle. */
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        await flush();
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
      await flush();
    },
    flush,
  };
}

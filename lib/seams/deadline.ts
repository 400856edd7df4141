// Every tier ends within its deadline (docs/design.md, "Deadlines"): a timer that, when a tier
// runs past it, records what it was doing, tells a person once, and exits 70 (EX_SOFTWARE). launchd
// starts no second copy of a job still running, so a hung tier would otherwise be a silent watcher.
// The timer is unref'd: a tier that finishes is never held up by it. Reads that could block the
// event loop (a FIFO swapped in for a log) are opened non-blocking, so the timer can always fire.

export const EXIT_DEADLINE = 70;

// Kept on the process, not in this module: a part loaded as its own bundle (the serving check) has
// its own copy of this module, and must still say what the tier is doing.
const KEY = Symbol.for('openclaw-selfheal.doing');
const shared = globalThis as unknown as Record<symbol, string | undefined>;

/** What the tier is doing now, in our words: said if it hangs. */
export function setDoing(what: string): void {
  shared[KEY] = what;
}

export function currentDoing(): string {
  return shared[KEY] ?? 'starting';
}

/** Arms the deadline; `onFire` records (bounded by its own 10 s), then the process exits 70. */
export function armDeadline(name: string, seconds: number, onFire: (doing: string) => Promise<void>): void {
  const t = setTimeout(() => {
    const doing = currentDoing();
    process.stderr.write(`${name}: ran past its deadline of ${seconds} s while ${doing}; exiting ${EXIT_DEADLINE}\n`);
    const hard = setTimeout(() => process.exit(EXIT_DEADLINE), 10_000);
    hard.unref();
    onFire(doing)
      .catch((e: unknown) => process.stderr.write(`${name}: could not record the deadline: ${(e as Error).message}\n`))
      .finally(() => process.exit(EXIT_DEADLINE));
  }, seconds * 1000);
  t.unref();
}

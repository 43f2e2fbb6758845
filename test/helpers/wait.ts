// Waiting without guessing: poll a condition until it holds or a deadline passes (then fail with
// what was awaited), waking early when a sink signals that something arrived.

/**
 * Resolves once `ok()` is true; rejects after `ms`. `wake`, when given, is a set the caller's
 * sink calls on every arrival, so the check runs at once instead of at the next poll.
 */
export async function waitUntil(what: string, ok: () => boolean | Promise<boolean>, ms = 20_000, wake?: Set<() => void>, pollMs = 50): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await ok()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, pollMs);
      function done() {
        clearTimeout(timer);
        wake?.delete(done);
        resolve();
      }
      wake?.add(done);
    });
  }
}

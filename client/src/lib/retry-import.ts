/**
 * Retries a dynamic import until it succeeds. A wall that is loading its map chunk while the
 * server restarts must still get its map once the server is back, without anyone reloading
 * the page. Waits `baseDelayMs`, doubling up to `maxDelayMs`, between attempts.
 */
export const retryImport = async <T>(
  load: () => Promise<T>,
  { baseDelayMs = 1_000, maxDelayMs = 8_000 } = {},
): Promise<T> => {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await load();
    } catch (error) {
      const delayMs = Math.min(baseDelayMs * 2 ** attempt, maxDelayMs);
      console.warn(`[app] loading a module failed, retrying in ${delayMs} ms`, error);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
};

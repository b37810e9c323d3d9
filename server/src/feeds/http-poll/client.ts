/** Why a fetch failed, in words an administrator can act on. */
export class FeedFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedFetchError';
  }
}

export interface FetchOptions {
  timeoutMs: number;
  /** Largest body accepted; the stream is cut beyond it. */
  maxBytes: number;
  signal?: AbortSignal;
}

/**
 * Fetches a JSON document over HTTP(S) with a total timeout and a streaming body cap.
 * Throws FeedFetchError on network failure, non-2xx status, oversize or invalid JSON.
 */
export const fetchJson = async (url: string, options: FetchOptions): Promise<unknown> => {
  const signals = [AbortSignal.timeout(options.timeoutMs)];
  if (options.signal) signals.push(options.signal);
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.any(signals),
      headers: { accept: 'application/json' },
      redirect: 'error',
    });
  } catch (error) {
    const e = error as Error;
    if (e.name === 'TimeoutError')
      throw new FeedFetchError(`timed out after ${options.timeoutMs} ms`);
    if (e.name === 'AbortError') throw new FeedFetchError('aborted');
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new FeedFetchError(`request failed: ${cause?.code ?? cause?.message ?? e.message}`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new FeedFetchError(`upstream answered HTTP ${response.status}`);
  }
  const text = await readCapped(response, options.maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new FeedFetchError(
      `answer is not valid JSON (starts with ${JSON.stringify(text.slice(0, 40))})`,
    );
  }
};

const readCapped = async (response: Response, maxBytes: number): Promise<string> => {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new FeedFetchError(`answer larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
};

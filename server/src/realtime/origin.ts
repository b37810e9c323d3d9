import type { IncomingHttpHeaders } from 'node:http';

/**
 * Whether a WebSocket/polling handshake comes from a page of this site: browsers always send
 * Origin on WebSocket requests, and a page of another site (cross-site WebSocket hijacking)
 * names its own. Non-browser clients without Origin pass; they still need a session. Pure.
 */
export const isSameOrigin = (headers: IncomingHttpHeaders): boolean => {
  const origin = headers.origin;
  if (origin === undefined) return true;
  const host = headers['x-forwarded-host'] ?? headers.host;
  try {
    const url = new URL(origin);
    // Through URL on both sides, so default ports compare equal.
    return url.host === new URL(`${url.protocol}//${Array.isArray(host) ? host[0] : host}`).host;
  } catch {
    return false;
  }
};

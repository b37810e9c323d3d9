/**
 * New credentials from random bytes the caller provides (`crypto.getRandomValues` in the
 * browser), so this stays pure and testable.
 */

/** Bytes of a new webhook secret or push token: 256 bits. */
export const SECRET_BYTES = 32;

const base64 = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
};

/** A Standard Webhooks secret: `whsec_` and the base64 of the random bytes. */
export const webhookSecretFrom = (bytes: Uint8Array): string => `whsec_${base64(bytes)}`;

/**
 * A bearer token for a pushing system (CAP publisher, context broker): base64url without
 * padding, so it can be pasted into a header or a URL as is (43 characters for 32 bytes).
 */
export const pushTokenFrom = (bytes: Uint8Array): string =>
  base64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

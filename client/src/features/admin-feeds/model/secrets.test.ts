import { describe, expect, it } from 'vitest';
import { pushTokenFrom, SECRET_BYTES, webhookSecretFrom } from './secrets';

const bytes = (fill: (index: number) => number) =>
  Uint8Array.from({ length: SECRET_BYTES }, (_, index) => fill(index));

describe('webhookSecretFrom', () => {
  it('writes the bytes as whsec_ and base64, as Standard Webhooks secrets are', () => {
    const secret = webhookSecretFrom(bytes((i) => i));
    expect(secret).toBe('whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=');
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toEqual(
      Buffer.from(bytes((i) => i)),
    );
  });
});

describe('pushTokenFrom', () => {
  it('is URL-safe, unpadded and long enough for the token schema', () => {
    const token = pushTokenFrom(bytes(() => 0xff));
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).toHaveLength(43);
  });
});

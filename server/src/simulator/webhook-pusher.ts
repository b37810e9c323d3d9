import { randomUUID } from 'node:crypto';
import { signWebhook } from '../feeds/webhook/signature';
import { samplePortalUsage } from './portal';

export interface WebhookPusherOptions {
  /** The IOC's webhook endpoint for the portal feed. */
  targetUrl: string;
  secret: string;
  intervalMs: number;
  seed: number;
  clock?: () => Date;
  onError?: (message: string) => void;
}

/**
 * The public-service portal as an external system: every interval it POSTs its usage to the
 * IOC, signed the Standard Webhooks way, and retries a failed delivery with the same
 * webhook-id on the next tick (so the IOC's replay protection is exercised too).
 */
export const startWebhookPusher = ({
  targetUrl,
  secret,
  intervalMs,
  seed,
  clock = () => new Date(),
  onError = () => {},
}: WebhookPusherOptions) => {
  let pending: { id: string; body: string } | null = null;
  let inFlight: Promise<void> | null = null;
  const abort = new AbortController();

  const push = async () => {
    const message = pending ?? {
      id: `msg_${randomUUID()}`,
      body: JSON.stringify(samplePortalUsage(clock(), seed)),
    };
    pending = message;
    const timestamp = Math.floor(clock().getTime() / 1000);
    try {
      const res = await fetch(targetUrl, {
        method: 'POST',
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(5_000)]),
        headers: {
          'content-type': 'application/json',
          'webhook-id': message.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook({
            id: message.id,
            timestamp,
            body: message.body,
            secret,
          }),
        },
        body: message.body,
      });
      await res.body?.cancel();
      // 2xx: delivered (or a replay the IOC already had). 4xx other than 429: give up on it.
      if (res.ok || (res.status >= 400 && res.status < 500 && res.status !== 429)) pending = null;
      if (!res.ok) onError(`portal webhook answered HTTP ${res.status}`);
    } catch (error) {
      if (!abort.signal.aborted) onError(`portal webhook failed: ${(error as Error).message}`);
    }
  };

  const timer = setInterval(() => {
    if (!inFlight) inFlight = push().finally(() => (inFlight = null));
  }, intervalMs);
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      abort.abort();
      await inFlight;
    },
  };
};

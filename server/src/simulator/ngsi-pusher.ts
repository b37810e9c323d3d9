import { randomUUID } from 'node:crypto';
import { ngsiLdNotification, TRAFFIC_LD_LINK_HEADER } from './ngsi-payloads';
import { sampleTraffic } from './traffic';

/** Subscription id the simulated broker notifies under, unless told otherwise. */
export const DEFAULT_TRAFFIC_SUBSCRIPTION_ID = 'urn:ngsi-ld:Subscription:ioc-traffic-flow';

export interface NgsiPusherOptions {
  /** The IOC's NGSI endpoint for the traffic feed (`/api/ingest/ngsi/:feedId`). */
  targetUrl: string;
  /** The feed's bearer token. */
  token: string;
  intervalMs: number;
  seed: number;
  subscriptionId?: string;
  clock?: () => Date;
  onError?: (message: string) => void;
}

/**
 * The Department of Transport's context broker as an external system: every interval it POSTs
 * an NGSI-LD notification of every traffic counter to the IOC (`application/json`, the
 * JSON-LD context in a `Link` header, `Authorization: Bearer <token>`). Like a real broker it
 * does not retry a failed notification; the next one carries fresh readings. One request in
 * flight at a time; `stop()` aborts it and clears the (unref'd) timer.
 */
export const startNgsiPusher = ({
  targetUrl,
  token,
  intervalMs,
  seed,
  subscriptionId = DEFAULT_TRAFFIC_SUBSCRIPTION_ID,
  clock = () => new Date(),
  onError = () => {},
}: NgsiPusherOptions) => {
  let inFlight: Promise<void> | null = null;
  const abort = new AbortController();

  const push = async () => {
    const now = clock();
    const body = JSON.stringify(
      ngsiLdNotification(sampleTraffic(now, seed), now, subscriptionId, randomUUID()),
    );
    try {
      const res = await fetch(targetUrl, {
        method: 'POST',
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(5_000)]),
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          link: TRAFFIC_LD_LINK_HEADER,
        },
        body,
      });
      await res.body?.cancel();
      if (!res.ok) onError(`traffic NGSI notification answered HTTP ${res.status}`);
    } catch (error) {
      if (!abort.signal.aborted) {
        onError(`traffic NGSI notification failed: ${(error as Error).message}`);
      }
    }
  };

  const timer = setInterval(() => {
    if (!inFlight && !abort.signal.aborted) inFlight = push().finally(() => (inFlight = null));
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

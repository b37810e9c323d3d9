import { getGlobalDispatcher, setWorkerUrl } from 'maplibre-gl';
// `?worker&url` (not `?url`): Vite bundles MapLibre's worker together with anything it imports
// into one self-contained ES chunk and gives us its URL. MapLibre 6 otherwise looks for
// `maplibre-gl-worker.mjs` next to its own module, a file the build never emits.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';

interface ErrorEmitter {
  on(type: 'error', listener: (event: { error?: Error }) => void): unknown;
}

const RECOVERY_BASE_DELAY_MS = 1_000;
const RECOVERY_MAX_DELAY_MS = 8_000;

let isConfigured = false;
let recoveryTimer: ReturnType<typeof setTimeout> | undefined;
let recoveryAttempt = 0;

/**
 * Workers that could not start (the server went away while the page was loading) never heal
 * by themselves. MapLibre's own recovery path, `ensureWorkers()`, pings them and replaces them
 * if they are silent; every map then rebuilds its style as after a lost WebGL context. We try
 * again with backoff until they answer. Maps and the deck.gl overlay are kept as they are.
 */
const scheduleWorkerRecovery = () => {
  if (recoveryTimer) return;
  const delayMs = Math.min(RECOVERY_BASE_DELAY_MS * 2 ** recoveryAttempt, RECOVERY_MAX_DELAY_MS);
  recoveryAttempt += 1;
  recoveryTimer = setTimeout(async () => {
    recoveryTimer = undefined;
    const dispatcher = getGlobalDispatcher();
    try {
      await dispatcher.ensureWorkers();
      if (await dispatcher.ping()) {
        recoveryAttempt = 0;
        return;
      }
    } catch (error) {
      console.warn('[map] MapLibre worker recovery failed', error);
    }
    scheduleWorkerRecovery();
  }, delayMs);
};

/** Points MapLibre at the bundled worker and recovers failed workers; call before any map. */
export const configureMapLibreWorker = (): void => {
  if (isConfigured) return;
  setWorkerUrl(workerUrl);
  // The shared dispatcher reports a worker that failed to start as an 'error' event, printed
  // with console.error when nobody listens.
  (getGlobalDispatcher() as unknown as ErrorEmitter).on('error', (event) => {
    console.warn('[map] MapLibre workers:', event.error?.message ?? event);
    scheduleWorkerRecovery();
  });
  isConfigured = true;
};

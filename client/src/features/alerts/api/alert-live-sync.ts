import type { AlertLogState } from '@city-ioc/shared';
import { hashKey, type QueryClient } from '@tanstack/react-query';
import type { RealtimeClient } from '../../../lib/socket';
import {
  type AlertSyncEffect,
  type AlertSyncInput,
  type AlertSyncState,
  initialAlertSyncState,
  stepAlertSync,
} from '../model/alert-sync';
import { alertKeys } from './alert-queries';

export interface AlertLiveSyncDeps {
  queryClient: QueryClient;
  realtime: RealtimeClient;
  /** Test seam for retry timers. */
  setTimer?: (callback: () => void, delayMs: number) => () => void;
}

const defaultSetTimer = (callback: () => void, delayMs: number) => {
  const id = setTimeout(callback, delayMs);
  return () => clearTimeout(id);
};

/**
 * Wires the pure delivery machine (model/alert-sync.ts) to the socket and the query cache.
 *
 * The alert log itself lives only in the TanStack Query cache under `alertKeys.live()`; this
 * edge keeps the sequencing bookkeeping (known head, buffer, request in flight) in a closure.
 * A snapshot fetched by the query (a non-manual cache update) enters the machine as
 * `snapshotLoaded`; every change the machine makes is written back with `setQueryData`.
 * Returns the function that stops it.
 */
export const startAlertLiveSync = ({
  queryClient,
  realtime,
  setTimer = defaultSetTimer,
}: AlertLiveSyncDeps): (() => void) => {
  const liveKey = alertKeys.live();
  const liveHash = hashKey(liveKey);
  const { log: _noLogYet, ...initialControl } = initialAlertSyncState();
  let control = initialControl;
  /** The machine dropped its log (server log reset): ignore the stale cache until refetched. */
  let isAwaitingSnapshot = false;
  let isStopped = false;
  const cancelTimers = new Set<() => void>();

  const runEffect = (effect: AlertSyncEffect) => {
    switch (effect.kind) {
      case 'requestSync': {
        const { requestId, afterSeq, limit } = effect;
        realtime
          .syncAlerts({ afterSeq, limit })
          .then((result) => {
            if (result.ok) {
              dispatch({ type: 'syncSucceeded', requestId, result: result.data });
            } else {
              console.warn('[alerts] sync refused', result.error.code, result.error.message);
              dispatch({ type: 'syncFailed', requestId });
            }
          })
          .catch((error: unknown) => {
            // Timeout or disconnect: the machine retries; this is expected during outages.
            console.warn('[alerts] sync failed', error instanceof Error ? error.message : error);
            dispatch({ type: 'syncFailed', requestId });
          });
        break;
      }
      case 'scheduleRetry': {
        const cancel = setTimer(() => {
          cancelTimers.delete(cancel);
          dispatch({ type: 'retryDue' });
        }, effect.delayMs);
        cancelTimers.add(cancel);
        break;
      }
      case 'refetchSnapshot':
        void queryClient.refetchQueries({ queryKey: liveKey, exact: true });
        break;
    }
  };

  function dispatch(input: AlertSyncInput) {
    if (isStopped) return;
    const cached = queryClient.getQueryData<AlertLogState>(liveKey) ?? null;
    const log = isAwaitingSnapshot ? null : cached;
    const { state, effects } = stepAlertSync({ ...control, log } satisfies AlertSyncState, input);
    const { log: nextLog, ...nextControl } = state;
    control = nextControl;
    isAwaitingSnapshot = nextLog === null && (cached !== null || isAwaitingSnapshot);
    if (nextLog && nextLog !== cached) queryClient.setQueryData(liveKey, nextLog);
    for (const effect of effects) runEffect(effect);
  }

  const unsubscribeCache = queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.query.queryHash !== liveHash) return;
    const { action } = event;
    // Our own writes (and the acknowledge answer) are manual; a fetch is a new snapshot.
    if (action.type !== 'success' || action.manual || !action.data) return;
    dispatch({ type: 'snapshotLoaded', log: action.data as AlertLogState });
  });
  const unsubscribers = [
    unsubscribeCache,
    realtime.onLink((link) => {
      // A refused handshake never connected: the machine already knows it is offline.
      if (link !== 'unauthorized') dispatch({ type: link });
    }),
    realtime.on('server:hello', (hello) =>
      dispatch({ type: 'helloReceived', headSeq: hello.headSeq }),
    ),
    realtime.on('alert:changed', (event) => dispatch({ type: 'eventReceived', event })),
  ];
  if (realtime.isConnected()) dispatch({ type: 'connected' });

  return () => {
    isStopped = true;
    for (const unsubscribe of unsubscribers) unsubscribe();
    for (const cancel of cancelTimers) cancel();
    cancelTimers.clear();
  };
};

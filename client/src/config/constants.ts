/** Time zone used until `/api/config` answers (and the only one the demo city uses). */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Most alerts the list renders at once; the rest are counted, not drawn. */
export const ALERT_LIST_LIMIT = 200;

/** How long to wait for a socket acknowledgement before treating the request as failed. */
export const SOCKET_ACK_TIMEOUT_MS = 10_000;

import type { ConnectionState } from '../../../lib/connection-state';
import type { MessageKey } from '../../../lib/i18n';

const LABELS: Readonly<Record<ConnectionState, MessageKey>> = {
  connected: 'connection.connected',
  connecting: 'connection.connecting',
  disconnected: 'connection.disconnected',
};

/** Dictionary key of the label for a connection state. */
export const connectionLabelKey = (state: ConnectionState): MessageKey => LABELS[state];

import { useI18n } from '../../../lib/i18n';
import { useConnectionState } from '../../../lib/realtime-context';
import { connectionLabelKey } from '../model/connection-label';

/** Live-link state for the operator, with a stable test hook in `data-state`. */
export const ConnectionIndicator = () => {
  const state = useConnectionState();
  const { t } = useI18n();
  return (
    <output
      className="connection"
      data-testid="connection-status"
      data-state={state}
      aria-live="polite"
    >
      <span className="connection__dot" aria-hidden="true" />
      {t(connectionLabelKey(state))}
    </output>
  );
};

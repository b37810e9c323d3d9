import type { FeedHealthState } from '@city-ioc/shared';
import { useI18n } from '../../../lib/i18n';

/** A feed's health as a coloured label; the text carries the meaning, the colour repeats it. */
export const FeedHealthBadge = ({ state }: { state: FeedHealthState }) => {
  const { t } = useI18n();
  return (
    <span className="health-badge" data-state={state}>
      {t(`feedState.${state}`)}
    </span>
  );
};

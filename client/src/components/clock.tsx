import { formatClock, useI18n } from '../lib/i18n';
import { useNow } from '../lib/use-now';

/** The wall clock in the city's time zone. */
export const Clock = ({ timeZone }: { timeZone: string }) => {
  const { language, t } = useI18n();
  const now = useNow();
  const { time, date } = formatClock(now, language, timeZone);
  return (
    <div className="clock" title={`${t('header.localTime')} (${timeZone})`}>
      <time className="clock__time" dateTime={new Date(now).toISOString()}>
        {time}
      </time>
      <span className="clock__date">{date}</span>
    </div>
  );
};

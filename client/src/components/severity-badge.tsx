import type { Severity } from '@city-ioc/shared';
import { useI18n } from '../lib/i18n';
import { severityCss } from '../lib/severity-palette';

/** A CAP severity as a coloured label; the text carries the meaning, the colour repeats it. */
export const SeverityBadge = ({ severity }: { severity: Severity }) => {
  const { t } = useI18n();
  return (
    <span
      className="severity-badge"
      data-severity={severity}
      style={{ borderColor: severityCss(severity), color: severityCss(severity) }}
    >
      {t(`severity.${severity}`)}
    </span>
  );
};

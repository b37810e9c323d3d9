import type { Alert, LocalizedText } from '@city-ioc/shared';
import { formatNumber, type Language, translate } from '../../../lib/i18n';

/** A localized label in the wanted language; Vietnamese when there is no English. */
export const localized = (text: LocalizedText, language: Language): string =>
  language === 'en' && text.en ? text.en : text.vi;

const withUnit = (value: string, unit: string | null | undefined) =>
  unit ? `${value} ${unit}` : value;

/**
 * The measured value against its threshold, e.g. "152 µg/m³ / ngưỡng 150 µg/m³".
 * Null when the alert carries no value.
 */
export const formatReading = (
  alert: Pick<Alert, 'value' | 'threshold'>,
  language: Language,
  unit?: string | null,
): string | null => {
  if (alert.value === null) return null;
  const value = withUnit(formatNumber(alert.value, language), unit);
  if (alert.threshold === null) return translate(language, 'alerts.value', { value });
  const threshold = withUnit(formatNumber(alert.threshold, language), unit);
  return translate(language, 'alerts.valueVsThreshold', { value, threshold });
};

export {
  DICTIONARY,
  LANGUAGES,
  type Language,
  type MessageKey,
  type MessageParams,
  translate,
} from './dictionary';
export {
  formatAge,
  formatClock,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatShortDateTime,
  LOCALES,
} from './format';
export { useLanguageStore } from './language-store';
export { type I18n, useI18n } from './use-i18n';

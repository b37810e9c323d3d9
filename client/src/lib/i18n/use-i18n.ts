import { useCallback, useMemo } from 'react';
import { type Language, type MessageKey, type MessageParams, translate } from './dictionary';
import { useLanguageStore } from './language-store';

export interface I18n {
  language: Language;
  t: (key: MessageKey, params?: MessageParams) => string;
}

/** The current language and a translate function bound to it. */
export const useI18n = (): I18n => {
  const language = useLanguageStore((state) => state.language);
  const t = useCallback(
    (key: MessageKey, params?: MessageParams) => translate(language, key, params),
    [language],
  );
  return useMemo(() => ({ language, t }), [language, t]);
};

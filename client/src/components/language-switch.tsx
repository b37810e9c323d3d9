import { LANGUAGES, useI18n, useLanguageStore } from '../lib/i18n';

/** VI / EN switch. */
export const LanguageSwitch = () => {
  const { language, t } = useI18n();
  const languageChosen = useLanguageStore((state) => state.languageChosen);
  return (
    <fieldset className="language-switch" aria-label={t('header.language')}>
      {LANGUAGES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          aria-pressed={option === language}
          className={
            option === language ? 'language-switch__option is-active' : 'language-switch__option'
          }
          onClick={() => languageChosen(option)}
        >
          {option.toUpperCase()}
        </button>
      ))}
    </fieldset>
  );
};

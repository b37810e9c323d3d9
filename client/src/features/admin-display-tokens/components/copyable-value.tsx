import { useId, useState } from 'react';
import { useI18n } from '../../../lib/i18n';

/**
 * A value to copy once (a secret, a link), shown as text in a read-only field so it can also
 * be selected by hand when the clipboard is not available (plain http, no permission).
 */
export const CopyableValue = ({
  label,
  value,
  testId,
}: {
  label: string;
  value: string;
  testId?: string;
}) => {
  const { t } = useI18n();
  const id = useId();
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  };
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <div className="revealed-secret__row">
        <input
          id={id}
          className="input input--code"
          readOnly
          value={value}
          onFocus={(event) => event.target.select()}
          data-testid={testId}
        />
        <button type="button" className="button" onClick={() => void copy()}>
          {copyState === 'copied' ? t('form.copied') : t('form.copy')}
        </button>
      </div>
      {copyState === 'failed' ? <span className="field__error">{t('form.copyFailed')}</span> : null}
    </div>
  );
};

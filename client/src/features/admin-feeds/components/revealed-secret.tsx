import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';

/**
 * A credential generated here, shown in clear this once so it can be copied and handed to the
 * sender. The server never shows it again; closing the form forgets it.
 */
export const RevealedSecret = ({ value }: { value: string }) => {
  const { t } = useI18n();
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    // The clipboard needs a secure context and permission (and may be missing altogether):
    // failing is an expected outcome, answered by asking to copy by hand.
    try {
      await navigator.clipboard.writeText(value);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  };
  return (
    <div className="revealed-secret" data-testid="revealed-secret">
      <p className="revealed-secret__note">{t('form.generatedOnce')}</p>
      <div className="revealed-secret__row">
        <code className="revealed-secret__value">{value}</code>
        <button type="button" className="button" onClick={() => void copy()}>
          {copyState === 'copied' ? t('form.copied') : t('form.copy')}
        </button>
      </div>
      {copyState === 'failed' ? <p className="field__error">{t('form.copyFailed')}</p> : null}
    </div>
  );
};

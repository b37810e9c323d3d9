import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import type { FeedFormState } from '../model/feed-form';
import type { FieldErrors } from '../model/form-errors';
import { pushTokenFrom, SECRET_BYTES, webhookSecretFrom } from '../model/secrets';
import { TextField } from './fields';
import { RevealedSecret } from './revealed-secret';

const randomBytes = () => crypto.getRandomValues(new Uint8Array(SECRET_BYTES));

interface WebhookSecretFieldsProps {
  secrets: FeedFormState['secrets'];
  errors: FieldErrors;
  onChange: (secrets: FeedFormState['secrets']) => void;
}

/**
 * Webhook signing secrets, write-only: the stored ones are only counted. Typing (or
 * generating) a new one replaces them when saved; leaving the inputs empty keeps them.
 */
export const WebhookSecretFields = ({ secrets, errors, onChange }: WebhookSecretFieldsProps) => {
  const { t } = useI18n();
  const [revealed, setRevealed] = useState<string | null>(null);
  const hasStored = secrets.configuredCount > 0;
  return (
    <fieldset className="form-section">
      <legend>{t('form.secrets')}</legend>
      {hasStored ? (
        <p className="form-section__status" data-testid="secrets-configured">
          {t('form.secretsConfigured', { count: secrets.configuredCount })}
        </p>
      ) : null}
      <div className="form-grid">
        <TextField
          label={hasStored ? t('form.secretReplace') : t('form.secret')}
          path="config.secrets.0"
          errors={errors}
          type="password"
          autoComplete="new-password"
          value={secrets.replacement}
          onChange={(replacement) => {
            setRevealed(null);
            onChange({ ...secrets, replacement });
          }}
        />
        <TextField
          label={t('form.secondSecret')}
          path="config.secrets.1"
          errors={errors}
          type="password"
          autoComplete="new-password"
          value={secrets.second}
          onChange={(second) => onChange({ ...secrets, second })}
        />
      </div>
      <button
        type="button"
        className="button"
        onClick={() => {
          const secret = webhookSecretFrom(randomBytes());
          setRevealed(secret);
          onChange({ ...secrets, replacement: secret });
        }}
      >
        {t('form.generateSecret')}
      </button>
      {revealed ? <RevealedSecret value={revealed} /> : null}
    </fieldset>
  );
};

interface PushTokenFieldProps {
  token: FeedFormState['token'];
  errors: FieldErrors;
  onChange: (token: FeedFormState['token']) => void;
}

/** The bearer token a pushing system sends, write-only like the webhook secrets. */
export const PushTokenField = ({ token, errors, onChange }: PushTokenFieldProps) => {
  const { t } = useI18n();
  const [revealed, setRevealed] = useState<string | null>(null);
  return (
    <div className="credential">
      {token.isConfigured ? (
        <p className="form-section__status" data-testid="token-configured">
          {t('form.tokenConfigured')}
        </p>
      ) : null}
      <TextField
        label={token.isConfigured ? t('form.tokenReplace') : t('form.token')}
        path="config.token"
        errors={errors}
        type="password"
        autoComplete="new-password"
        value={token.replacement}
        onChange={(replacement) => {
          setRevealed(null);
          onChange({ ...token, replacement });
        }}
      />
      <button
        type="button"
        className="button"
        onClick={() => {
          const value = pushTokenFrom(randomBytes());
          setRevealed(value);
          onChange({ ...token, replacement: value });
        }}
      >
        {t('form.generateToken')}
      </button>
      {revealed ? <RevealedSecret value={revealed} /> : null}
    </div>
  );
};

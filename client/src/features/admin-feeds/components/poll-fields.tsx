import { useI18n } from '../../../lib/i18n';
import type { PollFields as PollFieldsState } from '../model/feed-form';
import type { FieldErrors } from '../model/form-errors';
import { TextField } from './fields';

interface PollFieldsProps {
  poll: PollFieldsState;
  /** Where these fields sit in FeedInput: `config`, `config.poll`, `config.reconcile`. */
  path: string;
  errors: FieldErrors;
  onChange: (poll: PollFieldsState) => void;
  /** The interval's label when it means something else (the retry backoff of a cron poll). */
  intervalLabel?: string;
}

/** URL, interval and timeout of anything the IOC polls. */
export const PollFields = ({ poll, path, errors, onChange, intervalLabel }: PollFieldsProps) => {
  const { t } = useI18n();
  return (
    <div className="form-grid">
      <TextField
        className="field--wide"
        label={t('form.url')}
        path={`${path}.url`}
        errors={errors}
        type="url"
        inputMode="url"
        placeholder="https://"
        value={poll.url}
        onChange={(url) => onChange({ ...poll, url })}
      />
      <TextField
        label={intervalLabel ?? t('form.intervalSeconds')}
        path={`${path}.intervalSeconds`}
        errors={errors}
        inputMode="numeric"
        value={poll.intervalSeconds}
        onChange={(intervalSeconds) => onChange({ ...poll, intervalSeconds })}
      />
      <TextField
        label={t('form.timeoutMs')}
        path={`${path}.timeoutMs`}
        errors={errors}
        inputMode="numeric"
        placeholder="10000"
        value={poll.timeoutMs}
        onChange={(timeoutMs) => onChange({ ...poll, timeoutMs })}
      />
    </div>
  );
};

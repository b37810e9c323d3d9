import { useI18n } from '../../../lib/i18n';
import {
  AUTH_KINDS,
  type AuthFields,
  type AuthKind,
  type FeedFormState,
  HTTP_POLL_FORMATS,
  hasStoredSecret,
  type PollSchedule,
} from '../model/feed-form';
import type { FieldErrors } from '../model/form-errors';
import { SelectField, TextField } from './fields';
import { PollFields } from './poll-fields';

type HttpPoll = FeedFormState['httpPoll'];

interface HttpPollSourceFieldsProps {
  poll: FeedFormState['poll'];
  httpPoll: HttpPoll;
  errors: FieldErrors;
  onPollChange: (poll: FeedFormState['poll']) => void;
  onHttpPollChange: (httpPoll: HttpPoll) => void;
  /** Switching to cron also proposes a cadence, so it goes through the form's own update. */
  onScheduleChange: (schedule: PollSchedule) => void;
}

const SCHEDULES: readonly PollSchedule[] = ['interval', 'cron'];

/** Where an HTTP poll reads, in which format, and when: every N seconds or on a cron schedule. */
export const HttpPollSourceFields = ({
  poll,
  httpPoll,
  errors,
  onPollChange,
  onHttpPollChange,
  onScheduleChange,
}: HttpPollSourceFieldsProps) => {
  const { t } = useI18n();
  const isCron = httpPoll.schedule === 'cron';
  return (
    <fieldset className="form-section">
      <legend>{t('form.source')}</legend>
      <PollFields
        poll={poll}
        path="config"
        errors={errors}
        intervalLabel={isCron ? t('form.retrySeconds') : undefined}
        onChange={onPollChange}
      />
      <div className="form-grid">
        <SelectField
          label={t('form.format')}
          path="config.format"
          errors={errors}
          value={httpPoll.format}
          options={HTTP_POLL_FORMATS.map((format) => ({
            value: format,
            label: t(`format.${format}`),
          }))}
          onChange={(format) =>
            onHttpPollChange({ ...httpPoll, format: format as HttpPoll['format'] })
          }
        />
      </div>
      <fieldset className="radio-fieldset" data-field="schedule">
        <legend className="field__label">{t('form.schedule')}</legend>
        <div className="radio-group">
          {SCHEDULES.map((schedule) => (
            <label key={schedule} className="checkbox">
              <input
                type="radio"
                name="schedule"
                value={schedule}
                checked={httpPoll.schedule === schedule}
                onChange={() => onScheduleChange(schedule)}
              />
              {t(`form.schedule.${schedule}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {isCron ? (
        <div className="form-grid">
          <TextField
            className="field--wide"
            label={t('form.cron')}
            hint={t('form.cronHint')}
            path="config.cron"
            errors={errors}
            placeholder="30 16 * * 1-5"
            value={httpPoll.cron}
            onChange={(cron) => onHttpPollChange({ ...httpPoll, cron })}
          />
        </div>
      ) : null}
    </fieldset>
  );
};

interface HttpAuthFieldsProps {
  auth: AuthFields;
  errors: FieldErrors;
  onChange: (auth: AuthFields) => void;
}

/**
 * How the IOC authenticates to a polled source. Secrets are write-only: on an edit their inputs
 * start empty, say the server holds one, and an input left empty keeps it.
 */
export const HttpAuthFields = ({ auth, errors, onChange }: HttpAuthFieldsProps) => {
  const { t } = useI18n();
  const isStored = hasStoredSecret(auth);
  const secretPlaceholder = isStored ? t('form.secretStored') : undefined;
  const headerRenamed = auth.kind === 'header' && auth.stored?.kind === 'header' && !isStored;
  const secretProps = {
    errors,
    type: 'password' as const,
    autoComplete: 'new-password',
    placeholder: secretPlaceholder,
  };
  return (
    <fieldset className="form-section" data-testid="http-auth">
      <legend>{t('form.auth')}</legend>
      <div className="form-grid">
        <SelectField
          className="field--wide"
          label={t('form.auth.kind')}
          path="config.auth.kind"
          errors={errors}
          value={auth.kind}
          options={AUTH_KINDS.map((kind) => ({ value: kind, label: t(`auth.${kind}`) }))}
          onChange={(kind) => onChange({ ...auth, kind: kind as AuthKind })}
        />
        {auth.kind === 'header' ? (
          <>
            <TextField
              label={t('form.auth.headerName')}
              path="config.auth.name"
              errors={errors}
              placeholder="X-API-Key"
              value={auth.headerName}
              onChange={(headerName) => onChange({ ...auth, headerName })}
            />
            <TextField
              {...secretProps}
              label={t('form.auth.headerValue')}
              hint={headerRenamed ? t('form.auth.reenterValue') : undefined}
              path="config.auth.value"
              value={auth.headerValue}
              onChange={(headerValue) => onChange({ ...auth, headerValue })}
            />
          </>
        ) : null}
        {auth.kind === 'basic' ? (
          <>
            <TextField
              label={t('form.auth.username')}
              path="config.auth.username"
              errors={errors}
              value={auth.username}
              onChange={(username) => onChange({ ...auth, username })}
            />
            <TextField
              {...secretProps}
              label={t('form.auth.password')}
              path="config.auth.password"
              value={auth.password}
              onChange={(password) => onChange({ ...auth, password })}
            />
          </>
        ) : null}
        {auth.kind === 'bearer' ? (
          <TextField
            {...secretProps}
            className="field--wide"
            label={t('form.auth.token')}
            path="config.auth.token"
            value={auth.token}
            onChange={(token) => onChange({ ...auth, token })}
          />
        ) : null}
      </div>
    </fieldset>
  );
};

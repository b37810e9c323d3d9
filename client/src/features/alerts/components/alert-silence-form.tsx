import type { Alert } from '@city-ioc/shared';
import { type FormEvent, useId, useState } from 'react';
import { formatShortDateTime, type I18n } from '../../../lib/i18n';
import { useSilenceSimilar } from '../api/alert-detail';
import { SILENCE_DURATIONS_MINUTES, similarAlertMatchers } from '../model/alert-sop';

interface AlertSilenceFormProps {
  alert: Alert;
  timeZone: string;
  i18n: I18n;
}

/**
 * "Silence similar alerts": holds back the notifications of alerts of the same rule, area and
 * department for 1, 4 or 24 hours, with a reason. The alerts stay listed and shown. Only offered
 * for alerts that may be silenced (never an Extreme one, which the server refuses anyway).
 */
export const AlertSilenceForm = ({ alert, timeZone, i18n }: AlertSilenceFormProps) => {
  const { language, t } = i18n;
  const formId = useId();
  const [isOpen, setIsOpen] = useState(false);
  const [minutes, setMinutes] = useState(SILENCE_DURATIONS_MINUTES[0] ?? 60);
  const [reason, setReason] = useState('');
  const [isAttempted, setIsAttempted] = useState(false);
  const silence = useSilenceSimilar(alert.id);
  const isReasonMissing = reason.trim() === '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setIsAttempted(true);
    if (isReasonMissing || silence.isPending) return;
    silence.mutate(
      { matchers: similarAlertMatchers(alert), durationMinutes: minutes, reason: reason.trim() },
      { onSuccess: () => setIsOpen(false) },
    );
  };

  if (!isOpen) {
    return (
      <div className="alert-detail__row">
        <button
          type="button"
          className="button"
          data-testid="alert-silence-open"
          onClick={() => {
            silence.reset();
            setIsOpen(true);
          }}
        >
          {t('silence.action')}
        </button>
        {silence.data ? (
          <span className="alert-detail__muted" role="status">
            {t('silence.done', {
              time: formatShortDateTime(silence.data.endsAt, language, timeZone),
            })}
          </span>
        ) : null}
      </div>
    );
  }
  return (
    <form
      className="alert-detail__section alert-silence"
      aria-labelledby={`${formId}-title`}
      data-testid="alert-silence-form"
      noValidate
      onSubmit={submit}
    >
      <h3 id={`${formId}-title`} className="alert-detail__heading">
        {t('silence.title')}
      </h3>
      <p className="alert-detail__muted">{t('silence.scope')}</p>
      <p className="alert-detail__muted">{t('silence.hint')}</p>
      <fieldset className="alert-silence__durations">
        <legend className="field__label">{t('silence.duration')}</legend>
        {SILENCE_DURATIONS_MINUTES.map((option) => (
          <label key={option} className="alert-silence__duration">
            <input
              type="radio"
              name={`${formId}-duration`}
              value={option}
              checked={minutes === option}
              onChange={() => setMinutes(option)}
            />
            {t('silence.hours', { count: option / 60 })}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${formId}-reason`} className="field__label">
          {t('silence.reason')}
        </label>
        <input
          id={`${formId}-reason`}
          className="input"
          data-testid="alert-silence-reason"
          maxLength={500}
          value={reason}
          aria-invalid={isAttempted && isReasonMissing ? 'true' : undefined}
          onChange={(event) => setReason(event.target.value)}
        />
        {isAttempted && isReasonMissing ? (
          <span className="field__error">{t('silence.reasonRequired')}</span>
        ) : null}
      </div>
      <p className="alert-detail__muted">{t('silence.extremeNever')}</p>
      <div className="alert-detail__actions">
        <button
          type="submit"
          className="button button--primary"
          data-testid="alert-silence-submit"
          disabled={silence.isPending}
        >
          {silence.isPending ? t('silence.submitting') : t('silence.submit')}
        </button>
        <button type="button" className="button button--quiet" onClick={() => setIsOpen(false)}>
          {t('silence.close')}
        </button>
      </div>
      {silence.isError ? (
        <span className="field__error" role="alert">
          {t('silence.failed', { message: silence.error.message })}
        </span>
      ) : null}
    </form>
  );
};

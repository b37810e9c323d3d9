import type { AlertSopStep } from '@city-ioc/shared';
import { useId, useMemo } from 'react';
import { formatDateTime, type I18n } from '../../../lib/i18n';
import { useSetSopStep } from '../api/alert-detail';
import { localized } from '../model/alert-format';
import { orderedSop } from '../model/alert-sop';

interface AlertSopChecklistProps {
  alertId: string;
  steps: readonly AlertSopStep[];
  /** Whether the principal may tick steps now (acts on alerts, alert not closed). */
  canTick: boolean;
  isClosed: boolean;
  timeZone: string;
  i18n: I18n;
}

/**
 * The rule's standard operating procedure for this alert: each step with who ticked it off and
 * when (city time). Those who act on alerts tick and untick; the others read. Step texts come
 * from the rule and are rendered as text.
 */
export const AlertSopChecklist = ({
  alertId,
  steps,
  canTick,
  isClosed,
  timeZone,
  i18n,
}: AlertSopChecklistProps) => {
  const { language, t } = i18n;
  const headingId = useId();
  const setStep = useSetSopStep(alertId);
  const ordered = useMemo(() => orderedSop(steps), [steps]);
  if (ordered.length === 0) return null;
  const done = ordered.filter((s) => s.doneAt !== null).length;

  return (
    <section
      className="alert-detail__section"
      aria-labelledby={headingId}
      data-testid="alert-sop"
      data-done={done}
    >
      <h3 id={headingId} className="alert-detail__heading">
        {t('alertSop.title', { done, total: ordered.length })}
      </h3>
      {isClosed ? <p className="alert-detail__muted">{t('alertSop.closed')}</p> : null}
      <ol className="alert-sop">
        {ordered.map((step) => {
          const isDone = step.doneAt !== null;
          const isPending = setStep.isPending && setStep.variables?.idx === step.idx;
          return (
            <li
              key={step.idx}
              className={isDone ? 'alert-sop__step alert-sop__step--done' : 'alert-sop__step'}
              data-testid="alert-sop-step"
              data-idx={step.idx}
              data-done={isDone ? 'true' : 'false'}
            >
              <label className="alert-sop__label">
                <input
                  type="checkbox"
                  checked={isDone}
                  disabled={!canTick || isPending}
                  onChange={(event) =>
                    setStep.mutate({ idx: step.idx, done: event.target.checked })
                  }
                />
                <span className="alert-sop__text">{localized(step.text, language)}</span>
              </label>
              {isDone && step.doneAt ? (
                <span className="alert-sop__who" data-testid="alert-sop-done-by">
                  {t('alertSop.doneBy', {
                    name: step.doneBy?.name ?? t('alertDetail.system'),
                    time: formatDateTime(step.doneAt, language, timeZone),
                  })}
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
      {setStep.isError ? (
        <span className="field__error" role="alert">
          {t('alertSop.failed', { message: setStep.error.message })}
        </span>
      ) : null}
    </section>
  );
};

import type { Alert } from '@city-ioc/shared';
import type { I18n } from '../../../lib/i18n';
import {
  LIFECYCLE_STEPS,
  lifecycleStep,
  lifecycleStepIndex,
  lifecycleStepLabelKey,
  stepState,
} from '../model/alert-lifecycle';

interface AlertLifecycleStepperProps {
  alert: Pick<Alert, 'status' | 'closedAt'>;
  i18n: I18n;
}

/** Mở → Đã xác nhận → Đang xử lý → Đã xử lý → Đã đóng, with the alert's step marked. */
export const AlertLifecycleStepper = ({ alert, i18n: { t } }: AlertLifecycleStepperProps) => {
  const current = lifecycleStepIndex(alert);
  return (
    <ol
      className="alert-stepper"
      data-testid="alert-detail-status"
      data-status={lifecycleStep(alert)}
      aria-label={t('alertDetail.lifecycle')}
    >
      {LIFECYCLE_STEPS.map((step, index) => (
        <li
          key={step}
          className="alert-stepper__step"
          data-step={step}
          data-state={stepState(index, current)}
          aria-current={index === current ? 'step' : undefined}
        >
          <span className="alert-stepper__dot" aria-hidden="true">
            {index + 1}
          </span>
          <span className="alert-stepper__label">{t(lifecycleStepLabelKey(step))}</span>
        </li>
      ))}
    </ol>
  );
};

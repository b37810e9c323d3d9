import { SEVERITY_ORDER, type WebhookSubscription } from '@city-ioc/shared';
import { type FormEvent, useId, useState } from 'react';
import { CheckboxGroup } from '../../../components/checkbox-group';
import { ApiError } from '../../../lib/api-client';
import { useI18n } from '../../../lib/i18n';
import { CopyableValue } from '../../admin-display-tokens/components/copyable-value';
import { SelectField, type SelectOption, TextField } from '../../admin-feeds/components/fields';
import { type FieldErrors, fieldErrorsFromServer } from '../../admin-feeds/model/form-errors';
import { useCreateWebhook, useUpdateWebhook } from '../api/webhooks';
import {
  EVENT_TYPES,
  emptyWebhookForm,
  eventTypeLabel,
  validateWebhookForm,
  type WebhookFormState,
  webhookFormOf,
} from '../model/webhooks';

interface WebhookFormProps {
  departments: readonly SelectOption[];
  /** The subscription to edit; none to create one. */
  webhook: WebhookSubscription | null;
  onClose: () => void;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Creates or edits a webhook subscription. After creating, shows the signing secret exactly
 * once: the API never returns it again. Closing the panel forgets it.
 */
export const WebhookForm = ({ departments, webhook, onClose }: WebhookFormProps) => {
  const { language, t } = useI18n();
  const titleId = useId();
  const [form, setForm] = useState<WebhookFormState>(() =>
    webhook ? webhookFormOf(webhook) : emptyWebhookForm(),
  );
  const [isAttempted, setIsAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const save = webhook ? update : create;
  const validation = isAttempted ? validateWebhookForm(form) : null;
  const errors: FieldErrors = {
    ...serverErrors,
    ...(validation && !validation.ok ? validation.errors : {}),
  };

  const set = <K extends keyof WebhookFormState>(key: K, value: WebhookFormState[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setServerErrors({});
    if (save.isError) save.reset();
  };

  const onServerError = (error: unknown) =>
    setServerErrors(fieldErrorsFromServer(error instanceof ApiError ? error.issues : []));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setIsAttempted(true);
    const result = validateWebhookForm(form);
    if (!result.ok || create.isPending || update.isPending) return;
    if (webhook) {
      update.mutate(
        { id: webhook.id, input: result.input },
        { onSuccess: onClose, onError: onServerError },
      );
    } else {
      create.mutate(result.input, { onError: onServerError });
    }
  };

  if (create.data) {
    const { subscription, secret } = create.data;
    return (
      <section className="feed-form" aria-labelledby={titleId} data-testid="webhook-created">
        <div className="feed-form__header">
          <h2 id={titleId}>{t('webhooks.created', { name: subscription.name })}</h2>
        </div>
        <p className="revealed-secret__note" role="alert">
          {t('webhooks.onceWarning')}
        </p>
        <CopyableValue label={t('webhooks.secret')} value={secret} testId="webhook-secret" />
        <div className="feed-form__actions">
          <button type="button" className="button button--primary" onClick={onClose}>
            {t('webhooks.done')}
          </button>
        </div>
      </section>
    );
  }

  const severityOptions = SEVERITY_ORDER.map((severity) => ({
    value: severity,
    label: t(`severity.${severity}`),
  }));
  const eventOptions = EVENT_TYPES.map((type) => ({
    value: type,
    label: eventTypeLabel(type, language),
  }));

  return (
    <form
      className="feed-form"
      aria-labelledby={titleId}
      data-testid="webhook-form"
      noValidate
      onSubmit={submit}
    >
      <div className="feed-form__header">
        <h2 id={titleId}>
          {webhook ? t('webhooks.editTitle', { name: webhook.name }) : t('webhooks.createTitle')}
        </h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t('form.close')}
        </button>
      </div>
      <div className="form-grid">
        <TextField
          className="field--wide"
          label={t('webhooks.name')}
          hint={t('webhooks.nameHint')}
          path="name"
          errors={errors}
          value={form.name}
          onChange={(value) => set('name', value)}
        />
        <TextField
          className="field--wide"
          label={t('webhooks.url')}
          hint={t('webhooks.urlHint')}
          path="url"
          type="url"
          inputMode="url"
          placeholder="https://"
          errors={errors}
          value={form.url}
          onChange={(value) => set('url', value)}
        />
        <TextField
          className="field--wide"
          label={t('webhooks.secret')}
          hint={webhook ? t('webhooks.secretHintEdit') : t('webhooks.secretHintCreate')}
          path="secret"
          type="password"
          autoComplete="new-password"
          errors={errors}
          value={form.secret}
          onChange={(value) => set('secret', value)}
        />
        <SelectField
          label={t('webhooks.minSeverity')}
          path="minSeverity"
          errors={errors}
          value={form.minSeverity}
          options={severityOptions}
          onChange={(value) => set('minSeverity', value as WebhookFormState['minSeverity'])}
        />
        <CheckboxGroup
          legend={t('webhooks.departments')}
          path="departmentIds"
          options={departments}
          selected={form.departmentIds}
          onChange={(ids) => set('departmentIds', ids)}
          hint={t('webhooks.departmentsHint')}
        />
        <CheckboxGroup
          legend={t('webhooks.eventTypes')}
          path="eventTypes"
          options={eventOptions}
          selected={form.eventTypes}
          onChange={(types) => set('eventTypes', types as WebhookFormState['eventTypes'])}
          hint={t('webhooks.eventTypesHint')}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            name="enabled"
            checked={form.enabled}
            onChange={(event) => set('enabled', event.target.checked)}
          />
          {t('webhooks.enabled')}
        </label>
      </div>
      <div className="feed-form__footer">
        {save.isError ? (
          <p className="form-alert" role="alert">
            {t('form.serverError', { message: messageOf(save.error) })}
          </p>
        ) : null}
        <div className="feed-form__actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={save.isPending}
            data-testid="webhook-save"
          >
            {webhook
              ? save.isPending
                ? t('webhooks.saving')
                : t('webhooks.save')
              : save.isPending
                ? t('webhooks.creating')
                : t('webhooks.create')}
          </button>
        </div>
      </div>
    </form>
  );
};

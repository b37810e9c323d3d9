import { type FormEvent, useId, useState } from 'react';
import { CheckboxGroup } from '../../../components/checkbox-group';
import { ApiError } from '../../../lib/api-client';
import { useI18n } from '../../../lib/i18n';
import { type SelectOption, TextField } from '../../admin-feeds/components/fields';
import { type FieldErrors, fieldErrorsFromServer } from '../../admin-feeds/model/form-errors';
import { useCreateDisplayToken } from '../api/display-tokens';
import {
  type DisplayTokenFormState,
  displaySignInUrl,
  emptyDisplayTokenForm,
  validateDisplayTokenForm,
} from '../model/display-tokens';
import { CopyableValue } from './copyable-value';

interface DisplayTokenFormProps {
  departments: readonly SelectOption[];
  /** The origin the screen will open (this page's own). */
  origin: string;
  onClose: () => void;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Creates a wall screen's token, then shows the token and its sign-in link exactly once: the
 * server keeps only a hash. Closing the panel forgets them.
 */
export const DisplayTokenForm = ({ departments, origin, onClose }: DisplayTokenFormProps) => {
  const { t } = useI18n();
  const titleId = useId();
  const [form, setForm] = useState<DisplayTokenFormState>(emptyDisplayTokenForm);
  const [isAttempted, setIsAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const create = useCreateDisplayToken();
  const validation = isAttempted ? validateDisplayTokenForm(form) : null;
  const errors: FieldErrors = {
    ...serverErrors,
    ...(validation && !validation.ok ? validation.errors : {}),
  };

  const set = <K extends keyof DisplayTokenFormState>(key: K, value: DisplayTokenFormState[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setServerErrors({});
    if (create.isError) create.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setIsAttempted(true);
    const result = validateDisplayTokenForm(form);
    if (!result.ok || create.isPending) return;
    create.mutate(result.input, {
      onError: (error) =>
        setServerErrors(fieldErrorsFromServer(error instanceof ApiError ? error.issues : [])),
    });
  };

  if (create.data) {
    const { displayToken, token } = create.data;
    return (
      <section className="feed-form" aria-labelledby={titleId} data-testid="display-token-created">
        <div className="feed-form__header">
          <h2 id={titleId}>{t('displays.created', { name: displayToken.name })}</h2>
        </div>
        <p className="revealed-secret__note" role="alert">
          {t('displays.onceWarning')}
        </p>
        <CopyableValue
          label={t('displays.url')}
          value={displaySignInUrl(origin, token)}
          testId="display-token-url"
        />
        <CopyableValue label={t('displays.token')} value={token} testId="display-token-secret" />
        <div className="feed-form__actions">
          <button type="button" className="button button--primary" onClick={onClose}>
            {t('displays.done')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <form
      className="feed-form"
      aria-labelledby={titleId}
      data-testid="display-token-form"
      noValidate
      onSubmit={submit}
    >
      <div className="feed-form__header">
        <h2 id={titleId}>{t('displays.createTitle')}</h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t('form.close')}
        </button>
      </div>
      <div className="form-grid">
        <TextField
          className="field--wide"
          label={t('displays.name')}
          hint={t('displays.nameHint')}
          path="name"
          errors={errors}
          value={form.name}
          onChange={(value) => set('name', value)}
        />
        <CheckboxGroup
          legend={t('displays.departments')}
          path="departmentIds"
          options={departments}
          selected={form.departmentIds}
          onChange={(ids) => set('departmentIds', ids)}
          hint={t('displays.departmentsHint')}
          error={
            errors.departmentIds
              ? t(errors.departmentIds.key, errors.departmentIds.params)
              : undefined
          }
        />
      </div>
      <div className="feed-form__footer">
        {create.isError ? (
          <p className="form-alert" role="alert">
            {t('form.serverError', { message: messageOf(create.error) })}
          </p>
        ) : null}
        <div className="feed-form__actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={create.isPending}
            data-testid="display-token-create"
          >
            {create.isPending ? t('displays.creating') : t('displays.create')}
          </button>
        </div>
      </div>
    </form>
  );
};

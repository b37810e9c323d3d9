import type { Silence } from '@city-ioc/shared';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { formatShortDateTime, useI18n } from '../../../lib/i18n';
import type { SelectOption } from '../../admin-feeds/components/fields';
import { silencesQueryOptions, useCancelSilence, useCreateSilence } from '../api/silences';
import {
  describeMatchers,
  emptyMaintenanceForm,
  type MaintenanceFormState,
  maintenanceRequest,
  splitSilences,
} from '../model/silence-form';

interface SilencesScreenProps {
  departments: readonly SelectOption[];
  timeZone: string;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Silences and maintenance windows: those in force or planned, those that ended, and the form
 * that plans a window. Every text from the server (reasons, names) is rendered as text.
 */
export const SilencesScreen = ({ departments, timeZone }: SilencesScreenProps) => {
  const { language, t } = useI18n();
  const { data, isError } = useQuery(silencesQueryOptions());
  const cancel = useCancelSilence();
  const names = useMemo(() => new Map(departments.map((o) => [o.value, o.label])), [departments]);
  const { current, past } = useMemo(() => splitSilences(data ?? []), [data]);
  const time = (iso: string) => formatShortDateTime(iso, language, timeZone);

  const table = (rows: Silence[], testId: string, canCancel: boolean) =>
    rows.length === 0 ? (
      <p className="admin-panel__note">{t('silences.empty')}</p>
    ) : (
      <div className="table-scroll">
        <table className="data-table" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">{t('silences.matchers')}</th>
              <th scope="col">{t('silences.period')}</th>
              <th scope="col">{t('silences.reason')}</th>
              <th scope="col">{t('silences.createdBy')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id} data-testid="silence-row" data-state={s.state}>
                <td>
                  <span className="silenced-badge">{t(`silences.kind.${s.kind}`)}</span>{' '}
                  {describeMatchers(s.matchers, (id) => names.get(id) ?? id)}
                </td>
                <td>
                  {time(s.startsAt)} – {time(s.endsAt)}
                  <br />
                  <span className="admin-panel__note">{t(`silences.state.${s.state}`)}</span>
                </td>
                <td>{s.reason}</td>
                <td>{s.createdByName}</td>
                <td>
                  {canCancel ? (
                    <button
                      type="button"
                      className="button"
                      disabled={cancel.isPending}
                      onClick={() => cancel.mutate(s.id)}
                    >
                      {t('silences.cancel')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );

  return (
    <main className="admin" aria-label={t('nav.adminSilences')}>
      <div className="admin__main">
        <section className="admin-panel" aria-labelledby="silences-title">
          <div className="admin-panel__header">
            <h2 id="silences-title">{t('silences.active')}</h2>
          </div>
          <p className="admin-panel__intro">{t('silence.hint')}</p>
          <p className="admin-panel__intro">{t('silence.extremeNever')}</p>
          {isError && !data ? (
            <p className="admin-panel__note" role="alert">
              {t('silences.loadFailed')}
            </p>
          ) : null}
          {cancel.isError ? (
            <p className="form-alert" role="alert">
              {t('silences.cancelFailed', { message: messageOf(cancel.error) })}
            </p>
          ) : null}
          {data ? table(current, 'silences-current', true) : null}
        </section>
        <section className="admin-panel" aria-labelledby="silences-past-title">
          <div className="admin-panel__header">
            <h2 id="silences-past-title">{t('silences.past')}</h2>
          </div>
          {data ? table(past, 'silences-past', false) : null}
        </section>
      </div>
      <aside className="admin__editor" aria-label={t('silences.createTitle')}>
        <MaintenanceForm departments={departments} />
      </aside>
    </main>
  );
};

/** Plans a maintenance window: department (required), rule and area (optional), start, end. */
const MaintenanceForm = ({ departments }: { departments: readonly SelectOption[] }) => {
  const { t } = useI18n();
  const id = useId();
  const [form, setForm] = useState<MaintenanceFormState>(emptyMaintenanceForm);
  const [isAttempted, setIsAttempted] = useState(false);
  const create = useCreateSilence();
  const request = maintenanceRequest(form);
  const set = (key: keyof MaintenanceFormState, value: string) =>
    setForm((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setIsAttempted(true);
    if (!request || create.isPending) return;
    create.mutate(request, {
      onSuccess: () => {
        setForm(emptyMaintenanceForm);
        setIsAttempted(false);
      },
    });
  };
  const field = (key: keyof MaintenanceFormState, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`${id}-${key}`} className="field__label">
        {label}
      </label>
      <input
        id={`${id}-${key}`}
        className="input"
        type={type}
        data-testid={`maintenance-${key}`}
        value={form[key]}
        onChange={(event) => set(key, event.target.value)}
      />
    </div>
  );

  return (
    <form className="feed-form" data-testid="maintenance-form" noValidate onSubmit={submit}>
      <div className="feed-form__header">
        <h2>{t('silences.createTitle')}</h2>
      </div>
      <div className="field">
        <label htmlFor={`${id}-department`} className="field__label">
          {t('silences.department')}
        </label>
        <select
          id={`${id}-department`}
          className="input"
          data-testid="maintenance-departmentId"
          value={form.departmentId}
          onChange={(event) => set('departmentId', event.target.value)}
        >
          <option value="" />
          {departments.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      {field('ruleId', t('silences.ruleId'))}
      {field('areaId', t('silences.areaId'))}
      {field('startsAt', t('silences.startsAt'), 'datetime-local')}
      {field('endsAt', t('silences.endsAt'), 'datetime-local')}
      {field('reason', t('silences.reason'))}
      {isAttempted && !request ? (
        <p className="field__error" role="alert">
          {t('silences.invalid')}
        </p>
      ) : null}
      {create.isError ? (
        <p className="form-alert" role="alert">
          {t('silences.createFailed', { message: messageOf(create.error) })}
        </p>
      ) : null}
      <div className="feed-form__actions">
        <button
          type="submit"
          className="button button--primary"
          data-testid="maintenance-create"
          disabled={create.isPending}
        >
          {create.isPending ? t('silences.creating') : t('silences.create')}
        </button>
      </div>
    </form>
  );
};

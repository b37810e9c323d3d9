import type { AdminRule } from '@city-ioc/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { SeverityBadge } from '../../../components/severity-badge';
import { type Language, useI18n } from '../../../lib/i18n';
import { adminRulesQueryOptions } from '../api/admin-rule-queries';
import { useDeleteRule } from '../api/delete-rule';
import { useSetRuleEnabled } from '../api/set-rule-enabled';
import { useAdminRulesViewStore } from '../store';
import type { Option } from './field';

interface RuleTableProps {
  departments: readonly Option[];
  indicators: readonly Option[];
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

const nameOf = (rule: AdminRule['rule'], language: Language) =>
  language === 'en' ? (rule.name.en ?? rule.name.vi) : rule.name.vi;

/** Every rule, with its state counts and the actions on it. */
export const RuleTable = ({ departments, indicators }: RuleTableProps) => {
  const { language, t } = useI18n();
  const { data: rules, isPending, isError, error } = useQuery(adminRulesQueryOptions());
  const editor = useAdminRulesViewStore((state) => state.editor);
  const createStarted = useAdminRulesViewStore((state) => state.createStarted);
  const editStarted = useAdminRulesViewStore((state) => state.editStarted);
  const editorClosed = useAdminRulesViewStore((state) => state.editorClosed);
  const savedRuleName = useAdminRulesViewStore((state) => state.savedRuleName);
  const setEnabled = useSetRuleEnabled();
  const deleteRule = useDeleteRule();
  const [pendingDelete, setPendingDelete] = useState<AdminRule | null>(null);

  const labels = useMemo(
    () => new Map([...departments, ...indicators].map((o) => [o.value, o.label])),
    [departments, indicators],
  );
  const label = (id: string) => labels.get(id) ?? id;
  const actionError = setEnabled.error ?? deleteRule.error;

  const confirmDelete = () => {
    if (!pendingDelete) return;
    const ruleId = pendingDelete.rule.id;
    deleteRule.mutate(ruleId, {
      onSettled: () => setPendingDelete(null),
      onSuccess: () => {
        if (editor?.kind === 'edit' && editor.ruleId === ruleId) editorClosed();
      },
    });
  };

  return (
    <section className="admin-panel" aria-labelledby="admin-rules-title">
      <div className="admin-panel__header">
        <h2 id="admin-rules-title">{t('rules.title')}</h2>
        {rules ? (
          <span className="admin-panel__count">{t('rules.count', { count: rules.length })}</span>
        ) : null}
        <button
          type="button"
          className="button button--primary admin-panel__action"
          data-testid="rule-add"
          onClick={createStarted}
        >
          {t('rules.add')}
        </button>
      </div>
      <p className="admin-panel__intro">{t('rules.intro')}</p>
      {savedRuleName ? (
        <p className="form-notice" role="status" data-testid="rule-saved">
          {t('rules.saved', { name: savedRuleName })}
        </p>
      ) : null}
      {actionError ? (
        <p className="form-alert" role="alert">
          {t('rules.actionFailed', { message: messageOf(actionError) })}
        </p>
      ) : null}
      {isPending ? <p className="admin-panel__note">{t('rules.loading')}</p> : null}
      {isError && !rules ? (
        <p className="admin-panel__note" role="alert">
          {t('rules.loadFailed', { message: messageOf(error) })}
        </p>
      ) : null}
      {rules && rules.length === 0 ? <p className="admin-panel__note">{t('rules.empty')}</p> : null}
      {rules && rules.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" data-testid="rule-table">
            <thead>
              <tr>
                <th scope="col">{t('rules.col.name')}</th>
                <th scope="col">{t('rules.col.kind')}</th>
                <th scope="col">{t('rules.col.department')}</th>
                <th scope="col">{t('rules.col.indicator')}</th>
                <th scope="col">{t('rules.col.severity')}</th>
                <th scope="col">{t('rules.col.enabled')}</th>
                <th scope="col">{t('rules.col.states')}</th>
                <th scope="col" className="data-table__actions">
                  {t('rules.col.actions')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map(({ rule, states }) => {
                const name = nameOf(rule, language);
                const isBusy =
                  (setEnabled.isPending && setEnabled.variables?.ruleId === rule.id) ||
                  (deleteRule.isPending && deleteRule.variables === rule.id);
                return (
                  <tr
                    key={rule.id}
                    data-testid="rule-row"
                    data-rule-id={rule.id}
                    data-threshold={rule.params.threshold}
                    aria-current={
                      editor?.kind === 'edit' && editor.ruleId === rule.id ? 'true' : undefined
                    }
                  >
                    <th scope="row" className="data-table__name">
                      <span>{name}</span>
                      <span className="data-table__id">{rule.id}</span>
                    </th>
                    <td className="data-table__nowrap">{t(`ruleKind.${rule.kind}`)}</td>
                    <td className="data-table__department">{label(rule.departmentId)}</td>
                    <td>{label(rule.indicatorId)}</td>
                    <td>
                      <SeverityBadge severity={rule.severity} />
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        data-testid="rule-enabled"
                        aria-label={t('rules.toggle', { name })}
                        checked={rule.enabled}
                        disabled={isBusy}
                        onChange={(event) =>
                          setEnabled.mutate({ ruleId: rule.id, enabled: event.target.checked })
                        }
                      />
                    </td>
                    <td data-testid="rule-states">
                      {t('rules.states', { firing: states.firing, pending: states.pending })}
                    </td>
                    <td className="data-table__actions">
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button"
                          data-testid="rule-edit"
                          onClick={() => editStarted(rule.id)}
                        >
                          {t('rules.edit')}
                        </button>
                        <button
                          type="button"
                          className="button button--danger"
                          disabled={isBusy}
                          onClick={() => {
                            deleteRule.reset();
                            setPendingDelete({ rule, states });
                          }}
                        >
                          {t('rules.delete')}
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {pendingDelete ? (
        <ConfirmDialog
          title={t('rules.confirmDelete.title')}
          message={t('rules.confirmDelete.body', { name: nameOf(pendingDelete.rule, language) })}
          confirmLabel={t('rules.delete')}
          cancelLabel={t('rules.cancel')}
          isBusy={deleteRule.isPending}
          onConfirm={confirmDelete}
          onCancel={() => setPendingDelete(null)}
        />
      ) : null}
    </section>
  );
};

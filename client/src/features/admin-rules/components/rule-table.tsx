import type { AdminRule } from '@city-ioc/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { AdminPanel } from '../../../components/admin-panel';
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
    <AdminPanel
      titleId="admin-rules-title"
      title={t('rules.title')}
      count={rules ? t('rules.count', { count: rules.length }) : null}
      add={{ label: t('rules.add'), testId: 'rule-add', onClick: createStarted }}
      intro={t('rules.intro')}
      saved={
        savedRuleName
          ? { text: t('rules.saved', { name: savedRuleName }), testId: 'rule-saved' }
          : null
      }
      actionError={
        actionError ? t('rules.actionFailed', { message: messageOf(actionError) }) : null
      }
      loading={isPending ? t('rules.loading') : null}
      loadError={isError && !rules ? t('rules.loadFailed', { message: messageOf(error) }) : null}
      empty={rules && rules.length === 0 ? t('rules.empty') : null}
    >
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
    </AdminPanel>
  );
};

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { RuleEditorPanel } from '../features/admin-rules/components/rule-editor-panel';
import { RuleTable } from '../features/admin-rules/components/rule-table';
import { localized } from '../features/alerts/model/alert-format';
import { departmentsQueryOptions } from '../features/city/api/city-queries';
import { useI18n } from '../lib/i18n';
import { useReferenceData } from './reference-data';
import { Region } from './region';

const sortedBy = (language: string) => (a: { label: string }, b: { label: string }) =>
  a.label.localeCompare(b.label, language);

/**
 * The administrators' alert rule screen: the rules with their state counts, and the editor
 * with its 24-hour back-test. Departments, indicators and wards come from the reference data.
 */
export const AdminRulesView = ({ timeZone }: { timeZone: string }) => {
  const { language, t } = useI18n();
  const { indicators, areas } = useReferenceData();
  const { data: departmentList } = useQuery(departmentsQueryOptions());

  const departments = useMemo(
    () =>
      (departmentList ?? [])
        .map((d) => ({ value: d.id, label: localized(d.name, language) }))
        .sort(sortedBy(language)),
    [departmentList, language],
  );
  const indicatorOptions = useMemo(
    () =>
      indicators
        .map((i) => ({ value: i.id, label: `${localized(i.name, language)} (${i.id})` }))
        .sort(sortedBy(language)),
    [indicators, language],
  );
  const wardOptions = useMemo(
    () =>
      areas
        .map((a) => ({ value: a.id, label: language === 'en' && a.nameEn ? a.nameEn : a.name }))
        .sort(sortedBy(language)),
    [areas, language],
  );

  return (
    <main className="admin" aria-label={t('nav.adminRules')}>
      <div className="admin__main">
        <Region name="adminRules">
          <RuleTable departments={departments} indicators={indicatorOptions} />
        </Region>
      </div>
      <aside className="admin__editor admin__editor--wide" aria-label={t('region.ruleForm')}>
        <Region name="ruleForm">
          <RuleEditorPanel
            departments={departments}
            indicators={indicatorOptions}
            areas={wardOptions}
            timeZone={timeZone}
          />
        </Region>
      </aside>
    </main>
  );
};

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { SelectOption } from '../features/admin-feeds/components/fields';
import { localized } from '../features/alerts/model/alert-format';
import { departmentsQueryOptions } from '../features/city/api/city-queries';
import { useI18n } from '../lib/i18n';

/** The city's departments as choices, by name in the UI language. */
export const useDepartmentOptions = (): readonly SelectOption[] => {
  const { language } = useI18n();
  const { data } = useQuery(departmentsQueryOptions());
  return useMemo(
    () =>
      (data ?? [])
        .map((department) => ({
          value: department.id,
          label: localized(department.name, language),
        }))
        .sort((a, b) => a.label.localeCompare(b.label, language)),
    [data, language],
  );
};

import type { Alert } from '@city-ioc/shared';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { AlertList } from '../features/alerts/components/alert-list';
import type { AlertContextLookup } from '../features/alerts/model/alert-context';
import { localized } from '../features/alerts/model/alert-format';
import { useAlertViewStore } from '../features/alerts/store';
import { departmentsQueryOptions } from '../features/city/api/city-queries';
import { useI18n } from '../lib/i18n';
import { retryImport } from '../lib/retry-import';
import { useReferenceData } from './reference-data';
import { Region } from './region';

// The drill-down loads when an alert is first opened: the list and the wall do not pay for it.
const AlertDetailPanel = lazy(() =>
  retryImport(() => import('../features/alerts/components/alert-detail-panel')).then((m) => ({
    default: m.AlertDetailPanel,
  })),
);

/**
 * The alert panel, given what it needs to know about wards, sites, indicators and departments:
 * the live list and, below it, the drill-down of the selected alert.
 */
export const AlertRegion = ({ timeZone }: { timeZone: string }) => {
  const { language, t } = useI18n();
  const { areas, sites, indicators } = useReferenceData();
  const departments = useQuery(departmentsQueryOptions()).data;
  const selectedAlertId = useAlertViewStore((state) => state.selectedAlertId);
  const selectionCleared = useAlertViewStore((state) => state.selectionCleared);

  const lookup = useMemo((): AlertContextLookup => {
    const areasById = new Map(areas.map((area) => [area.id, area]));
    const sitesById = new Map(sites.map((site) => [site.id, site]));
    const indicatorsById = new Map(indicators.map((indicator) => [indicator.id, indicator]));
    const departmentsById = new Map((departments ?? []).map((d) => [d.id, d]));
    return {
      placeName: (alert: Alert) => {
        const site = sitesById.get(alert.subjectId);
        const area = areasById.get(alert.areaId ?? site?.areaId ?? '');
        const areaName = area ? (language === 'en' && area.nameEn ? area.nameEn : area.name) : null;
        const names = [site?.name, areaName].filter((name): name is string => Boolean(name));
        if (names.length > 0) return names.join(' · ');
        // A CAP warning has no site or ward: its place is the area drawn on the map.
        return alert.geometry ? t('alerts.placeArea') : null;
      },
      unit: (alert: Alert) =>
        (alert.indicatorId ? indicatorsById.get(alert.indicatorId)?.unit : null) || null,
      areaGeometry: (areaId: string | null) =>
        (areaId ? areasById.get(areaId)?.geometry : undefined) ?? null,
      areaName: (areaId: string | null) => {
        const area = areaId ? areasById.get(areaId) : undefined;
        return area ? (language === 'en' && area.nameEn ? area.nameEn : area.name) : null;
      },
      indicatorName: (indicatorId: string | null) => {
        const indicator = indicatorId ? indicatorsById.get(indicatorId) : undefined;
        return indicator ? localized(indicator.name, language) : null;
      },
      departmentName: (alert: Alert) => {
        const department = departmentsById.get(alert.departmentId);
        return department ? localized(department.name, language) : null;
      },
    };
  }, [areas, sites, indicators, departments, language, t]);

  return (
    <div className="alert-region" data-has-detail={selectedAlertId !== null}>
      <AlertList lookup={lookup} timeZone={timeZone} />
      {selectedAlertId !== null ? (
        // Another alert starts afresh: its own drafts, errors and error boundary.
        <Region key={selectedAlertId} name="alertDetail">
          <Suspense fallback={<p className="alert-detail__muted">{t('alertDetail.loading')}</p>}>
            <AlertDetailPanel
              alertId={selectedAlertId}
              lookup={lookup}
              timeZone={timeZone}
              onClose={selectionCleared}
            />
          </Suspense>
        </Region>
      ) : null}
    </div>
  );
};

import type { Alert } from '@city-ioc/shared';
import { useMemo } from 'react';
import { AlertList } from '../features/alerts/components/alert-list';
import type { AlertContextLookup } from '../features/alerts/model/alert-context';
import { useI18n } from '../lib/i18n';
import { useReferenceData } from './reference-data';

/** The alert panel, given what it needs to know about wards, sites and indicators. */
export const AlertRegion = ({ timeZone }: { timeZone: string }) => {
  const { language, t } = useI18n();
  const { areas, sites, indicators } = useReferenceData();

  const lookup = useMemo((): AlertContextLookup => {
    const areasById = new Map(areas.map((area) => [area.id, area]));
    const sitesById = new Map(sites.map((site) => [site.id, site]));
    const indicatorsById = new Map(indicators.map((indicator) => [indicator.id, indicator]));
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
    };
  }, [areas, sites, indicators, language, t]);

  return <AlertList lookup={lookup} timeZone={timeZone} />;
};

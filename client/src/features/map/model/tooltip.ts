import type { Alert, Indicator, LatestValue, Site } from '@city-ioc/shared';
import {
  formatNumber,
  type Language,
  type MessageKey,
  type MessageParams,
} from '../../../lib/i18n';
import type { WardProperties } from './offline-style';

export type HoverTarget =
  | { kind: 'ward'; ward: WardProperties }
  | { kind: 'site'; site: Site }
  | { kind: 'alert'; alert: Alert };

export interface TooltipContent {
  title: string;
  lines: string[];
}

export interface TooltipContext {
  language: Language;
  t: (key: MessageKey, params?: MessageParams) => string;
  alertCountByArea: ReadonlyMap<string, number>;
  latestBySite: ReadonlyMap<string, readonly LatestValue[]>;
  indicatorsById: ReadonlyMap<string, Indicator>;
}

const MAX_VALUES = 3;

/** What the hover tooltip says about a ward, a site or an alert: plain strings only. */
export const tooltipContent = (target: HoverTarget, ctx: TooltipContext): TooltipContent => {
  const { language, t } = ctx;
  switch (target.kind) {
    case 'ward': {
      const { ward } = target;
      const lines = [t(`areaKind.${ward.kind}`)];
      const alertCount = ctx.alertCountByArea.get(ward.areaId) ?? 0;
      if (alertCount > 0) lines.push(t('map.alertCount', { count: alertCount }));
      if (ward.isApproximate) lines.push(t('map.approximate'));
      return { title: language === 'en' && ward.nameEn ? ward.nameEn : ward.name, lines };
    }
    case 'site': {
      const { site } = target;
      const lines = [t(`siteKind.${site.kind}`)];
      if (site.kind === 'training_centre' && site.capacity !== null) {
        lines.push(t('map.capacity', { count: formatNumber(site.capacity, language, 0) }));
      }
      for (const value of (ctx.latestBySite.get(site.id) ?? []).slice(0, MAX_VALUES)) {
        const indicator = ctx.indicatorsById.get(value.indicatorId);
        const name = indicator
          ? language === 'en' && indicator.name.en
            ? indicator.name.en
            : indicator.name.vi
          : value.indicatorId;
        const unit = indicator?.unit ? ` ${indicator.unit}` : '';
        lines.push(`${name}: ${formatNumber(value.value, language)}${unit}`);
      }
      return { title: site.name, lines };
    }
    case 'alert': {
      const { alert } = target;
      return {
        title: language === 'en' && alert.title.en ? alert.title.en : alert.title.vi,
        lines: [t(`severity.${alert.severity}`), t(`alertStatus.${alert.status}`)],
      };
    }
  }
};

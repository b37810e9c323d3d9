import { SEVERITY_ORDER } from '@city-ioc/shared';
import { useI18n } from '../../../lib/i18n';
import { severityCss } from '../../../lib/severity-palette';
import { SITE_KIND_RGBA } from '../layers/colors';

const rgba = ([r, g, b]: readonly number[]) => `rgb(${r} ${g} ${b})`;

/** What the colours on the map mean. */
export const MapLegend = () => {
  const { t } = useI18n();
  return (
    <div className="map-legend">
      <ul className="map-legend__group" aria-label={t('map.layer.alerts')}>
        {[...SEVERITY_ORDER].reverse().map((severity) => (
          <li key={severity}>
            <span className="map-legend__swatch" style={{ background: severityCss(severity) }} />
            {t(`severity.${severity}`)}
          </li>
        ))}
        <li>
          <span className="map-legend__swatch map-legend__swatch--area" />
          {t('map.layer.alertAreas')}
        </li>
      </ul>
      <ul className="map-legend__group" aria-label={t('map.layer.sites')}>
        {(Object.keys(SITE_KIND_RGBA) as (keyof typeof SITE_KIND_RGBA)[]).map((kind) => (
          <li key={kind}>
            <span
              className="map-legend__swatch map-legend__swatch--round"
              style={{ background: rgba(SITE_KIND_RGBA[kind]) }}
            />
            {t(`siteKind.${kind}`)}
          </li>
        ))}
      </ul>
    </div>
  );
};

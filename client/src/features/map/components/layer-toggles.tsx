import { useI18n } from '../../../lib/i18n';
import { MAP_LAYER_KEYS, useMapViewStore } from '../store';

/** Check boxes that show or hide each map layer. */
export const LayerToggles = () => {
  const { t } = useI18n();
  const visibleLayers = useMapViewStore((state) => state.visibleLayers);
  const layerToggled = useMapViewStore((state) => state.layerToggled);
  return (
    <fieldset className="layer-toggles">
      <legend>{t('map.layers')}</legend>
      {MAP_LAYER_KEYS.map((layer) => (
        <label key={layer} className="layer-toggles__item">
          <input
            type="checkbox"
            checked={visibleLayers[layer]}
            onChange={() => layerToggled(layer)}
          />
          {t(`map.layer.${layer}`)}
        </label>
      ))}
    </fieldset>
  );
};

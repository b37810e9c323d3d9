import {
  type Alert,
  type Area,
  groupBy,
  type Indicator,
  type LatestValue,
  type LngLat,
  type Site,
} from '@city-ioc/shared';
import type { PickingInfo } from '@deck.gl/core';
import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { type GeoJSONSource, type IControl, Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import {
  ALERT_AREA_LAYER_ID,
  type AlertAreaFeature,
  buildAlertAreaFeatures,
  buildAlertAreaLayerProps,
} from '../layers/alert-area-layer';
import {
  ALERT_LAYER_ID,
  type AlertPoint,
  buildAlertLayerProps,
  buildAlertPoints,
} from '../layers/alert-layer';
import { buildSiteLayerProps, SITE_LAYER_ID } from '../layers/site-layer';
import { buildWardLayerProps, maxSeverityByArea, WARD_LAYER_ID } from '../layers/ward-layer';
import { configureMapLibreWorker } from '../lib/maplibre-worker';
import {
  buildOfflineStyle,
  WARD_OUTLINE_LAYER,
  WARD_OUTLINE_LAYER_ID,
  WARD_SOURCE_ID,
  type WardFeature,
  wardsToFeatureCollection,
} from '../model/offline-style';
import { type HoverTarget, tooltipContent } from '../model/tooltip';
import { useMapViewStore } from '../store';
import { LayerToggles } from './layer-toggles';
import { MapLegend } from './map-legend';
import { MapTooltip } from './map-tooltip';

export interface MapViewProps {
  center: LngLat;
  zoom: number;
  /** A remote MapLibre style, or null for the built-in offline dark style. */
  mapStyleUrl: string | null;
  areas: readonly Area[];
  sites: readonly Site[];
  alerts: readonly Alert[];
  latestValues: readonly LatestValue[];
  indicators: readonly Indicator[];
  selectedAlertId: string | null;
  /** Grows on every selection from the list: the map then flies to the selected alert. */
  selectionCount: number;
  onAlertPick: (alertId: string) => void;
}

interface HoverState {
  target: HoverTarget;
  x: number;
  y: number;
}

/**
 * The one component that owns the MapLibre map and the deck.gl overlay. Data and view state
 * come in as props; layers are built by the pure builders in ../layers.
 */
export const MapView = ({
  center,
  zoom,
  mapStyleUrl,
  areas,
  sites,
  alerts,
  latestValues,
  indicators,
  selectedAlertId,
  selectionCount,
  onAlertPick,
}: MapViewProps) => {
  const { language, t } = useI18n();
  const visibleLayers = useMapViewStore((state) => state.visibleLayers);
  const containerRef = useRef<HTMLDivElement>(null);
  // The live map and overlay; state (not refs) so effects that use them rerun for a new pair.
  const [instance, setInstance] = useState<{ map: MapLibreMap; overlay: MapboxOverlay } | null>(
    null,
  );
  const [isLoaded, setIsLoaded] = useState(false);
  const [hover, setHover] = useState<HoverState | null>(null);
  const [lng, lat] = center;
  const map = instance?.map ?? null;

  const wardCollection = useMemo(() => wardsToFeatureCollection(areas), [areas]);
  const areasById = useMemo(() => new Map(areas.map((area) => [area.id, area])), [areas]);
  const sitesById = useMemo(() => new Map(sites.map((site) => [site.id, site])), [sites]);
  const alertsById = useMemo(() => new Map(alerts.map((alert) => [alert.id, alert])), [alerts]);
  const indicatorsById = useMemo(
    () => new Map(indicators.map((indicator) => [indicator.id, indicator])),
    [indicators],
  );
  const latestBySite = useMemo(
    () => groupBy(latestValues, (value) => value.subjectId),
    [latestValues],
  );
  const points = useMemo(
    () =>
      buildAlertPoints(alerts, {
        areaCentroid: (areaId) => areasById.get(areaId)?.centroid,
        sitePosition: (siteId) => sitesById.get(siteId)?.position,
      }),
    [alerts, areasById, sitesById],
  );
  const alertAreas = useMemo(() => buildAlertAreaFeatures(alerts), [alerts]);
  const severityByArea = useMemo(() => maxSeverityByArea(alerts), [alerts]);
  const alertCountByArea = useMemo(() => {
    const counts = new Map<string, number>();
    for (const alert of alerts) {
      if (alert.areaId) counts.set(alert.areaId, (counts.get(alert.areaId) ?? 0) + 1);
    }
    return counts;
  }, [alerts]);

  const layers = useMemo(() => {
    const [ring, dots] = buildAlertLayerProps({
      points,
      selectedAlertId,
      isVisible: visibleLayers.alerts,
    });
    return [
      new GeoJsonLayer(
        buildWardLayerProps({
          wards: wardCollection.features,
          severityByArea,
          isVisible: visibleLayers.wards,
        }),
      ),
      // Alert areas (CAP warnings) sit on the wards and under every point.
      new GeoJsonLayer(
        buildAlertAreaLayerProps({
          areas: alertAreas,
          selectedAlertId,
          isVisible: visibleLayers.alerts,
        }),
      ),
      new ScatterplotLayer(buildSiteLayerProps({ sites, isVisible: visibleLayers.sites })),
      new ScatterplotLayer(ring),
      new ScatterplotLayer(dots),
    ];
  }, [points, alertAreas, selectedAlertId, visibleLayers, wardCollection, severityByArea, sites]);

  // Create the map and the overlay once per camera/style configuration.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    configureMapLibreWorker();
    const created = new MapLibreMap({
      container,
      style: mapStyleUrl ?? buildOfflineStyle(),
      center: [lng, lat],
      zoom,
      // The offline style has no third-party data to credit; a remote style brings its own.
      attributionControl: mapStyleUrl ? { compact: true } : false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
    });
    // Without a listener MapLibre reports errors with console.error; they are operational
    // problems (a remote style is down, workers could not start while the server restarted
    // and are being recovered by maplibre-worker.ts), not crashes of the wall.
    created.on('error', (event) => {
      console.warn('[map]', event.error?.message ?? event);
    });
    const overlay = new MapboxOverlay({
      interleaved: false,
      layers: [],
      // deck.gl's default reports with console.error; a layer error must not read as a crash.
      onError: (error) => {
        console.warn('[map] deck.gl:', error);
      },
    });
    created.addControl(overlay as unknown as IControl);
    created.on('load', () => setIsLoaded(true));
    created.on('mouseout', () => setHover(null));
    setInstance({ map: created, overlay });
    return () => {
      setInstance(null);
      setIsLoaded(false);
      created.remove();
    };
  }, [lng, lat, zoom, mapStyleUrl]);

  // Ward outlines go to MapLibre's own GeoJSON source (parsed in its worker).
  useEffect(() => {
    if (!map || !isLoaded) return;
    const source = map.getSource<GeoJSONSource>(WARD_SOURCE_ID);
    if (source) {
      void source.setData(wardCollection);
    } else {
      // A remote style does not know our source: add it with the outline on top of the style.
      map.addSource(WARD_SOURCE_ID, { type: 'geojson', data: wardCollection });
      if (!map.getLayer(WARD_OUTLINE_LAYER_ID)) map.addLayer(WARD_OUTLINE_LAYER);
    }
    if (map.getLayer(WARD_OUTLINE_LAYER_ID)) {
      map.setLayoutProperty(
        WARD_OUTLINE_LAYER_ID,
        'visibility',
        visibleLayers.wards ? 'visible' : 'none',
      );
    }
  }, [map, isLoaded, wardCollection, visibleLayers.wards]);

  // deck.gl layers and pointer handlers; handlers are replaced with the layers so they never
  // see stale data.
  useEffect(() => {
    if (!instance) return;
    const { overlay } = instance;
    const canvas = instance.map.getCanvas();
    const toHoverTarget = (info: PickingInfo): HoverTarget | null => {
      if (!info.object || !info.layer) return null;
      if (info.layer.id === WARD_LAYER_ID) {
        return { kind: 'ward', ward: (info.object as WardFeature).properties };
      }
      if (info.layer.id === SITE_LAYER_ID) return { kind: 'site', site: info.object as Site };
      if (info.layer.id === ALERT_LAYER_ID) {
        const alert = alertsById.get((info.object as AlertPoint).alertId);
        return alert ? { kind: 'alert', alert } : null;
      }
      if (info.layer.id === ALERT_AREA_LAYER_ID) {
        const alert = alertsById.get((info.object as AlertAreaFeature).properties.alertId);
        return alert ? { kind: 'alert', alert } : null;
      }
      return null;
    };
    overlay.setProps({
      layers,
      onHover: (info: PickingInfo) => {
        const target = toHoverTarget(info);
        canvas.style.cursor = target && target.kind !== 'ward' ? 'pointer' : '';
        setHover(target ? { target, x: info.x, y: info.y } : null);
      },
      onClick: (info: PickingInfo) => {
        if (info.layer?.id === ALERT_LAYER_ID && info.object) {
          onAlertPick((info.object as AlertPoint).alertId);
        } else if (info.layer?.id === ALERT_AREA_LAYER_ID && info.object) {
          onAlertPick((info.object as AlertAreaFeature).properties.alertId);
        }
      },
    });
  }, [instance, layers, alertsById, onAlertPick]);

  // Fly to the alert the operator chose in the list.
  const lastFlownSelection = useRef(selectionCount);
  useEffect(() => {
    if (!map || selectionCount === lastFlownSelection.current) return;
    const point = points.find((p) => p.alertId === selectedAlertId);
    if (!point) return;
    lastFlownSelection.current = selectionCount;
    map.flyTo({ center: point.position, zoom: Math.max(map.getZoom(), 13), essential: true });
  }, [map, selectionCount, selectedAlertId, points]);

  const tooltip = hover
    ? tooltipContent(hover.target, {
        language,
        t,
        alertCountByArea,
        latestBySite,
        indicatorsById,
      })
    : null;

  return (
    <div className="map-region">
      <div
        ref={containerRef}
        className="map-canvas"
        data-testid="map"
        data-map-loaded={isLoaded ? 'true' : 'false'}
        aria-label={t('region.map')}
        role="application"
      />
      {!isLoaded ? <div className="map-loading">{t('map.loading')}</div> : null}
      {tooltip && hover ? <MapTooltip content={tooltip} x={hover.x} y={hover.y} /> : null}
      <div className="map-panel">
        <LayerToggles />
        <MapLegend />
      </div>
    </div>
  );
};

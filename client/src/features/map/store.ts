import { create } from 'zustand';

export type MapLayerKey = 'wards' | 'sites' | 'alerts';
export const MAP_LAYER_KEYS: readonly MapLayerKey[] = ['wards', 'sites', 'alerts'];

interface MapViewState {
  visibleLayers: Readonly<Record<MapLayerKey, boolean>>;
  layerToggled: (layer: MapLayerKey) => void;
}

/** View state of the map: which layers are shown. */
export const useMapViewStore = create<MapViewState>()((set) => ({
  visibleLayers: { wards: true, sites: true, alerts: true },
  layerToggled: (layer) =>
    set((state) => ({
      visibleLayers: { ...state.visibleLayers, [layer]: !state.visibleLayers[layer] },
    })),
}));

import type { SiteKind } from '@city-ioc/shared';

export type Rgba = [number, number, number, number];

/** Site colours by kind; chosen apart from the severity palette used for alerts. */
export const SITE_KIND_RGBA: Readonly<Record<SiteKind, Rgba>> = {
  training_centre: [167, 139, 250, 230],
  service_centre: [45, 212, 191, 230],
  air_sensor: [190, 242, 100, 220],
  water_sensor: [125, 211, 252, 220],
  traffic_sensor: [251, 146, 60, 220],
};

export const WARD_FILL_RGBA: Rgba = [59, 130, 246, 16];
export const WARD_LINE_RGBA: Rgba = [96, 140, 200, 70];
export const HOVER_HIGHLIGHT_RGBA: Rgba = [255, 255, 255, 45];
export const SELECTED_OUTLINE_RGBA: Rgba = [255, 255, 255, 255];

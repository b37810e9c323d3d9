import type { Severity } from '@city-ioc/shared';

export type Rgb = readonly [number, number, number];

/**
 * One colour per CAP severity, shared by the map and the panels so a colour means the same
 * everywhere. Chosen to stay distinct on the dark map and for common colour-vision deficiencies
 * (severity is also always written out as text).
 */
export const SEVERITY_RGB: Readonly<Record<Severity, Rgb>> = {
  Minor: [56, 189, 248],
  Moderate: [250, 204, 21],
  Severe: [249, 115, 22],
  Extreme: [239, 68, 68],
};

/** CSS colour of a severity. */
export const severityCss = (severity: Severity, alpha = 1): string => {
  const [r, g, b] = SEVERITY_RGB[severity];
  return alpha === 1 ? `rgb(${r} ${g} ${b})` : `rgb(${r} ${g} ${b} / ${alpha})`;
};

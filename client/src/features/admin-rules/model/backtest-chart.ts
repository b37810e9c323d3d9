/** One bar of the per-hour chart, in SVG user units. */
export interface ChartBar {
  hour: string;
  fires: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Bars of the fires-per-hour chart in a `width` × `height` box: one slot per hour, a gap between
 * bars, heights scaled to the busiest hour (an empty day draws no bar taller than zero). Pure.
 */
export const chartBars = (
  perHour: readonly { hour: string; fires: number }[],
  width: number,
  height: number,
): ChartBar[] => {
  if (perHour.length === 0) return [];
  const max = Math.max(1, ...perHour.map((h) => h.fires));
  const slot = width / perHour.length;
  const gap = Math.min(2, slot * 0.2);
  return perHour.map((h, i) => {
    const barHeight = (h.fires / max) * height;
    return {
      hour: h.hour,
      fires: h.fires,
      x: i * slot + gap / 2,
      y: height - barHeight,
      width: slot - gap,
      height: barHeight,
    };
  });
};

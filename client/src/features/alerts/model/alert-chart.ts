import type { AlertReadings, AreaGeometry, LngLat } from '@city-ioc/shared';

export interface ChartBox {
  width: number;
  height: number;
  pad: number;
}

export interface ChartGeometry {
  /** One SVG path per series, in the order given. */
  paths: { subjectId: string; name: string; d: string }[];
  /** y of the threshold and clear lines, when drawn and in range. */
  thresholdY: number | null;
  clearY: number | null;
  /** The span the alert was firing, as x positions (end is the right edge while active). */
  firing: { x1: number; x2: number } | null;
  min: number;
  max: number;
  count: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Where the drill-down chart draws its lines: time on x over [from, to], values on y over the
 * readings' range widened to include the threshold. Pure.
 */
export const chartGeometry = (
  data: AlertReadings,
  alert: { firstAt: string; resolvedAt: string | null },
  box: ChartBox,
): ChartGeometry => {
  const from = Date.parse(data.from);
  const to = Date.parse(data.to);
  const values = data.series.flatMap((s) => s.points.map((p) => p.value));
  const count = values.length;
  const marks = [data.threshold, data.clearThreshold].filter((v): v is number => v !== null);
  const all = [...values, ...marks];
  let min = all.length > 0 ? Math.min(...all) : 0;
  let max = all.length > 0 ? Math.max(...all) : 1;
  if (max - min < 1e-9) {
    min -= 1;
    max += 1;
  }
  const x = (t: number) =>
    round(box.pad + ((t - from) / Math.max(1, to - from)) * (box.width - 2 * box.pad));
  const y = (v: number) =>
    round(box.height - box.pad - ((v - min) / (max - min)) * (box.height - 2 * box.pad));
  const paths = data.series.map((s) => ({
    subjectId: s.subjectId,
    name: s.name,
    d: s.points
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(Date.parse(p.at))},${y(p.value)}`)
      .join(' '),
  }));
  const start = Math.max(from, Date.parse(alert.firstAt));
  const end = alert.resolvedAt ? Math.min(to, Date.parse(alert.resolvedAt)) : to;
  return {
    paths,
    thresholdY: data.threshold === null ? null : y(data.threshold),
    clearY: data.clearThreshold === null ? null : y(data.clearThreshold),
    firing: start <= end ? { x1: x(start), x2: x(end) } : null,
    min: values.length > 0 ? Math.min(...values) : 0,
    max: values.length > 0 ? Math.max(...values) : 0,
    count,
  };
};

/**
 * The ward outline and the alert's point projected into a small SVG box (equirectangular,
 * longitudes shrunk by cos(latitude), so Ho Chi Minh City's wards keep their shape). Pure.
 */
export const miniMapGeometry = (
  geometry: AreaGeometry | null,
  point: LngLat | null,
  box: { width: number; height: number; pad: number },
): { rings: string[]; point: { x: number; y: number } | null } | null => {
  const rings: LngLat[][] = [];
  if (geometry?.type === 'Polygon') rings.push(...(geometry.coordinates as LngLat[][]));
  if (geometry?.type === 'MultiPolygon')
    for (const polygon of geometry.coordinates as LngLat[][][]) rings.push(...polygon);
  const all = [...rings.flat(), ...(point ? [point] : [])];
  if (all.length === 0) return null;
  const lat0 = all.reduce((s, p) => s + p[1], 0) / all.length;
  const k = Math.cos((lat0 * Math.PI) / 180);
  const xs = all.map((p) => p[0] * k);
  const ys = all.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [
    Math.min(...xs),
    Math.max(...xs),
    Math.min(...ys),
    Math.max(...ys),
  ];
  const span = Math.max(maxX - minX, maxY - minY, 0.002);
  const scale = Math.min(box.width - 2 * box.pad, box.height - 2 * box.pad) / span;
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const project = (p: LngLat) => ({
    x: round(box.width / 2 + (p[0] * k - cx) * scale),
    y: round(box.height / 2 - (p[1] - cy) * scale),
  });
  return {
    rings: rings.map(
      (ring) =>
        `${ring
          .map((p, i) => {
            const q = project(p);
            return `${i === 0 ? 'M' : 'L'}${q.x},${q.y}`;
          })
          .join(' ')} Z`,
    ),
    point: point ? project(point) : null,
  };
};

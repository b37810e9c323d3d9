import { type Severity, SeveritySchema } from '@city-ioc/shared';

/** What a wall's link configures (a wall is set up once, by its URL). */
/** What the wall's main area shows in turn (the alerts and ticker stay on every scene). */
export const WALL_SCENES = ['overview', 'programme'] as const;
export type WallScene = (typeof WALL_SCENES)[number];

export interface WallSettings {
  /** The least severe alert that plays a sound; `off` for none. */
  sound: Severity | 'off';
  /** Volume, 0–1. */
  volume: number;
  /** The playlist of scenes, in order. */
  scenes: WallScene[];
  /** Seconds each scene stays (10–3600). */
  rotateSeconds: number;
}

/**
 * Reads `/wall?sound=Severe&volume=0.5&scenes=overview,programme&rotate=60`. Unknown or missing
 * values fall back to Moderate, 0.6, every scene and 45 s. Pure.
 */
export const wallSettingsFrom = (search: string): WallSettings => {
  const params = new URLSearchParams(search);
  const sound = params.get('sound');
  const parsedSound = sound === 'off' ? 'off' : SeveritySchema.safeParse(sound).data;
  const volume = Number(params.get('volume'));
  const scenes = (params.get('scenes') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is WallScene => (WALL_SCENES as readonly string[]).includes(s));
  const rotate = Number(params.get('rotate'));
  return {
    sound: parsedSound ?? 'Moderate',
    volume:
      params.has('volume') && Number.isFinite(volume) ? Math.min(1, Math.max(0, volume)) : 0.6,
    scenes: scenes.length > 0 ? scenes : [...WALL_SCENES],
    rotateSeconds:
      params.has('rotate') && Number.isFinite(rotate) ? Math.min(3_600, Math.max(10, rotate)) : 45,
  };
};

/** The scene on screen at `nowMs`: the playlist in turn, every `rotateSeconds`. Pure. */
export const currentScene = (
  settings: Pick<WallSettings, 'scenes' | 'rotateSeconds'>,
  nowMs: number,
): WallScene =>
  settings.scenes[Math.floor(nowMs / (settings.rotateSeconds * 1000)) % settings.scenes.length] ??
  'overview';

/**
 * Whether the screen runs an older build than the server serves (a new version was deployed):
 * then it reloads itself. Unknown on either side: no. Pure.
 */
export const isOutdatedBuild = (running: string | null, served: string | null) =>
  running !== null && served !== null && running !== served;

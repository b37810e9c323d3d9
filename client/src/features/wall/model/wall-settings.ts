import { type Severity, SeveritySchema } from '@city-ioc/shared';

/** What a wall's link configures (a wall is set up once, by its URL). */
export interface WallSettings {
  /** The least severe alert that plays a sound; `off` for none. */
  sound: Severity | 'off';
  /** Volume, 0–1. */
  volume: number;
}

/**
 * Reads `/wall?sound=Severe&volume=0.5`. Unknown or missing values fall back to Moderate and
 * 0.6. Pure.
 */
export const wallSettingsFrom = (search: string): WallSettings => {
  const params = new URLSearchParams(search);
  const sound = params.get('sound');
  const parsedSound = sound === 'off' ? 'off' : SeveritySchema.safeParse(sound).data;
  const volume = Number(params.get('volume'));
  return {
    sound: parsedSound ?? 'Moderate',
    volume:
      params.has('volume') && Number.isFinite(volume) ? Math.min(1, Math.max(0, volume)) : 0.6,
  };
};

/**
 * Whether the screen runs an older build than the server serves (a new version was deployed):
 * then it reloads itself. Unknown on either side: no. Pure.
 */
export const isOutdatedBuild = (running: string | null, served: string | null) =>
  running !== null && served !== null && running !== served;

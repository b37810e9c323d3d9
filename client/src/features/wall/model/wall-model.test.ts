import { describe, expect, it } from 'vitest';
import { makeAlert } from '../../../testing/factories';
import { ALARM_TONES, patternLength } from './alarm-tones';
import { alertsToSound, isFlashing, tickerAlerts, wallAlerts } from './wall-alerts';
import { currentScene, isOutdatedBuild, wallSettingsFrom } from './wall-settings';

const NOW = new Date('2026-11-23T05:00:00.000Z');

describe('wallAlerts', () => {
  it('lists active alerts most severe first, then newest, bounded', () => {
    const list = wallAlerts(
      [
        makeAlert({ id: 'a', severity: 'Moderate', lastAt: '2026-11-23T04:00:00.000Z' }),
        makeAlert({ id: 'b', severity: 'Extreme', lastAt: '2026-11-23T03:00:00.000Z' }),
        makeAlert({ id: 'c', severity: 'Moderate', lastAt: '2026-11-23T04:30:00.000Z' }),
        makeAlert({ id: 'd', severity: 'Severe', status: 'resolved' }),
      ],
      2,
    );
    expect(list.map((a) => a.id)).toEqual(['b', 'c']);
    expect(tickerAlerts([makeAlert()], 20)).toHaveLength(1);
  });
});

describe('isFlashing', () => {
  it.each([
    ['open', {}, true],
    ['acknowledged', { status: 'acknowledged' as const }, false],
    ['in progress', { status: 'in_progress' as const }, false],
    ['silenced', { silencedUntil: '2026-11-23T06:00:00.000Z' }, false],
    ['silence over', { silencedUntil: '2026-11-23T04:00:00.000Z' }, true],
  ])('%s', (_, over, expected) => {
    expect(isFlashing(makeAlert(over), NOW)).toBe(expected);
  });
});

describe('alertsToSound', () => {
  const a = makeAlert({ id: 'a', severity: 'Moderate' });
  const b = makeAlert({ id: 'b', severity: 'Severe' });
  const c = makeAlert({ id: 'c', severity: 'Minor' });

  it('makes no sound for what the first load shows', () => {
    expect(alertsToSound(null, [a, b], 'Minor', NOW).sound).toEqual([]);
  });

  it('sounds new unacknowledged alerts at or above the level, most severe first, once', () => {
    const first = alertsToSound(new Set(['x']), [a, b, c], 'Moderate', NOW);
    expect(first.sound.map((s) => s.id)).toEqual(['b', 'a']);
    expect(alertsToSound(first.known, [a, b, c], 'Moderate', NOW).sound).toEqual([]);
  });

  it('stays quiet for silenced or already acknowledged new alerts', () => {
    const quiet = [
      makeAlert({ id: 's', silencedUntil: '2026-11-23T06:00:00.000Z' }),
      makeAlert({ id: 'k', status: 'acknowledged' }),
    ];
    expect(alertsToSound(new Set(), quiet, 'Minor', NOW).sound).toEqual([]);
  });
});

describe('alarm tones', () => {
  it('grow with severity: more beeps, higher pitch', () => {
    const beeps = (['Minor', 'Moderate', 'Severe', 'Extreme'] as const).map(
      (s) => ALARM_TONES[s].length,
    );
    expect(beeps).toEqual([1, 2, 3, 5]);
    expect(Math.max(...ALARM_TONES.Extreme.map((t) => t.frequency))).toBeGreaterThan(
      Math.max(...ALARM_TONES.Moderate.map((t) => t.frequency)),
    );
    expect(patternLength(ALARM_TONES.Extreme)).toBeCloseTo(0.72);
  });
});

describe('wallSettingsFrom', () => {
  it.each([
    ['', { sound: 'Moderate', volume: 0.6 }],
    ['?sound=Severe&volume=0.3', { sound: 'Severe', volume: 0.3 }],
    ['?sound=off', { sound: 'off', volume: 0.6 }],
    ['?sound=loud&volume=7', { sound: 'Moderate', volume: 1 }],
  ])('%s', (search, expected) => {
    expect(wallSettingsFrom(search)).toMatchObject(expected);
  });

  it('reads the scene playlist and its pace', () => {
    expect(wallSettingsFrom('')).toMatchObject({
      scenes: ['overview', 'programme'],
      rotateSeconds: 45,
    });
    expect(wallSettingsFrom('?scenes=programme,nope&rotate=5')).toMatchObject({
      scenes: ['programme'],
      rotateSeconds: 10,
    });
  });
});

describe('currentScene', () => {
  it('plays the scenes in turn', () => {
    const settings = { scenes: ['overview', 'programme'] as const, rotateSeconds: 30 };
    const s = { ...settings, scenes: [...settings.scenes] };
    expect(currentScene(s, 0)).toBe('overview');
    expect(currentScene(s, 30_000)).toBe('programme');
    expect(currentScene(s, 60_000)).toBe('overview');
  });
});

describe('isOutdatedBuild', () => {
  it.each([
    ['/assets/index-a.js', '/assets/index-a.js', false],
    ['/assets/index-a.js', '/assets/index-b.js', true],
    [null, '/assets/index-b.js', false],
    ['/assets/index-a.js', null, false],
  ])('%s vs %s', (running, served, expected) => {
    expect(isOutdatedBuild(running, served)).toBe(expected);
  });
});

import type { Alert, ClientConfig } from '@city-ioc/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Clock } from '../components/clock';
import { SeverityBadge } from '../components/severity-badge';
import { DEFAULT_TIME_ZONE } from '../config/constants';
import { useAlertLiveSync, useLiveAlerts } from '../features/alerts/api/use-live-alerts';
import { localized } from '../features/alerts/model/alert-format';
import { ConnectionIndicator } from '../features/connection/components/connection-indicator';
import { FeedHealthSummary } from '../features/feeds/components/feed-health-summary';
import { KpiBoard } from '../features/kpi/components/kpi-board';
import { createAlarmPlayer } from '../features/wall/lib/alarm-player';
import {
  alertsToSound,
  isFlashing,
  tickerAlerts,
  wallAlerts,
} from '../features/wall/model/wall-alerts';
import {
  currentScene,
  isOutdatedBuild,
  wallSettingsFrom,
} from '../features/wall/model/wall-settings';
import { clientConfigKeys } from '../lib/client-config';
import { useI18n } from '../lib/i18n';
import { useConnectionState, useRealtimeClient } from '../lib/realtime-context';
import { severityCss } from '../lib/severity-palette';
import { useNow } from '../lib/use-now';
import { MapRegion } from './map-region';
import { useReferenceData } from './reference-data';
import { Region } from './region';

const runningBuild = () =>
  document.querySelector('script[type="module"][src]')?.getAttribute('src') ?? null;

/**
 * The wall display: no chrome, dark, scaled to the screen; the clock, the live link, the map,
 * the active alerts (unacknowledged ones flash) and a ticker. New alerts play their severity's
 * sound once sound was turned on (browsers' autoplay rules need one click, once). Runs
 * unattended: the live link reconnects and resyncs by itself, and the screen reloads itself
 * when a new version is deployed. Every text is React text, never HTML.
 */
export const WallView = ({
  config,
  screenName,
  isDisplay,
}: {
  config: ClientConfig | undefined;
  screenName: string;
  /** Signed in with a display token: it sends a heartbeat of what it shows. */
  isDisplay: boolean;
}) => {
  const { t, language } = useI18n();
  useAlertLiveSync();
  const timeZone = config?.timeZone ?? DEFAULT_TIME_ZONE;
  const settings = useMemo(() => wallSettingsFrom(window.location.search), []);
  const [player] = useState(createAlarmPlayer);
  const audio = useSyncExternalStore(player.subscribe, player.getSnapshot);
  const alerts = useLiveAlerts().data?.alerts;
  const nowMs = useNow(1_000);
  const now = new Date(nowMs);
  const reference = useReferenceData();
  const scene = currentScene(settings, nowMs);

  // A kiosk may allow audio without a click; otherwise the button below unlocks it.
  useEffect(() => {
    if (settings.sound !== 'off') void player.unlock();
    return () => void player.close();
  }, [player, settings.sound]);

  // New unacknowledged alerts sound once each; what the first load shows does not.
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!alerts) return;
    const minimum = settings.sound === 'off' ? 'Extreme' : settings.sound;
    const { sound, known: next } = alertsToSound(
      known.current,
      alerts.values(),
      minimum,
      new Date(),
    );
    known.current = next;
    const loudest = sound[0];
    if (loudest && settings.sound !== 'off') player.play(loudest.severity, settings.volume);
  }, [alerts, player, settings]);

  useReloadOnNewVersion();
  useHeartbeat(isDisplay ? `wall:${scene}` : null);

  const listed = alerts ? wallAlerts(alerts.values()) : [];
  const ticker = alerts ? tickerAlerts(alerts.values()) : [];
  const activeCount = alerts
    ? [...alerts.values()].filter((a) => a.status !== 'resolved').length
    : 0;
  const soundLabel =
    settings.sound === 'off'
      ? t('wall.soundOff')
      : audio.state === 'running'
        ? t('wall.soundOn')
        : t('wall.soundLocked');

  return (
    <div
      className="wall"
      data-testid="wall"
      data-audio={audio.state}
      data-sounds-played={audio.played}
      data-last-sound={audio.last ?? ''}
    >
      <header className="wall__bar">
        <div className="wall__title">
          <strong>{t('wall.title')}</strong>
          <span>{config ? (language === 'en' ? config.cityName.en : config.cityName.vi) : ''}</span>
        </div>
        <Clock timeZone={timeZone} />
        <div className="wall__status">
          {/* Every feed with its age against its cadence: stale data is visible on the wall too. */}
          <FeedHealthSummary />
          <ConnectionIndicator />
          <span className="wall__sound" data-testid="wall-sound">
            {soundLabel}
          </span>
          <span className="wall__screen" data-testid="wall-screen-name">
            {screenName}
          </span>
        </div>
      </header>
      <main className="wall__main">
        <div className="wall__scenes" data-testid="wall-scenes" data-scene={scene}>
          {/* Both scenes stay mounted (the map keeps its WebGL context); one is shown. */}
          <section
            className="wall__scene wall__map"
            data-active={scene === 'overview'}
            aria-hidden={scene !== 'overview'}
            aria-label={t('region.map')}
          >
            <Region name="map">{config ? <MapRegion config={config} /> : null}</Region>
          </section>
          <section
            className="wall__scene wall__programme"
            data-active={scene === 'programme'}
            aria-hidden={scene !== 'programme'}
            aria-label={t('kpi.title')}
          >
            <KpiBoard indicators={reference.indicators} latest={reference.latestValues} />
          </section>
        </div>
        <aside className="wall__alerts" aria-label={t('wall.alerts')}>
          <h2>
            {t('wall.alerts')}{' '}
            <span className="wall__count">{t('wall.count', { count: activeCount })}</span>
          </h2>
          {listed.length === 0 ? <p className="wall__empty">{t('wall.noAlerts')}</p> : null}
          <ol className="wall__list">
            {listed.map((alert) => (
              <WallAlert key={alert.id} alert={alert} flashing={isFlashing(alert, now)} />
            ))}
          </ol>
        </aside>
      </main>
      <section className="wall__ticker" aria-label={t('wall.ticker')}>
        <div className="wall__ticker-track" data-testid="wall-ticker">
          {ticker.map((alert) => (
            <span key={alert.id} className="wall__ticker-item">
              <span
                className="wall__ticker-dot"
                style={{ background: severityCss(alert.severity) }}
              />
              {localized(alert.title, language)}
            </span>
          ))}
        </div>
      </section>
      {settings.sound !== 'off' && audio.state === 'locked' ? (
        <button
          type="button"
          className="wall__unlock button button--primary"
          data-testid="wall-unlock-sound"
          onClick={() => void player.unlock()}
        >
          {t('wall.unlockSound')}
        </button>
      ) : null}
    </div>
  );
};

const WallAlert = ({ alert, flashing }: { alert: Alert; flashing: boolean }) => {
  const { t, language } = useI18n();
  return (
    <li
      className="wall__alert"
      data-testid="wall-alert"
      data-alert-id={alert.id}
      data-flashing={flashing}
      style={{ borderLeftColor: severityCss(alert.severity) }}
    >
      <SeverityBadge severity={alert.severity} />
      <span className="wall__alert-title">{localized(alert.title, language)}</span>
      {flashing ? <span className="wall__unacked">{t('wall.unacknowledged')}</span> : null}
    </li>
  );
};

/** Reloads the page when the server serves another build (checked each minute and on reconnect). */
const useReloadOnNewVersion = () => {
  const queryClient = useQueryClient();
  const connection = useConnectionState();
  useEffect(() => {
    const check = async () => {
      await queryClient.invalidateQueries({ queryKey: clientConfigKeys.all });
      const served =
        queryClient.getQueryData<ClientConfig>(clientConfigKeys.current())?.clientBuild ?? null;
      if (isOutdatedBuild(runningBuild(), served)) window.location.reload();
    };
    if (connection === 'connected') void check();
    const id = setInterval(() => void check(), 60_000);
    return () => clearInterval(id);
  }, [connection, queryClient]);
};

const HEARTBEAT_MS = 30_000;

/**
 * Tells the server what this screen shows, on every change, on reconnect and every 30 s, so
 * administrators see which screens are alive and what is on them.
 */
const useHeartbeat = (showing: string | null) => {
  const client = useRealtimeClient();
  const connection = useConnectionState();
  useEffect(() => {
    if (showing === null || connection !== 'connected') return;
    void client.sendHeartbeat(showing);
    const id = setInterval(() => void client.sendHeartbeat(showing), HEARTBEAT_MS);
    return () => clearInterval(id);
  }, [client, connection, showing]);
};

import { PROTOCOL_VERSION } from '@city-ioc/shared';
import { useEffect } from 'react';
import { translate, useLanguageStore } from '../lib/i18n';
import { useRealtimeClient } from '../lib/realtime-context';

const RELOADED_FOR_PROTOCOL_KEY = 'city-ioc.reloaded-for-protocol';

/** Keeps `<html lang>` and the title in step with the UI language (screen readers, tabs). */
export const useDocumentLanguage = (): void => {
  const language = useLanguageStore((state) => state.language);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `City IOC – ${translate(language, 'app.title')}`;
  }, [language]);
};

/**
 * A server speaking another protocol version means this page is outdated (the server was
 * upgraded): reload once to get the matching client. The guard avoids a reload loop when the
 * server itself is inconsistent.
 */
export const useProtocolGuard = (): void => {
  const realtime = useRealtimeClient();
  useEffect(
    () =>
      realtime.on('server:hello', (hello) => {
        if (hello.protocolVersion === PROTOCOL_VERSION) {
          sessionStorage.removeItem(RELOADED_FOR_PROTOCOL_KEY);
          return;
        }
        console.warn(
          `[realtime] server protocol ${hello.protocolVersion}, client ${PROTOCOL_VERSION}`,
        );
        const marker = String(hello.protocolVersion);
        if (sessionStorage.getItem(RELOADED_FOR_PROTOCOL_KEY) === marker) return;
        sessionStorage.setItem(RELOADED_FOR_PROTOCOL_KEY, marker);
        window.location.reload();
      }),
    [realtime],
  );
};

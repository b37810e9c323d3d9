import { isIP, connect as netConnect } from 'node:net';
import { type Duplex, PassThrough } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { guardedLookup, type ResolveHost, systemResolve } from '../outbound/safe-fetch';
import {
  brokerHostKeyOf,
  checkAddress,
  checkBrokerUrl,
  type OutboundPolicy,
} from '../outbound/url-guard';

/** A stream that fails at once with `reason`, so mqtt.js sees a refused connection. */
const refusedStream = (reason: string): Duplex => {
  const stream = new PassThrough();
  process.nextTick(() => stream.destroy(new Error(reason)));
  return stream;
};

/**
 * The socket builder an MQTT feed connects through: the broker URL passes `checkBrokerUrl`, and
 * every connection (each reconnect too) resolves the name through the same guarded lookup as
 * the HTTP poller, so a name that starts resolving to an internal address (DNS rebinding) is
 * refused at connect time. TLS verifies the certificate against the configured host name.
 */
export const guardedBrokerStream =
  (url: string, policy: OutboundPolicy, resolve: ResolveHost = systemResolve) =>
  (): Duplex => {
    const check = checkBrokerUrl(url, policy);
    if (!check.ok) return refusedStream(check.reason);
    const target = check.url;
    const hostKey = brokerHostKeyOf(target);
    const hostname = target.hostname.startsWith('[')
      ? target.hostname.slice(1, -1)
      : target.hostname;
    const isTls = target.protocol === 'mqtts:';
    const port = target.port === '' ? (isTls ? 8883 : 1883) : Number(target.port);
    // net.connect does not call `lookup` for IP literals, so those are checked here.
    if (isIP(hostname) !== 0) {
      const verdict = checkAddress(hostname, hostKey, policy);
      if (!verdict.ok) return refusedStream(verdict.reason);
    }
    const lookup = guardedLookup(hostKey, policy, resolve);
    if (isTls) {
      return tlsConnect({
        host: hostname,
        port,
        lookup,
        ...(isIP(hostname) === 0 ? { servername: hostname } : {}),
      });
    }
    return netConnect({ host: hostname, port, lookup });
  };

import { timingSafeEqual } from 'node:crypto';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';

export interface EmbeddedBrokerOptions {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Every client must sign in with these (the demo generates them at each start). */
  username: string;
  password: string;
}

export interface EmbeddedBroker {
  /** mqtt://host:port, without credentials. */
  url: string;
  close(): Promise<void>;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The demo's own MQTT broker (aedes, MQTT 3.1.1, in memory), so that `pnpm start` exercises
 * the MQTT adapter with no broker installed. Loopback only and password protected. Production
 * and CI use a real broker (`MQTT_URL`): this one keeps nothing across a restart.
 */
export const startEmbeddedBroker = async ({
  host = '127.0.0.1',
  port,
  username,
  password,
}: EmbeddedBrokerOptions): Promise<EmbeddedBroker> => {
  const broker = await Aedes.createBroker({
    authenticate: (_client, user, pass, done) => {
      const ok = user === username && pass !== undefined && same(pass.toString('utf8'), password);
      if (ok) done(null, true);
      else {
        const error = Object.assign(new Error('bad user name or password'), { returnCode: 4 });
        done(error as never, false);
      }
    },
  });
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `mqtt://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        broker.close(() => server.close(() => resolve()));
        // Clients that keep their sockets open would hold server.close() back.
        setTimeout(resolve, 2_000).unref();
      }),
  };
};

import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';

/**
 * A real HTTP upstream for tests: serves whatever `answer` currently is, as a department's
 * server would. `mode` switches it to failing (500) or to malformed JSON.
 */
export const startUpstream = async () => {
  const state: { answer: unknown; mode: 'ok' | 'error' | 'garbage'; hits: number } = {
    answer: { stations: [] },
    mode: 'ok',
    hits: 0,
  };
  const app = Fastify({ logger: false });
  app.get('/levels', async (_req, reply) => {
    state.hits += 1;
    if (state.mode === 'error') return reply.code(500).send({ error: 'upstream down' });
    if (state.mode === 'garbage')
      return reply.type('application/json').send('{"stations": [ {oops');
    return state.answer;
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { state, url: `http://127.0.0.1:${port}/levels`, close: () => app.close() };
};

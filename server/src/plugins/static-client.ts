import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built dashboard. Hashed assets are cached for a year; index.html never, so a new
 * deployment reaches open screens. Unknown non-API GETs answer index.html (client routes).
 */
export const registerStaticClient = async (app: FastifyInstance, clientDist: string | null) => {
  const hasClient = clientDist !== null && fs.existsSync(path.join(clientDist, 'index.html'));
  if (hasClient) {
    await app.register(fastifyStatic, {
      root: clientDist,
      wildcard: false,
      index: false,
      setHeaders(reply, filePath) {
        reply.header(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
  } else {
    app.log.warn({ clientDist }, 'no built dashboard found: serving the API only (run pnpm build)');
  }

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    const isApi = url.startsWith('/api/') || url === '/api' || url.startsWith('/socket.io');
    if (!isApi && hasClient && request.method === 'GET' && !path.extname(url)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply
      .code(404)
      .send({ statusCode: 404, error: 'Not Found', message: `No route ${request.method} ${url}` });
  });
};

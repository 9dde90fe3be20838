import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * Helmet's response headers, applied by one hook. @fastify/helmet builds the whole helmet
 * middleware again on every request (two async hooks, the CSP parsed anew); the headers only
 * depend on the options, so they are taken once, at start-up, from helmet's own answer to a probe
 * request, and set as they are on every reply.
 */
export async function applySecurityHeaders(fastify: FastifyInstance, options: FastifyHelmetOptions): Promise<void> {
  const headers = await helmetHeaders(options);
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}

async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const [plain, helmeted] = await Promise.all([probe(), probe(options)]);
  return Object.fromEntries(Object.entries(helmeted).filter(([name]) => !(name in plain)));
}

async function probe(options?: FastifyHelmetOptions): Promise<Record<string, string>> {
  const server = Fastify({ logger: false });
  if (options) await server.register(helmet, options);
  server.get('/', (_request, reply) => reply.send('probe'));
  try {
    // A real request on loopback: Fastify's inject needs modules Jest's VM cannot load.
    const response = await fetch(await server.listen({ port: 0, host: '127.0.0.1' }));
    await response.arrayBuffer();
    return Object.fromEntries(response.headers);
  } finally {
    await server.close();
  }
}

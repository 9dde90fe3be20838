import type { FastifyBaseLogger } from 'fastify';
import { PinoNestLogger } from './pino-nest-logger.js';

/** Records what reaches pino: the level, the merged fields and the message. */
function recordingPino() {
  const lines: Array<{ level: string; fields: Record<string, unknown>; msg?: string }> = [];
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, msg?: string): void => {
      lines.push({ level, fields, msg });
    };
  const pino = {
    fatal: at('fatal'),
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
  };
  return { lines, pino: pino as unknown as FastifyBaseLogger };
}

describe('PinoNestLogger', () => {
  it('maps Nest levels onto pino levels and keeps the context', () => {
    const { lines, pino } = recordingPino();
    const logger = new PinoNestLogger(pino);
    logger.log('started', 'Bootstrap');
    logger.verbose('detail', 'Relay');
    logger.warn('careful');
    expect(lines).toEqual([
      { level: 'info', fields: { context: 'Bootstrap', stack: undefined }, msg: 'started' },
      { level: 'trace', fields: { context: 'Relay', stack: undefined }, msg: 'detail' },
      { level: 'warn', fields: { context: undefined, stack: undefined }, msg: 'careful' },
    ]);
  });

  it('keeps the stack Nest passes before the context of an error', () => {
    const { lines, pino } = recordingPino();
    new PinoNestLogger(pino).error('failed', 'Error: failed\n    at here', 'ExceptionsHandler');
    expect(lines).toEqual([
      { level: 'error', fields: { context: 'ExceptionsHandler', stack: 'Error: failed\n    at here' }, msg: 'failed' },
    ]);
  });

  it('logs an Error as pino`s err field and an object as fields', () => {
    const { lines, pino } = recordingPino();
    const logger = new PinoNestLogger(pino);
    const error = new Error('boom');
    logger.error(error, undefined, 'Relay');
    logger.log({ event: 'x', count: 2 }, 'Stats');
    expect(lines).toEqual([
      { level: 'error', fields: { context: 'Relay', stack: undefined, err: error }, msg: 'boom' },
      { level: 'info', fields: { context: 'Stats', stack: undefined, event: 'x', count: 2 }, msg: undefined },
    ]);
  });
});

import { Socket } from 'node:net';

/** A loopback connection that sends the start of a request and then stalls (or trickles). */
export interface SlowConnection {
  /** Resolves when the server closes the connection: after how many ms, and what it answered. */
  closed: Promise<{ afterMs: number; received: string }>;
  destroy(): void;
}

/**
 * Opens `count` connections to 127.0.0.1:`port`, each sending `head` and then, every
 * `trickleMs` (when given), one more byte, never the end. Bounded: `count` sockets, no retries.
 */
export async function openSlowConnections(
  port: number,
  count: number,
  head: string,
  trickleMs?: number,
): Promise<SlowConnection[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const socket = new Socket();
      const started = performance.now();
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
      socket.on('error', () => undefined);
      const closed = new Promise<{ afterMs: number; received: string }>((resolve) =>
        socket.once('close', () => resolve({ afterMs: performance.now() - started, received })),
      );
      await new Promise<void>((resolve) => socket.connect(port, '127.0.0.1', resolve));
      socket.write(head);
      const trickle = trickleMs ? setInterval(() => socket.writable && socket.write(' '), trickleMs) : undefined;
      void closed.then(() => clearInterval(trickle));
      return { closed, destroy: () => socket.destroy() };
    }),
  );
}

/** Waits for `promise` at most `ms`; the marker tells a test that it never settled. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | 'still open'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'still open'>((resolve) => (timer = setTimeout(() => resolve('still open'), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

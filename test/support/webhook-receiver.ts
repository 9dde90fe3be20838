import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP receiver on loopback that records what it gets and answers `status` (changeable),
 * after `delayMs`; `peakInFlight` is the most requests it held at once.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  status = 204;
  delayMs = 0;
  peakInFlight = 0;
  private inFlight = 0;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      this.peakInFlight = Math.max(this.peakInFlight, ++this.inFlight);
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        setTimeout(() => {
          this.inFlight--;
          if (this.status >= 300 && this.status < 400) response.setHeader('location', '/elsewhere');
          response.writeHead(this.status, { 'content-type': 'text/plain' }).end(`answered ${this.status}`);
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent } from 'undici';
import { isPublicAddress } from '../domain/network-rules.js';

export interface WebhookResponse {
  status: number | null;
  durationMs: number;
  excerpt: string | null;
  /** Why it failed (also for a non-2xx answer); undefined on success. */
  error?: string;
}

const EXCERPT_BYTES = 512;
/** An answer's body is read this far (so that its connection can be reused); a longer one closes it. */
const READ_BYTES = 64 * 1024;

/**
 * A lookup that refuses to connect anywhere but public addresses: checked on the addresses the
 * connection really uses, at delivery time, so a DNS change after registration cannot redirect a
 * webhook to the internal network.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 4);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) {
      return callback(new Error(`${hostname} resolves to a non-public address (${refused.address})`), '', 4);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

/**
 * POSTs webhooks over undici's connection pools (kept alive per endpoint origin): no redirect is
 * followed (a 3xx is a failure), the answer must be 2xx within `timeoutMs` and before `signal`
 * fires; a short excerpt of the answer is kept for the deliveries log.
 */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly publicOnly = new Agent({ connect: { lookup: publicOnlyLookup } });
  private readonly anywhere = new Agent();

  async post(
    url: string,
    headers: Record<string, string>,
    body: string,
    options: { allowPrivateNetworks: boolean; timeoutMs: number; signal: AbortSignal },
  ): Promise<WebhookResponse> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const target = new URL(url);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (!options.allowPrivateNetworks && isIP(host) && !isPublicAddress(host)) {
      return { status: null, durationMs: 0, excerpt: null, error: `${host} is not a public address` };
    }
    const dispatcher = options.allowPrivateNetworks ? this.anywhere : this.publicOnly;
    try {
      const response = await dispatcher.request({
        origin: target.origin,
        path: target.pathname + target.search,
        method: 'POST',
        headers,
        body,
        signal: options.signal,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
      const excerpt = await readExcerpt(response.body);
      const status = response.statusCode;
      const ok = status >= 200 && status < 300;
      return { status, durationMs: elapsed(), excerpt, ...(ok ? {} : { error: `answered ${status}` }) };
    } catch (error) {
      return { status: null, durationMs: elapsed(), excerpt: null, error: messageOf(error) };
    }
  }

  /** After the relay has stopped: connections still open are closed once their requests end. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    await Promise.all([this.publicOnly.close(), this.anywhere.close()]);
  }
}

async function readExcerpt(body: AsyncIterable<Buffer>): Promise<string | null> {
  const chunks: Buffer[] = [];
  let read = 0;
  for await (const chunk of body) {
    if (read < EXCERPT_BYTES) chunks.push(chunk.subarray(0, EXCERPT_BYTES - read));
    read += chunk.length;
    if (read > READ_BYTES) break; // leaving the loop destroys the body, and its connection
  }
  return Buffer.concat(chunks).toString('utf8') || null;
}

/** undici wraps connection errors (a refused lookup among them): the cause says what happened. */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? error.cause.message : error.message;
}

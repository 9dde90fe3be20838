import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from '../domain/network-rules.js';

export interface WebhookResponse {
  status: number | null;
  durationMs: number;
  excerpt: string | null;
  /** Why it failed (also for a non-2xx answer); undefined on success. */
  error?: string;
}

const EXCERPT_BYTES = 512;

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
 * POSTs one webhook: no redirect is followed (a 3xx is a failure), the answer must be 2xx before
 * `signal` fires; a short excerpt of the answer is kept for the deliveries log.
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { allowPrivateNetworks: boolean; signal: AbortSignal },
): Promise<WebhookResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateNetworks && isIP(host) && !isPublicAddress(host)) {
    return Promise.resolve({ status: null, durationMs: 0, excerpt: null, error: `${host} is not a public address` });
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const request = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body).toString() },
        signal: options.signal,
        ...(options.allowPrivateNetworks ? {} : { lookup: publicOnlyLookup }),
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < EXCERPT_BYTES) chunks.push(chunk.subarray(0, EXCERPT_BYTES - kept));
          kept += chunk.length;
        });
        const finish = () => {
          const status = response.statusCode ?? null;
          const excerpt = Buffer.concat(chunks).toString('utf8') || null;
          const ok = status !== null && status >= 200 && status < 300;
          resolve({ status, durationMs: elapsed(), excerpt, ...(ok ? {} : { error: `answered ${status}` }) });
        };
        response.on('end', finish);
        response.on('error', (error) =>
          resolve({ status: response.statusCode ?? null, durationMs: elapsed(), excerpt: null, error: error.message }),
        );
      },
    );
    request.on('error', (error) =>
      resolve({ status: null, durationMs: elapsed(), excerpt: null, error: error.message }),
    );
    request.end(body);
  });
}

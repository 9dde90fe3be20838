import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent, type Dispatcher } from 'undici';
import { hostOf, isPublicAddress } from '../domain/network-rules.js';

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

/** What a delivery needs of its URL, parsed once per URL. */
interface Target {
  origin: string;
  path: string;
  /** The host when it is an IP address, else undefined. */
  address?: string;
}

/** Parsed URLs kept: endpoints are few; the map is emptied if it ever grows past this. */
const MAX_TARGETS = 1000;

/**
 * POSTs webhooks over undici's connection pools (kept alive per endpoint origin): no redirect is
 * followed (a 3xx is a failure), the answer must be 2xx within `timeoutMs` and before `signal`
 * fires; a short excerpt of the answer is kept for the deliveries log. It uses undici's
 * `dispatch` with a handler of its own rather than `request`: the answer is only counted and
 * excerpted, so the readable stream and promises `request` builds for its body are not needed
 * (measured in docs/performance.md, session 12).
 */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly publicOnly = new Agent({ connect: { lookup: publicOnlyLookup } });
  private readonly anywhere = new Agent();
  private readonly targets = new Map<string, Target>();

  post(
    url: string,
    headers: Record<string, string>,
    body: string,
    options: { allowPrivateNetworks: boolean; timeoutMs: number; signal: AbortSignal },
  ): Promise<WebhookResponse> {
    const target = this.targetOf(url);
    if (!options.allowPrivateNetworks && target.address && !isPublicAddress(target.address)) {
      const error = `${target.address} is not a public address`;
      return Promise.resolve({ status: null, durationMs: 0, excerpt: null, error });
    }
    const dispatcher = options.allowPrivateNetworks ? this.anywhere : this.publicOnly;
    return new Promise((resolve) => {
      const answer = new AnswerHandler(options.signal, resolve);
      try {
        dispatcher.dispatch(
          {
            origin: target.origin,
            path: target.path,
            method: 'POST',
            headers,
            body,
            headersTimeout: options.timeoutMs,
            bodyTimeout: options.timeoutMs,
          },
          answer,
        );
      } catch (error) {
        answer.onResponseError(undefined, error as Error);
      }
    });
  }

  /** After the relay has stopped: connections still open are closed once their requests end. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    await Promise.all([this.publicOnly.close(), this.anywhere.close()]);
  }

  private targetOf(url: string): Target {
    let target = this.targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      const host = hostOf(parsed);
      target = { origin: parsed.origin, path: parsed.pathname + parsed.search, address: isIP(host) ? host : undefined };
      if (this.targets.size >= MAX_TARGETS) this.targets.clear();
      this.targets.set(url, target);
    }
    return target;
  }
}

/**
 * One delivery's answer, as undici hands it over: the status, then the body, of which the first
 * EXCERPT_BYTES are kept and at most READ_BYTES read (so that the connection can be reused; a longer
 * answer closes it). `signal` aborts the request, at once or as soon as it starts.
 */
class AnswerHandler implements Dispatcher.DispatchHandler {
  private readonly started = performance.now();
  private status: number | null = null;
  private readonly chunks: Buffer[] = [];
  private read = 0;
  private cut = false;
  private stopListening?: () => void;

  constructor(
    private readonly signal: AbortSignal,
    private readonly resolve: (response: WebhookResponse) => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    if (this.signal.aborted) return controller.abort(this.signal.reason as Error);
    const abort = () => controller.abort(this.signal.reason as Error);
    this.signal.addEventListener('abort', abort, { once: true });
    this.stopListening = () => this.signal.removeEventListener('abort', abort);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.read < EXCERPT_BYTES) this.chunks.push(chunk.subarray(0, EXCERPT_BYTES - this.read));
    this.read += chunk.length;
    if (this.read > READ_BYTES && !this.cut) {
      this.cut = true;
      controller.abort(new Error(`answer longer than ${READ_BYTES} bytes`));
    }
  }

  onResponseEnd(): void {
    this.answered();
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (this.cut) return this.answered();
    this.finish({ status: null, excerpt: null, error: messageOf(error) });
  }

  private answered(): void {
    const status = this.status ?? 0;
    const ok = status >= 200 && status < 300;
    const excerpt = Buffer.concat(this.chunks).toString('utf8') || null;
    this.finish({ status: this.status, excerpt, ...(ok ? {} : { error: `answered ${status}` }) });
  }

  private finish(response: Omit<WebhookResponse, 'durationMs'>): void {
    this.stopListening?.();
    this.resolve({ ...response, durationMs: Math.round(performance.now() - this.started) });
  }
}

/** undici wraps connection errors (a refused lookup among them): the cause says what happened. */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? error.cause.message : error.message;
}

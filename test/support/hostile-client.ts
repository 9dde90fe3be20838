import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { assertConformsToDocument } from './openapi-contract.js';
import { randomHandle } from './handles.js';
import { TEST_ADMIN_KEY } from './test-app.js';

/**
 * Plain HTTP for the reliability tests, which send what no client should and assert the answers
 * themselves: each answer is still held to the OpenAPI document (an error the document does not
 * declare is drift too). The raw-socket variant, for what `fetch` refuses to send (oversized header
 * blocks, malformed request lines), is not: those requests never reach an API operation.
 */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

export interface SendOptions {
  key?: string;
  headers?: Record<string, string>;
  /** Serialized as JSON with `Content-Type: application/ld+json` unless a type is given. */
  json?: unknown;
  /** Sent as is. */
  raw?: string | Uint8Array;
}

export async function send(
  baseUrl: string,
  method: string,
  path: string,
  options: SendOptions = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
  let body: string | Uint8Array | undefined = options.raw;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= method === 'PATCH' ? 'application/merge-patch+json' : 'application/ld+json';
  }
  const response = await fetch(baseUrl + path, { method, headers, body });
  const text = await response.text();
  // The path as the server saw it: fetch resolves dot segments (`/a/../b`).
  const { pathname, search } = new URL(response.url);
  await assertConformsToDocument(baseUrl, {
    method,
    path: pathname + search,
    status: response.status,
    headers: response.headers,
    text,
  });
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON; the caller asserts on `text`.
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** One request written byte for byte on a fresh connection; resolves with the status line and body. */
export function sendRaw(baseUrl: string, request: string): Promise<{ status: number; head: string; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => (chunks.length > 0 ? finish() : reject(error)));
    socket.on('close', finish);
    socket.write(request);
    let done = false;
    function finish() {
      if (done) return;
      done = true;
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, head, body: rest.join('\r\n\r\n') });
    }
  });
}

const PROBLEM_TYPES = /^application\/problem\+json(;|$)/;

/**
 * Why `response` is not a valid problem document for its status (undefined when it is): problem
 * content type, `status` equal to the HTTP status, `type` `/errors/<status>` or a validation type,
 * a title and detail, no stack trace, SQL or driver detail anywhere.
 */
export function problemDefect(response: { status: number; headers: Headers; text: string }): string | undefined {
  const type = response.headers.get('content-type') ?? '';
  if (!PROBLEM_TYPES.test(type)) return `content-type ${type}`;
  let body: any;
  try {
    body = JSON.parse(response.text);
  } catch {
    return 'body is not JSON';
  }
  if (body === null || typeof body !== 'object') return 'body is not an object';
  if (body.status !== response.status) return `status ${body.status} in the body`;
  if (typeof body.title !== 'string' || typeof body.detail !== 'string') return 'title or detail missing';
  if (body.type !== `/errors/${response.status}` && !String(body.type).startsWith('/validation_errors/')) {
    return `type ${body.type}`;
  }
  const leak = leakIn(response.text);
  if (leak) return `leaks ${leak}`;
  return undefined;
}

/** Text that must never reach a client: stack frames, SQL, driver and constraint names. */
export function leakIn(text: string): string | undefined {
  const patterns: [string, RegExp][] = [
    ['a stack trace', /\bat [\w$.<>]+ \(|\.(ts|js):\d+:\d+/],
    ['SQL', /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b|\bsyntax error at or near\b/],
    [
      'a driver error',
      /QueryFailedError|duplicate key value|violates (unique|foreign key|check) constraint|ECONNREFUSED/,
    ],
    ['a constraint name', /\b\w+_(key|pkey|fkey|idx)\b/],
    ['a Node error', /TypeError|ReferenceError|RangeError|Cannot read propert/],
  ];
  return patterns.find(([, pattern]) => pattern.test(text))?.[0];
}

export interface Tenant {
  partnerId: string;
  apiKey: string;
  apiKeyId: string;
}

/** Fixtures built through the API with plain requests (the admin key creates partners). */
export class Fixtures {
  constructor(private readonly baseUrl: string) {}

  async partner(name = 'Partner'): Promise<Tenant> {
    const response = await send(this.baseUrl, 'POST', '/api/admin/partners', {
      key: TEST_ADMIN_KEY,
      json: { name, email: `${randomUUID()}@partners.test` },
    });
    if (response.status !== 201) throw new Error(`partner: ${response.status} ${response.text}`);
    return { partnerId: response.body.id, apiKey: response.body.api_key, apiKeyId: response.body.api_key_id };
  }

  async organization(owner: Tenant, name = 'Organization'): Promise<string> {
    const response = await send(this.baseUrl, 'POST', '/api/organizations', { key: owner.apiKey, json: { name } });
    if (response.status !== 201) throw new Error(`organization: ${response.status} ${response.text}`);
    return response.body.id;
  }

  async instance(owner: Tenant, organizationId: string, name = 'Instance', handle = randomHandle()) {
    const response = await send(this.baseUrl, 'POST', `/api/organizations/${organizationId}/instances`, {
      key: owner.apiKey,
      json: { name, handle },
    });
    if (response.status !== 201) throw new Error(`instance: ${response.status} ${response.text}`);
    return response.body as { id: string; name: string; handle: string };
  }

  async revokeKey(tenant: Tenant): Promise<void> {
    const response = await send(
      this.baseUrl,
      'DELETE',
      `/api/admin/partners/${tenant.partnerId}/keys/${tenant.apiKeyId}`,
      {
        key: TEST_ADMIN_KEY,
      },
    );
    if (response.status !== 204) throw new Error(`revoke: ${response.status} ${response.text}`);
  }
}

import { randomUUID } from 'node:crypto';
import { assertConformsToDocument } from './openapi-contract.js';
import { TEST_ADMIN_KEY } from './test-app.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  key?: string;
  body?: unknown;
  /** A raw body, sent as given (for malformed input). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestPartner {
  id: string;
  name: string;
  email: string;
  apiKey: string;
  apiKeyId: string;
}

/**
 * A thin fetch wrapper plus the factories that build each test's own data through the API. Every
 * response is checked against the OpenAPI document the application serves (status, content type,
 * body schema): a response the document does not describe fails the test that received it.
 */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= method === 'PATCH' ? 'application/merge-patch+json' : 'application/ld+json';
    }
    const response = await fetch(this.baseUrl + path, { method, headers, body });
    const text = await response.text();
    await assertConformsToDocument(this.baseUrl, {
      method,
      path,
      status: response.status,
      headers: response.headers,
      text,
    });
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON: tests read `text`.
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, key?: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, { key, headers });
  }

  post<T = any>(path: string, key: string | undefined, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, { key, body, headers });
  }

  async createPartner(name = 'Partner'): Promise<TestPartner> {
    const email = `${randomUUID()}@partners.test`;
    const response = await this.post('/api/admin/partners', TEST_ADMIN_KEY, { name, email });
    if (response.status !== 201) throw new Error(`createPartner: ${response.status} ${response.text}`);
    const { id, api_key, api_key_id } = response.body;
    return { id, name, email, apiKey: api_key, apiKeyId: api_key_id };
  }

  async createOrganization(owner: TestPartner, name = 'Organization'): Promise<string> {
    const response = await this.post('/api/organizations', owner.apiKey, { name });
    if (response.status !== 201) throw new Error(`createOrganization: ${response.status} ${response.text}`);
    return response.body.id;
  }

  /**
   * Makes `partner` a member of the organization the way a partner joins: with its consent. The
   * owner invites its email with `role`, the partner accepts (PUT .../members only changes roles).
   */
  async addMember(owner: TestPartner, organizationId: string, partner: TestPartner, role: 'owner' | 'member') {
    const invited = await this.post(`/api/organizations/${organizationId}/invitations`, owner.apiKey, {
      email: partner.email,
      role,
    });
    if (invited.status !== 201) throw new Error(`addMember (invite): ${invited.status} ${invited.text}`);
    const accepted = await this.post(`/api/invitations/${invited.body.id}/accept`, partner.apiKey);
    if (accepted.status !== 200) throw new Error(`addMember (accept): ${accepted.status} ${accepted.text}`);
  }

  /** An owner changes the role of an existing member (PUT .../members/{partnerId}). */
  async changeRole(owner: TestPartner, organizationId: string, partner: TestPartner, role: 'owner' | 'member') {
    const response = await this.request('PUT', `/api/organizations/${organizationId}/members/${partner.id}`, {
      key: owner.apiKey,
      body: { role },
    });
    if (response.status !== 200) throw new Error(`changeRole: ${response.status} ${response.text}`);
  }
}

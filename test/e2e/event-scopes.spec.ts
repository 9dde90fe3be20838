import type { TestPartner } from '../support/api-client.js';
import { integrationToken } from '../support/integration-token.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The events feed and the webhook endpoints name their scopes: a token reaches them only with those. */
describe('scopes of the events feed and the webhook endpoints', () => {
  let t: TestApp;
  let owner: TestPartner;
  let organizationId: string;

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    owner = await t.api.createPartner('Scoped events owner');
    organizationId = await t.api.createOrganization(owner, 'Scoped events');
  });
  afterAll(() => t?.close());

  const events = () => `/api/organizations/${organizationId}/events`;
  const endpoints = () => `/api/organizations/${organizationId}/webhook-endpoints`;
  const newEndpoint = { url: 'http://127.0.0.1:9/hook' };

  function expectMissing(response: { status: number; headers: Headers; body: any }, scope: string): void {
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(`Bearer error="insufficient_scope", scope="${scope}"`);
    expect(response.body.detail).toContain(`"${scope}"`);
  }

  it('reads the feed with events:read, and nothing of the webhooks with it', async () => {
    const { token } = await integrationToken(t, owner, organizationId, ['events:read']);
    expect((await t.api.get(events(), token)).status).toBe(200);
    expectMissing(await t.api.get(endpoints(), token), 'webhooks:read');
    expectMissing(await t.api.post(endpoints(), token, newEndpoint), 'webhooks:write');
  });

  it('refuses the feed to a token with only instance scopes', async () => {
    const { token } = await integrationToken(t, owner, organizationId, ['instances:read', 'instances:write']);
    expectMissing(await t.api.get(events(), token), 'events:read');
  });

  it('manages endpoints with webhooks:write and reads them with webhooks:read', async () => {
    const writer = await integrationToken(t, owner, organizationId, ['webhooks:write']);
    const created = await t.api.post(endpoints(), writer.token, newEndpoint);
    expect(created.status).toBe(201);
    expectMissing(await t.api.get(endpoints(), writer.token), 'webhooks:read');
    const reader = await integrationToken(t, owner, organizationId, ['webhooks:read']);
    const listed = await t.api.get(endpoints(), reader.token);
    expect(listed.status).toBe(200);
    expect(listed.body.member.map((endpoint: { id: string }) => endpoint.id)).toEqual([created.body.id]);
    expectMissing(
      await t.api.request('DELETE', `${endpoints()}/${created.body.id}`, { key: reader.token }),
      'webhooks:write',
    );
  });
});

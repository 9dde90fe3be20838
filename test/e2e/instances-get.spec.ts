import { randomUUID } from 'node:crypto';
import type { TestPartner } from '../support/api-client.js';
import { randomHandle } from '../support/handles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { world } from '../support/world.js';
import { INSTANCE_KEYS, JSON_LD, PROBLEM, TIMESTAMP, expectProblem } from '../support/wire-format.js';

describe('GET /api/organizations/{organizationId}/instances/{instanceId}', () => {
  let t: TestApp;
  let owner: TestPartner;
  let member: TestPartner;
  let outsider: TestPartner;
  let organizationId: string;
  let otherOrganizationId: string;
  let instance: Record<string, any>;
  let otherInstance: Record<string, any>;

  beforeAll(async () => {
    t = await startTestApp();
    ({ owner, member, outsider, organizationId } = await world(t, { organization: 'Acme' }));
    // The owner also owns a second organization: its instances must stay out of reach through the first.
    otherOrganizationId = await t.api.createOrganization(owner, 'Acme Other');

    const created = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
      name: 'Production EU',
      handle: randomHandle('prod'),
    });
    expect(created.status).toBe(201);
    instance = created.body;
    const other = await t.api.post(`/api/organizations/${otherOrganizationId}/instances`, owner.apiKey, {
      name: 'Elsewhere',
      handle: randomHandle('else'),
    });
    expect(other.status).toBe(201);
    otherInstance = other.body;
  });
  afterAll(() => t.close());

  const path = (instanceId: string, orgId = organizationId) => `/api/organizations/${orgId}/instances/${instanceId}`;

  it('answers 200 to the owner with the instance, in the documented key order', async () => {
    const response = await t.api.get(path(instance.id), owner.apiKey);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(JSON_LD);
    expect(Object.keys(response.body)).toEqual(INSTANCE_KEYS);
    expect(response.body).toEqual({
      '@context': '/api/contexts/OrganizationInstancesResource',
      '@id': `/api/organizations/${organizationId}/instances/${instance.id}`,
      '@type': 'OrganizationInstancesResource',
      id: instance.id,
      name: 'Production EU',
      handle: instance.handle,
      created_at: expect.stringMatching(TIMESTAMP),
      updated_at: expect.stringMatching(TIMESTAMP),
      organization_id: organizationId,
      created_by_organization_id: organizationId,
    });
    expect(response.body).toEqual(instance);
  });

  it('answers 200 to a plain member with the same body', async () => {
    const response = await t.api.get(path(instance.id), member.apiKey);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(instance);
  });

  it('sends the security and Vary headers', async () => {
    const response = await t.api.get(path(instance.id), owner.apiKey);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')?.toLowerCase()).toBe('deny');
    expect(response.headers.get('vary')?.toLowerCase()).toContain('accept');
  });

  it.each(['*/*', 'application/ld+json', 'application/json'])('answers JSON-LD for Accept: %s', async (accept) => {
    const response = await t.api.get(path(instance.id), owner.apiKey, { accept });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(JSON_LD);
    expect(response.body['@id']).toBe(instance['@id']);
  });

  it('answers 406 when Accept allows none of the served types', async () => {
    const response = await t.api.get(path(instance.id), owner.apiKey, { accept: 'text/html' });
    expect(response.status).toBe(406);
  });

  it('answers 404, not 406 or 415, for a route that does not exist, whatever the headers', async () => {
    const headers = { accept: 'text/html', 'content-type': 'text/plain' };
    const unknown = await t.api.request('POST', `${path(instance.id)}/no-such-thing`, {
      key: owner.apiKey,
      rawBody: 'x',
      headers,
    });
    expectProblem(unknown, 404, 'Not Found');
  });

  it('answers 403 to a partner outside the organization', async () => {
    const response = await t.api.get(path(instance.id), outsider.apiKey);
    expectProblem(response, 403, 'Forbidden');
    expect(response.text).not.toContain(instance.handle);
  });

  it('serves the Content-Location of the create response (@id + .jsonld) as the same instance', async () => {
    const response = await t.api.get(`${instance['@id']}.jsonld`, owner.apiKey);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(JSON_LD);
    expect(response.body).toEqual(instance);
  });

  it('answers 401 with WWW-Authenticate: Bearer without credentials', async () => {
    const response = await t.api.get(path(instance.id));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    expect(response.text).not.toContain(instance.handle);
  });

  it('answers 401 to an unknown API key', async () => {
    const response = await t.api.get(path(instance.id), 'definitely-not-a-key');
    expect(response.status).toBe(401);
  });

  it('answers 404 for an unknown instance id', async () => {
    const response = await t.api.get(path(randomUUID()), owner.apiKey);
    expectProblem(response, 404, 'Not Found');
  });

  it('sends the JSON-LD error Link header with a 404', async () => {
    const response = await t.api.get(path(randomUUID()), owner.apiKey);
    expect(response.status).toBe(404);
    expect(response.headers.get('link')).toContain(
      '<http://www.w3.org/ns/hydra/error>; rel="http://www.w3.org/ns/json-ld#error"',
    );
  });

  it.each(['application/problem+json', 'application/json'])(
    'answers a plain problem document (no @ keys, no description) to Accept: %s',
    async (accept) => {
      const response = await t.api.get(path(randomUUID()), owner.apiKey, { accept });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(Object.keys(response.body).sort()).toEqual(['detail', 'status', 'title', 'type']);
      expect(response.body).toMatchObject({ title: 'Not Found', status: 404, type: '/errors/404' });
      expect(response.body.detail).toMatch(/\S/);
    },
  );

  it("answers 404 for another organization's instance addressed through this organization", async () => {
    const response = await t.api.get(path(otherInstance.id), owner.apiKey);
    expectProblem(response, 404, 'Not Found');
    expect(response.text).not.toContain(otherInstance.handle);
    // ...while the same partner reads it through its own organization.
    const direct = await t.api.get(path(otherInstance.id, otherOrganizationId), owner.apiKey);
    expect(direct.status).toBe(200);
    expect(direct.body.organization_id).toBe(otherOrganizationId);
  });

  it("answers 404 to a member for another organization's instance", async () => {
    const response = await t.api.get(path(otherInstance.id), member.apiKey);
    expect(response.status).toBe(404);
  });

  it.each(['not-a-uuid', '123', `${randomUUID()}0`, 'null'])(
    'answers 404 for an instance id that is not a UUID (%s)',
    async (instanceId) => {
      const response = await t.api.get(path(instanceId), owner.apiKey);
      expectProblem(response, 404, 'Not Found');
    },
  );

  it('answers 404 for an unknown organization', async () => {
    const response = await t.api.get(path(instance.id, randomUUID()), owner.apiKey);
    expectProblem(response, 404, 'Not Found');
  });

  it('answers 404 for an organization id that is not a UUID', async () => {
    const response = await t.api.get(path(instance.id, 'acme'), owner.apiKey);
    expect(response.status).toBe(404);
  });

  it('accepts the instance id in upper case as the same UUID or answers 404, never 5xx', async () => {
    const response = await t.api.get(path(instance.id.toUpperCase()), owner.apiKey);
    expect([200, 404]).toContain(response.status);
    if (response.status === 200) expect(response.body.id).toBe(instance.id);
  });
});

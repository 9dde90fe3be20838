import type { ApiResponse, TestPartner } from '../support/api-client.js';
import { randomHandle } from '../support/handles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectProblem } from '../support/wire-format.js';

const API_DOCUMENTATION_REL = 'rel="http://www.w3.org/ns/hydra/core#apiDocumentation"';
const JSON_LD_ERROR_LINK = '<http://www.w3.org/ns/hydra/error>; rel="http://www.w3.org/ns/json-ld#error"';

/** Issue 12, part 3: what the routes themselves tell a client (405, 404, LDP headers, Link). */
describe('HTTP semantics of the routes', () => {
  let t: TestApp;
  let owner: TestPartner;
  let organizationId: string;
  let instancePath: string;
  const collectionPath = () => `/api/organizations/${organizationId}/instances`;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await t.api.createPartner('Owner');
    organizationId = await t.api.createOrganization(owner, 'Acme');
    const created = await t.api.post(collectionPath(), owner.apiKey, { name: 'Prod', handle: randomHandle() });
    instancePath = created.body['@id'];
  });
  afterAll(() => t.close());

  const expectSecurityHeaders = (response: ApiResponse) => {
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')?.toLowerCase()).toBe('deny');
    expect(response.headers.get('vary')?.toLowerCase()).toContain('accept');
  };

  describe('405 and 404', () => {
    it('answers a known path asked with a method it does not serve with 405, Allow and a problem', async () => {
      const response = await t.api.request('PUT', instancePath, { key: owner.apiKey, body: { name: 'x' } });
      expectProblem(response, 405, 'Method Not Allowed');
      expect(response.headers.get('allow')).toBe('GET, HEAD, PATCH, DELETE');
      expect(response.body.detail).not.toMatch(/Cannot/);
      expectSecurityHeaders(response);
    });

    it('lists the collection methods in Allow of a 405 on a collection', async () => {
      const response = await t.api.request('DELETE', collectionPath(), { key: owner.apiKey });
      expectProblem(response, 405, 'Method Not Allowed');
      expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
    });

    it.each(['/api/no-such-thing', '/no-such-thing', '/api/organizations/x/instances/y/z'])(
      'answers an unknown path (%s) 404 in our words, never the framework wording',
      async (path) => {
        const response = await t.api.request('PUT', path, { key: owner.apiKey });
        expectProblem(response, 404, 'Not Found', 'No resource of this API has this URL.');
        expect(response.headers.get('allow')).toBeNull();
        expectSecurityHeaders(response);
      },
    );
  });

  describe('LDP headers', () => {
    it('sends Allow and Accept-Post on a collection', async () => {
      const response = await t.api.get(collectionPath(), owner.apiKey);
      expect(response.status).toBe(200);
      expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
      expect(response.headers.get('accept-post')).toBe('application/ld+json');
      expect(response.headers.get('accept-patch')).toBeNull();
    });

    it('sends Allow and Accept-Patch on an item', async () => {
      const response = await t.api.get(instancePath, owner.apiKey);
      expect(response.headers.get('allow')).toBe('GET, HEAD, PATCH, DELETE');
      expect(response.headers.get('accept-patch')).toBe('application/merge-patch+json');
      expect(response.headers.get('accept-post')).toBeNull();
    });

    it('sends them on the answer to a write too', async () => {
      const response = await t.api.request('PATCH', instancePath, { key: owner.apiKey, body: { name: 'Prod 2' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('allow')).toBe('GET, HEAD, PATCH, DELETE');
    });

    it('names the representation of a PATCH answer in Content-Location, as API Platform does', async () => {
      const instance = await t.api.request('PATCH', instancePath, { key: owner.apiKey, body: { name: 'Prod 3' } });
      expect(instance.headers.get('content-location')).toBe(`${instancePath}.jsonld`);
      const organization = await t.api.request('PATCH', `/api/organizations/${organizationId}`, {
        key: owner.apiKey,
        body: { name: 'Acme 2' },
      });
      expect(organization.headers.get('content-location')).toBe(`/api/organizations/${organizationId}.jsonld`);
    });
  });

  describe('the Link to the API documentation', () => {
    it('is on a success, pointing at /api/docs.jsonld on this host', async () => {
      const response = await t.api.get(instancePath, owner.apiKey);
      expect(response.headers.get('link')).toBe(`<${t.baseUrl}/api/docs.jsonld>; ${API_DOCUMENTATION_REL}`);
    });

    it('is on an error, beside the json-ld#error link', async () => {
      const response = await t.api.get(`${collectionPath()}/${organizationId}`, owner.apiKey);
      expect(response.status).toBe(404);
      expect(response.headers.get('link')).toBe(
        `<${t.baseUrl}/api/docs.jsonld>; ${API_DOCUMENTATION_REL}, ${JSON_LD_ERROR_LINK}`,
      );
    });

    it('is on a 401 and on an unknown /api path', async () => {
      for (const response of [await t.api.get(collectionPath()), await t.api.get('/api/nothing-here')]) {
        expect(response.headers.get('link')).toContain(API_DOCUMENTATION_REL);
      }
    });
  });

  describe('refusals at content negotiation', () => {
    it('carries Vary, nosniff and the frame header on a 406', async () => {
      const response = await t.api.get(instancePath, owner.apiKey, { accept: 'text/html' });
      expect(response.status).toBe(406);
      expectSecurityHeaders(response);
      expect(response.headers.get('link')).toContain(API_DOCUMENTATION_REL);
    });

    it('carries Vary, nosniff and the frame header on a 415', async () => {
      const response = await t.api.request('POST', collectionPath(), {
        key: owner.apiKey,
        rawBody: 'name=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(response.status).toBe(415);
      expectSecurityHeaders(response);
    });
  });
});

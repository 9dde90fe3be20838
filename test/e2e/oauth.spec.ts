import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import * as client from 'openid-client';
import type { TestPartner } from '../support/api-client.js';
import { randomHandle } from '../support/handles.js';
import { freePort } from '../support/service-process.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { world } from '../support/world.js';

/**
 * Integrations and the token endpoint, driven by a standard OAuth client (openid-client:
 * discovery from the metadata URL, client credentials grant) and verified with jose against the
 * published JWKS, as another service would.
 */

interface Integration {
  id: string;
  client_id: string;
  client_secret: string;
}

async function startAt(env: Record<string, string> = {}): Promise<TestApp> {
  const port = await freePort();
  return startTestApp({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...env });
}

async function discover(t: TestApp, integration: Integration, method: 'basic' | 'post' = 'basic') {
  const auth =
    method === 'basic'
      ? client.ClientSecretBasic(integration.client_secret)
      : client.ClientSecretPost(integration.client_secret);
  return client.discovery(new URL(t.baseUrl), integration.client_id, undefined, auth, {
    algorithm: 'oauth2',
    execute: [client.allowInsecureRequests],
  });
}

async function tokenFor(t: TestApp, integration: Integration, scope?: string): Promise<string> {
  const config = await discover(t, integration);
  const response = await client.clientCredentialsGrant(config, scope === undefined ? {} : { scope });
  return response.access_token;
}

/** A raw token request, for the error answers a well-behaved client never provokes. */
async function tokenRequest(t: TestApp, body: string | undefined, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: body === undefined ? headers : { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('OAuth 2.0 integrations', () => {
  let t: TestApp;
  let owner: TestPartner;
  let member: TestPartner;
  let organizationId: string;
  let otherOrganizationId: string;
  let instanceId: string;
  let full: Integration;
  let readOnly: Integration;

  const instances = () => `/api/organizations/${organizationId}/instances`;

  async function createIntegration(scopes: string[], org = organizationId, key = owner.apiKey) {
    const response = await t.api.post(`/api/organizations/${org}/integrations`, key, { name: 'ERP sync', scopes });
    expect(response.status).toBe(201);
    return response.body as Integration;
  }

  beforeAll(async () => {
    t = await startAt({ AUTH_CACHE_TTL_MS: '60000' });
    ({ owner, member, organizationId } = await world(t, { organization: 'Integrated' }));
    otherOrganizationId = await t.api.createOrganization(owner, 'Other of the same owner');
    const instance = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
      name: 'Integrated instance',
      handle: randomHandle('oauth'),
    });
    instanceId = instance.body.id;
    full = await createIntegration(['instances:read', 'instances:write', 'organizations:read']);
    readOnly = await createIntegration(['instances:read']);
  });
  afterAll(() => t?.close());

  describe('integrations', () => {
    it('creates one with its secret shown once, then lists and gets it without the secret', async () => {
      const created = await t.api.post(`/api/organizations/${organizationId}/integrations`, owner.apiKey, {
        name: 'Reporting',
        scopes: ['instances:read', 'instances:read', 'organizations:read'],
      });
      expect(created.status).toBe(201);
      expect(Object.keys(created.body)).toEqual([
        '@context',
        '@id',
        '@type',
        'id',
        'name',
        'client_id',
        'client_secret',
        'scopes',
        'created_at',
      ]);
      expect(created.body.scopes).toEqual(['instances:read', 'organizations:read']);
      expect(created.headers.get('location')).toBe(created.body['@id']);
      const one = await t.api.get(created.body['@id'], owner.apiKey);
      expect(one.status).toBe(200);
      expect(one.body).not.toHaveProperty('client_secret');
      expect(one.body.client_id).toBe(created.body.client_id);
      const list = await t.api.get(`/api/organizations/${organizationId}/integrations`, owner.apiKey);
      expect(list.body.member.map((i: { id: string }) => i.id)).toContain(created.body.id);
      expect(list.text).not.toContain(created.body.client_secret);
    });

    it('refuses unknown, missing and empty scopes and a blank name with 422', async () => {
      const path = `/api/organizations/${organizationId}/integrations`;
      const unknown = await t.api.post(path, owner.apiKey, { name: 'X', scopes: ['instances:read', 'admin:all'] });
      expect(unknown.status).toBe(422);
      expect(unknown.body.violations).toEqual([expect.objectContaining({ propertyPath: 'scopes' })]);
      expect(unknown.body.violations[0].message).toContain('"admin:all"');
      const empty = await t.api.post(path, owner.apiKey, { name: ' ', scopes: [] });
      expect(empty.status).toBe(422);
      expect(empty.body.violations.map((v: { propertyPath: string }) => v.propertyPath)).toEqual(['name', 'scopes']);
      const wrongType = await t.api.post(path, owner.apiKey, { name: 'X', scopes: 'instances:read' });
      expect(wrongType.status).toBe(400);
    });

    it('lets owners only manage integrations', async () => {
      const path = `/api/organizations/${organizationId}/integrations`;
      expect((await t.api.post(path, member.apiKey, { name: 'X', scopes: ['instances:read'] })).status).toBe(403);
      expect((await t.api.get(path, member.apiKey)).status).toBe(403);
      const outsider = await t.api.createPartner('Outsider');
      expect((await t.api.get(path, outsider.apiKey)).status).toBe(403);
      // Another organization's integration through one's own path: not found.
      const foreign = await createIntegration(['instances:read'], otherOrganizationId);
      expect((await t.api.get(`${path}/${foreign.id}`, owner.apiKey)).status).toBe(404);
      expect((await t.api.request('DELETE', `${path}/${foreign.id}`, { key: owner.apiKey })).status).toBe(404);
    });
  });

  describe('the token endpoint with a standard client', () => {
    it('serves RFC 8414 metadata built from PUBLIC_URL, whatever the Host header', async () => {
      const response = await fetch(`${t.baseUrl}/.well-known/oauth-authorization-server`, {
        headers: { host: 'attacker.example' },
      });
      const metadata = (await response.json()) as Record<string, unknown>;
      expect(metadata).toMatchObject({
        issuer: t.baseUrl,
        token_endpoint: `${t.baseUrl}/oauth/token`,
        jwks_uri: `${t.baseUrl}/.well-known/jwks.json`,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
      expect(metadata.scopes_supported).toEqual(
        expect.arrayContaining(['instances:read', 'instances:write', 'organizations:read', 'events:read']),
      );
    });

    it.each(['basic', 'post'] as const)(
      'issues an RFC 9068 JWT with client_secret_%s that verifies against the JWKS',
      async (method) => {
        const config = await discover(t, full, method);
        expect(config.serverMetadata().issuer).toBe(t.baseUrl);
        const response = await client.clientCredentialsGrant(config, { scope: 'instances:read' });
        expect(response.token_type).toBe('bearer');
        expect(response.scope).toBe('instances:read');
        expect(response.expires_in).toBe(900);

        const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
        const { payload, protectedHeader } = await jwtVerify(response.access_token, jwks, {
          issuer: t.baseUrl,
          audience: `${t.baseUrl}/api`,
          typ: 'at+jwt',
        });
        expect(protectedHeader.alg).toBe('ES256');
        expect(payload).toMatchObject({
          sub: full.client_id,
          client_id: full.client_id,
          scope: 'instances:read',
          org_id: organizationId,
        });
        expect(typeof payload.jti).toBe('string');
        expect(payload.exp! - payload.iat!).toBe(900);
      },
    );

    it('grants every scope of the integration when none is asked for', async () => {
      const payload = decodeJwt(await tokenFor(t, full));
      expect(payload.scope).toBe('instances:read instances:write organizations:read');
    });

    it('answers no-store on success', async () => {
      const response = await tokenRequest(t, 'grant_type=client_credentials', {
        authorization: basic(full.client_id, full.client_secret),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(Object.keys(response.body)).toEqual(['access_token', 'token_type', 'expires_in', 'scope']);
      expect(response.body.token_type).toBe('Bearer');
    });
  });

  describe('every error answer of the token endpoint (RFC 6749 section 5.2)', () => {
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const cases: [string, () => [string | undefined, Record<string, string>], number, string][] = [
      [
        'wrong secret (basic)',
        () => ['grant_type=client_credentials', { authorization: basic(full.client_id, 'nope') }],
        401,
        'invalid_client',
      ],
      [
        'wrong secret (post)',
        () => [form({ grant_type: 'client_credentials', client_id: full.client_id, client_secret: 'nope' }), {}],
        401,
        'invalid_client',
      ],
      [
        'unknown client',
        () => ['grant_type=client_credentials', { authorization: basic('iic_unknown', 'x') }],
        401,
        'invalid_client',
      ],
      ['no client authentication', () => ['grant_type=client_credentials', {}], 401, 'invalid_client'],
      [
        'client_id without secret',
        () => [form({ grant_type: 'client_credentials', client_id: full.client_id }), {}],
        401,
        'invalid_client',
      ],
      [
        'malformed Basic credentials',
        () => ['grant_type=client_credentials', { authorization: 'Basic !!!' }],
        401,
        'invalid_client',
      ],
      [
        'another authentication scheme',
        () => ['grant_type=client_credentials', { authorization: 'Bearer abc' }],
        401,
        'invalid_client',
      ],
      [
        'two authentication methods',
        () => [
          form({ grant_type: 'client_credentials', client_secret: full.client_secret }),
          { authorization: basic(full.client_id, full.client_secret) },
        ],
        400,
        'invalid_request',
      ],
      [
        'missing grant_type',
        () => ['', { authorization: basic(full.client_id, full.client_secret) }],
        400,
        'invalid_request',
      ],
      [
        'repeated parameter',
        () => [
          'grant_type=client_credentials&grant_type=client_credentials',
          { authorization: basic(full.client_id, full.client_secret) },
        ],
        400,
        'invalid_request',
      ],
      [
        'JSON body',
        () => [
          JSON.stringify({ grant_type: 'client_credentials' }),
          { 'content-type': 'application/json', authorization: basic(full.client_id, full.client_secret) },
        ],
        400,
        'invalid_request',
      ],
      [
        'text body',
        () => [
          'grant_type=client_credentials',
          { 'content-type': 'text/plain', authorization: basic(full.client_id, full.client_secret) },
        ],
        400,
        'invalid_request',
      ],
      [
        'no body',
        () => [undefined, { authorization: basic(full.client_id, full.client_secret) }],
        400,
        'invalid_request',
      ],
      [
        'password grant',
        () => [
          form({ grant_type: 'password', username: 'a', password: 'b' }),
          { authorization: basic(full.client_id, full.client_secret) },
        ],
        400,
        'unsupported_grant_type',
      ],
      [
        'authorization_code grant',
        () => [
          form({ grant_type: 'authorization_code', code: 'x' }),
          { authorization: basic(full.client_id, full.client_secret) },
        ],
        400,
        'unsupported_grant_type',
      ],
      [
        'scope beyond the integration',
        () => [
          form({ grant_type: 'client_credentials', scope: 'instances:read instances:write' }),
          { authorization: basic(readOnly.client_id, readOnly.client_secret) },
        ],
        400,
        'invalid_scope',
      ],
      [
        'unknown scope',
        () => [
          form({ grant_type: 'client_credentials', scope: 'everything' }),
          { authorization: basic(full.client_id, full.client_secret) },
        ],
        400,
        'invalid_scope',
      ],
      [
        'empty scope',
        () => [
          form({ grant_type: 'client_credentials', scope: '' }),
          { authorization: basic(full.client_id, full.client_secret) },
        ],
        400,
        'invalid_scope',
      ],
      [
        'scope with double spaces',
        () => [
          form({ grant_type: 'client_credentials', scope: 'instances:read  instances:write' }),
          { authorization: basic(full.client_id, full.client_secret) },
        ],
        400,
        'invalid_scope',
      ],
    ];

    it.each(cases.map(([name, build, status, error]) => [name, status, error, build] as const))(
      '%s -> %i %s',
      async (_name, status, error, build) => {
        const [body, headers] = build();
        const response = await tokenRequest(t, body, headers);
        expect({ status: response.status, error: response.body.error }).toEqual({ status, error });
        expect(typeof response.body.error_description).toBe('string');
        expect(Object.keys(response.body)).toEqual(['error', 'error_description']);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(response.headers.get('cache-control')).toBe('no-store');
        if (status === 401) expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="instances-api"/);
      },
    );

    it('reports the error through the standard client too', async () => {
      const config = await discover(t, { ...readOnly, client_secret: 'wrong' });
      const refused = await client.clientCredentialsGrant(config).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(client.WWWAuthenticateChallengeError);
      const challenge = refused as client.WWWAuthenticateChallengeError;
      expect(challenge.status).toBe(401);
      expect(challenge.cause[0].scheme).toBe('basic');
      expect(((await challenge.response.json()) as { error: string }).error).toBe('invalid_client');
      const scoped = await discover(t, readOnly);
      await expect(client.clientCredentialsGrant(scoped, { scope: 'instances:write' })).rejects.toMatchObject({
        error: 'invalid_scope',
      });
    });
  });

  describe('tokens on the API', () => {
    it('acts within its organization and scopes', async () => {
      const token = await tokenFor(t, full);
      expect((await t.api.get(instances(), token)).status).toBe(200);
      expect((await t.api.get(`${instances()}/${instanceId}`, token)).status).toBe(200);
      expect((await t.api.get(`/api/organizations/${organizationId}`, token)).status).toBe(200);
      const created = await t.api.post(instances(), token, { name: 'By the integration', handle: randomHandle('int') });
      expect(created.status).toBe(201);
      const renamed = await t.api.request('PATCH', `${instances()}/${created.body.id}`, {
        key: token,
        body: { name: 'Renamed by the integration' },
      });
      expect(renamed.status).toBe(200);
    });

    it('answers 403 insufficient_scope naming the scope outside its scopes', async () => {
      const token = await tokenFor(t, readOnly);
      expect((await t.api.get(instances(), token)).status).toBe(200);
      const refused = await t.api.post(instances(), token, { name: 'Nope', handle: randomHandle('nope') });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('www-authenticate')).toBe(
        'Bearer error="insufficient_scope", scope="instances:write"',
      );
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body.detail).toContain('"instances:write"');
      // A token asked for fewer scopes than the integration holds is limited to those.
      const narrow = await tokenFor(t, full, 'instances:read');
      expect((await t.api.post(instances(), narrow, { name: 'Nope', handle: randomHandle('nope') })).status).toBe(403);
      const org = await t.api.get(`/api/organizations/${organizationId}`, narrow);
      expect(org.status).toBe(403);
      expect(org.headers.get('www-authenticate')).toContain('scope="organizations:read"');
    });

    it("answers another organization's routes as for an outsider, and partner-wide routes 403", async () => {
      const token = await tokenFor(t, full);
      const other = await t.api.get(`/api/organizations/${otherOrganizationId}/instances`, token);
      expect(other.status).toBe(403);
      expect(other.body.detail).toBe('You are not a member of this organization.');
      expect((await t.api.get(`/api/organizations/${otherOrganizationId}`, token)).status).toBe(403);
      expect((await t.api.post('/api/organizations', token, { name: 'By a token' })).status).toBe(403);
      expect((await t.api.get(`/api/organizations/${organizationId}/integrations`, token)).status).toBe(403);
      expect((await t.api.get('/api/organizations', token)).status).toBe(403);
    });

    it('refuses a tampered token with 401 invalid_token', async () => {
      const token = await tokenFor(t, readOnly);
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, scope: 'instances:write' })).toString('base64url');
      for (const bad of [`${header}.${forged}.${signature}`, `${header}.${payload}.${signature.slice(0, -4)}AAAA`]) {
        const response = await t.api.get(instances(), bad);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      }
      const garbage = await t.api.get(instances(), 'a.b.c');
      expect(garbage.status).toBe(401);
      expect(garbage.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    });

    it('refuses a token for another audience and an expired one with 401 invalid_token', async () => {
      // Other replicas on the same database sign with the same keys: only the claims differ.
      const foreign = await startTestApp({ PUBLIC_URL: t.baseUrl, OAUTH_AUDIENCE: 'https://someone-else.example' });
      const shortLived = await startTestApp({ PUBLIC_URL: t.baseUrl, OAUTH_ACCESS_TOKEN_TTL_SECONDS: '1' });
      try {
        const foreignToken = (
          await tokenRequest(foreign, 'grant_type=client_credentials', {
            authorization: basic(full.client_id, full.client_secret),
          })
        ).body.access_token;
        const wrongAudience = await t.api.get(instances(), foreignToken);
        expect(wrongAudience.status).toBe(401);
        expect(wrongAudience.headers.get('www-authenticate')).toContain('another audience');

        const expiring = (
          await tokenRequest(shortLived, 'grant_type=client_credentials', {
            authorization: basic(full.client_id, full.client_secret),
          })
        ).body.access_token;
        expect((await t.api.get(instances(), expiring)).status).toBe(200);
        await new Promise((done) => setTimeout(done, 2100));
        const expired = await t.api.get(instances(), expiring);
        expect(expired.status).toBe(401);
        expect(expired.headers.get('www-authenticate')).toBe(
          'Bearer error="invalid_token", error_description="the token has expired"',
        );
      } finally {
        await Promise.all([foreign.close(), shortLived.close()]);
      }
    });
  });

  describe('rotation and revocation', () => {
    it('rotates a secret: the previous one works until previous_secret_expires_at, an older one not at all', async () => {
      const integration = await createIntegration(['instances:read']);
      const path = `/api/organizations/${organizationId}/integrations/${integration.id}`;
      const rotated = await t.api.post(`${path}/rotate-secret`, owner.apiKey);
      expect(rotated.status).toBe(200);
      const expiresAt = Date.parse(rotated.body.previous_secret_expires_at);
      expect(Math.abs(expiresAt - Date.now() - 24 * 3_600_000)).toBeLessThan(60_000);
      const second = rotated.body.client_secret as string;
      expect(second).not.toBe(integration.client_secret);
      await expect(tokenFor(t, integration)).resolves.toBeTruthy();
      await expect(tokenFor(t, { ...integration, client_secret: second })).resolves.toBeTruthy();

      const third = (await t.api.post(`${path}/rotate-secret`, owner.apiKey)).body.client_secret as string;
      const first = await tokenRequest(t, 'grant_type=client_credentials', {
        authorization: basic(integration.client_id, integration.client_secret),
      });
      expect(first.body.error).toBe('invalid_client');
      await expect(tokenFor(t, { ...integration, client_secret: second })).resolves.toBeTruthy();
      await expect(tokenFor(t, { ...integration, client_secret: third })).resolves.toBeTruthy();
    });

    it('revokes an integration: its tokens fail on the next request in every replica, its secret at once', async () => {
      const replica = await startTestApp({ PUBLIC_URL: t.baseUrl, AUTH_CACHE_TTL_MS: '60000' });
      try {
        const integration = await createIntegration(['instances:read']);
        const token = await tokenFor(t, integration);
        // Both replicas have the integration cached as active.
        expect((await t.api.get(instances(), token)).status).toBe(200);
        expect((await replica.api.get(instances(), token)).status).toBe(200);
        const revoked = await t.api.request(
          'DELETE',
          `/api/organizations/${organizationId}/integrations/${integration.id}`,
          { key: owner.apiKey },
        );
        expect(revoked.status).toBe(204);
        for (const app of [t, replica]) {
          const response = await app.api.get(instances(), token);
          expect(response.status).toBe(401);
          expect(response.headers.get('www-authenticate')).toContain('revoked');
        }
        const again = await tokenRequest(t, 'grant_type=client_credentials', {
          authorization: basic(integration.client_id, integration.client_secret),
        });
        expect(again.status).toBe(401);
        expect(
          (await t.api.get(`/api/organizations/${organizationId}/integrations/${integration.id}`, owner.apiKey)).status,
        ).toBe(404);
      } finally {
        await replica.close();
      }
    });

    it('rotates signing keys: a token of the previous key verifies until it expires', async () => {
      const rotating = await startTestApp({ PUBLIC_URL: t.baseUrl, OAUTH_SIGNING_KEY_ROTATION_SECONDS: '1' });
      try {
        const request = () =>
          tokenRequest(rotating, 'grant_type=client_credentials', {
            authorization: basic(full.client_id, full.client_secret),
          });
        const before = (await request()).body.access_token as string;
        await new Promise((done) => setTimeout(done, 1200));
        const after = (await request()).body.access_token as string;
        const [oldKid, newKid] = [decodeProtectedHeader(before).kid, decodeProtectedHeader(after).kid];
        expect(newKid).not.toBe(oldKid);
        const jwks = (await (await fetch(`${rotating.baseUrl}/.well-known/jwks.json`)).json()) as {
          keys: { kid: string }[];
        };
        expect(jwks.keys.map((key: { kid: string }) => key.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
        for (const key of jwks.keys) expect(key).not.toHaveProperty('d');
        // Both verify, on the rotating replica and on one that has never seen the new key.
        for (const app of [rotating, t]) {
          expect((await app.api.get(instances(), before)).status).toBe(200);
          expect((await app.api.get(instances(), after)).status).toBe(200);
        }
      } finally {
        await rotating.close();
      }
    });
  });
});

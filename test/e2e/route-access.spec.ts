import { Controller, Get, Module, Param } from '@nestjs/common';
import type { TestPartner } from '../support/api-client.js';
import { declaredRoutes } from '../support/route-access.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { world } from '../support/world.js';
import { RequireOrganizationRole } from '../../src/shared/auth/organization-role.guard.js';
import { withoutJsonLdExtension } from '../../src/shared/http/json-ld.js';

/** A role on the controller class, none on the method: the class's declaration applies. */
@RequireOrganizationRole('owner', 'Only organization owners can read the probe.')
@Controller('api/organizations/:organizationId/class-level-probe')
class ClassLevelProbeController {
  @Get()
  read(@Param('organizationId') organizationId: string) {
    return { organizationId };
  }
}

/** Declares nothing: the guard requires membership (deny by default), the route check names it. */
@Controller('api/organizations/:organizationId/undeclared-probe')
class UndeclaredProbeController {
  @Get()
  read(@Param('organizationId') organizationId: string) {
    return { organizationId };
  }
}

@Module({ controllers: [ClassLevelProbeController, UndeclaredProbeController] })
class ProbeModule {}

describe('every route declares who may call it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('finds a declaration on every route of the application, and each route is one Fastify serves', async () => {
    const routes = declaredRoutes(t.app);
    const fastify = t.app.getHttpAdapter().getInstance();
    // Sanity: the enumeration sees the whole API (every operation of the OpenAPI document).
    const document = (await (await fetch(`${t.baseUrl}/docs-json`)).json()) as { paths: Record<string, object> };
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      // As the server routes them: `/api/docs.jsonld` is the route `/api/docs` (rewriteUrl).
      Object.keys(item).map(
        (method) => `${method.toUpperCase()} ${withoutJsonLdExtension(path).replace(/\{(\w+)\}/g, ':$1')}`,
      ),
    );
    const enumerated = routes.map((route) => `${route.method} ${route.path}`);
    expect(documented.filter((route) => !enumerated.includes(route))).toEqual([]);
    for (const route of routes) expect(fastify.hasRoute({ method: route.method, url: route.path })).toBe(true);
    expect(routes.filter((route) => route.access === undefined)).toEqual([]);
    // Hydra discovery needs no API key, as API Platform serves it.
    const discovery = ['/api', '/api/contexts/:type', '/api/docs', '/api/docs.jsonopenapi'];
    const declared = routes.filter((route) => discovery.includes(route.path));
    expect(declared.sort((a, b) => a.path.localeCompare(b.path))).toEqual(
      discovery.map((path) => ({ method: 'GET', path, access: 'public' })),
    );
  });
});

describe('organization roles: class-level declarations and deny by default', () => {
  let t: TestApp;
  let owner: TestPartner;
  let member: TestPartner;
  let outsider: TestPartner;
  let organizationId: string;

  beforeAll(async () => {
    t = await startTestApp({}, undefined, [ProbeModule]);
    ({ owner, member, outsider, organizationId } = await world(t));
  });
  afterAll(() => t?.close());

  const get = async (path: string, partner: TestPartner) => {
    const response = await fetch(`${t.baseUrl}/api/organizations/${organizationId}/${path}`, {
      headers: { authorization: `Bearer ${partner.apiKey}` },
    });
    return { status: response.status, body: (await response.json()) as { detail?: string } };
  };

  it('applies a role declared on the controller class', async () => {
    expect((await get('class-level-probe', owner)).status).toBe(200);
    const asMember = await get('class-level-probe', member);
    expect(asMember).toEqual({
      status: 403,
      body: expect.objectContaining({ detail: 'Only organization owners can read the probe.' }),
    });
    expect((await get('class-level-probe', outsider)).status).toBe(403);
  });

  it('requires membership on an organization route that declares nothing', async () => {
    expect((await get('undeclared-probe', member)).status).toBe(200);
    expect(await get('undeclared-probe', outsider)).toEqual({
      status: 403,
      body: expect.objectContaining({ detail: 'You are not a member of this organization.' }),
    });
  });

  it('names the undeclared route in the route check', () => {
    expect(declaredRoutes(t.app).filter((route) => route.access === undefined)).toEqual([
      { method: 'GET', path: '/api/organizations/:organizationId/undeclared-probe', access: undefined },
    ]);
  });
});

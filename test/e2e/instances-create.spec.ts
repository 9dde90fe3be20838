import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ApiResponse, TestPartner } from '../support/api-client.js';
import { randomHandle, randomLetters } from '../support/handles.js';
import { undeliveredCount } from '../support/event-delivery.js';
import { eventually } from '../support/eventually.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { world } from '../support/world.js';
import {
  INSTANCE_KEYS,
  JSON_LD,
  PROBLEM,
  TIMESTAMP,
  UUID,
  VIOLATION_CODE,
  expectProblem,
} from '../support/wire-format.js';

const BLANK_MESSAGE = 'This value should not be blank.';
const PATTERN_MESSAGE = 'Use lowercase letters and hyphens only, with no leading or trailing hyphen.';

describe('POST /api/organizations/{organizationId}/instances', () => {
  let t: TestApp;
  let db: DataSource;
  let owner: TestPartner;
  let member: TestPartner;
  let outsider: TestPartner;
  let organizationId: string;
  let otherOrganizationId: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    ({ owner, member, outsider, organizationId } = await world(t, { organization: 'Acme' }));
    otherOrganizationId = await t.api.createOrganization(outsider, 'Other');
  });
  afterAll(() => t.close());

  const path = (orgId = organizationId) => `/api/organizations/${orgId}/instances`;
  /** `key` null sends no credentials (undefined would fall back to the owner's key). */
  const create = (body: unknown, key: string | null = owner.apiKey, orgId = organizationId) =>
    t.api.post(path(orgId), key ?? undefined, body);
  const instanceRows = (handle: string) => db.query('SELECT * FROM instances WHERE handle = $1', [handle]);
  const counts = async () => {
    const [row] = await db.query(
      'SELECT (SELECT count(*) FROM instances)::int AS instances, (SELECT count(*) FROM outbox_events)::int AS events',
    );
    return row as { instances: number; events: number };
  };

  function expectViolations(response: ApiResponse, expected: Array<{ propertyPath: string; code: string }>) {
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe(PROBLEM);
    const violations = response.body.violations as Array<{ propertyPath: string; message: string; code: string }>;
    expect(violations.map(({ propertyPath, code }) => ({ propertyPath, code }))).toEqual(expected);
    for (const violation of violations) expect(violation.message).toMatch(/\S/);
    const id = violations.length === 1 ? violations[0].code : violations.map((v, i) => `${i}=${v.code}`).join(';');
    expect(response.body['@id']).toBe(`/api/validation_errors/${id}`);
    expect(response.body.type).toBe(`/validation_errors/${id}`);
    expect(response.body.detail).toBe(violations.map((v) => `${v.propertyPath}: ${v.message}`).join('\n'));
    expect(response.body.description).toBe(response.body.detail);
  }

  describe('a valid create by an owner', () => {
    it('answers 201 with the instance, in the documented key order, and its Location headers', async () => {
      const handle = randomHandle('prod');
      const before = Date.now();
      const response = await create({ name: 'Production EU', handle });
      const after = Date.now();

      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toBe(JSON_LD);
      expect(Object.keys(response.body)).toEqual(INSTANCE_KEYS);
      const id = response.body.id as string;
      expect(id).toMatch(UUID);
      const iri = `/api/organizations/${organizationId}/instances/${id}`;
      expect(response.body).toEqual({
        '@context': '/api/contexts/OrganizationInstancesResource',
        '@id': iri,
        '@type': 'OrganizationInstancesResource',
        id,
        name: 'Production EU',
        handle,
        created_at: expect.stringMatching(TIMESTAMP),
        updated_at: expect.stringMatching(TIMESTAMP),
        organization_id: organizationId,
        created_by_organization_id: organizationId,
      });
      expect(response.headers.get('location')).toBe(iri);
      expect(response.headers.get('content-location')).toBe(`${iri}.jsonld`);

      const createdAt = Date.parse(response.body.created_at);
      expect(createdAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
      expect(createdAt).toBeLessThanOrEqual(after + 1000);
      expect(Date.parse(response.body.updated_at)).toBeGreaterThanOrEqual(createdAt);
    });

    it('sends the security and Vary headers every response carries', async () => {
      const response = await create({ name: 'Headers', handle: randomHandle() });
      expect(response.status).toBe(201);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')?.toLowerCase()).toBe('deny');
      expect(response.headers.get('vary')?.toLowerCase()).toContain('accept');
    });

    it('stores the instance row with the path organization as owner and creator', async () => {
      const handle = randomHandle();
      const response = await create({ name: 'Stored', handle });
      expect(response.status).toBe(201);
      const rows = await instanceRows(handle);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        id: response.body.id,
        organization_id: organizationId,
        created_by_organization_id: organizationId,
        name: 'Stored',
        handle,
      });
      expect(new Date(rows[0].created_at).toISOString().slice(0, 19)).toBe(response.body.created_at.slice(0, 19));
    });

    it('can be read back with GET at its Location', async () => {
      const response = await create({ name: 'Read back', handle: randomHandle() });
      expect(response.status).toBe(201);
      const read = await t.api.get(response.headers.get('location')!, owner.apiKey);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(response.body);
    });

    it('keeps the name exactly as sent, including surrounding spaces and unicode', async () => {
      const name = '  Prödüction 東京 🚀 ';
      const response = await create({ name, handle: randomHandle() });
      expect(response.status).toBe(201);
      expect(response.body.name).toBe(name);
    });

    it('accepts a name of exactly 255 characters', async () => {
      const name = 'n'.repeat(255);
      const response = await create({ name, handle: randomHandle() });
      expect(response.status).toBe(201);
      expect(response.body.name).toBe(name);
    });

    it('counts the name length in characters, not bytes (255 multi-byte characters are accepted)', async () => {
      const name = 'é'.repeat(255);
      const response = await create({ name, handle: randomHandle() });
      expect(response.status).toBe(201);
      expect(response.body.name).toBe(name);
    });

    it('accepts a one-letter handle', async () => {
      // Handles are unique across the whole run, so try letters until a free one is found.
      const letters = 'abcdefghijklmnopqrstuvwxyz'.split('').sort(() => Math.random() - 0.5);
      let created: ApiResponse | undefined;
      for (const letter of letters) {
        const response = await create({ name: 'One letter', handle: letter });
        if (response.status === 201) {
          created = response;
          expect(response.body.handle).toBe(letter);
          break;
        }
        expectViolations(response, [{ propertyPath: 'handle', code: VIOLATION_CODE.alreadyUsed }]);
      }
      expect(created?.status).toBe(201);
    });

    it('accepts a handle made of two one-letter words ("a-b" shape)', async () => {
      let created: ApiResponse | undefined;
      for (let attempt = 0; attempt < 30 && !created; attempt++) {
        const handle = `${randomLetters(1)}-${randomLetters(1)}`;
        const response = await create({ name: 'Two letters', handle });
        if (response.status === 201) {
          created = response;
          expect(response.body.handle).toBe(handle);
        } else {
          expectViolations(response, [{ propertyPath: 'handle', code: VIOLATION_CODE.alreadyUsed }]);
        }
      }
      expect(created?.status).toBe(201);
    });

    it('accepts a handle of exactly 30 characters, with several hyphens', async () => {
      const handle = `${randomLetters(9)}-${randomLetters(9)}-${randomLetters(10)}`;
      expect(handle).toHaveLength(30);
      const response = await create({ name: 'Thirty', handle });
      expect(response.status).toBe(201);
      expect(response.body.handle).toBe(handle);
    });

    it('accepts consecutive hyphens inside a handle: the docs only forbid leading and trailing ones', async () => {
      const handle = `${randomLetters(8)}--${randomLetters(8)}`;
      const response = await create({ name: 'Double hyphen', handle });
      expect(response.status).toBe(201);
      expect(response.body.handle).toBe(handle);
    });

    it('accepts application/json request bodies too', async () => {
      const handle = randomHandle();
      const response = await t.api.request('POST', path(), {
        key: owner.apiKey,
        body: { name: 'Plain JSON', handle },
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(201);
      expect(response.body.handle).toBe(handle);
    });

    it('tolerates a charset parameter on the request Content-Type', async () => {
      const response = await t.api.request('POST', path(), {
        key: owner.apiKey,
        body: { name: 'Charset', handle: randomHandle() },
        headers: { 'content-type': 'application/ld+json; charset=utf-8' },
      });
      expect(response.status).toBe(201);
    });

    it('ignores unknown and read-only properties', async () => {
      const handle = randomHandle();
      const forgedId = randomUUID();
      const response = await create({
        id: forgedId,
        '@id': `/api/organizations/${otherOrganizationId}/instances/${forgedId}`,
        name: 'Forged',
        handle,
        organization_id: otherOrganizationId,
        created_by_organization_id: otherOrganizationId,
        created_at: '2000-01-01T00:00:00+00:00',
        updated_at: '2000-01-01T00:00:00+00:00',
        color: 'purple',
      });
      expect(response.status).toBe(201);
      expect(response.body.id).not.toBe(forgedId);
      expect(response.body.organization_id).toBe(organizationId);
      expect(response.body.created_by_organization_id).toBe(organizationId);
      expect(response.body.created_at.startsWith('2000-')).toBe(false);
      expect(response.body.updated_at.startsWith('2000-')).toBe(false);
      expect(response.body).not.toHaveProperty('color');
      expect(Object.keys(response.body)).toEqual(INSTANCE_KEYS);
      const rows = await instanceRows(handle);
      expect(rows).toHaveLength(1);
      expect(rows[0].id).toBe(response.body.id);
      expect(rows[0].organization_id).toBe(organizationId);
      expect(rows[0].created_by_organization_id).toBe(organizationId);
      expect(await db.query('SELECT id FROM instances WHERE id = $1', [forgedId])).toEqual([]);
    });

    it('lets a second owner of the organization create too', async () => {
      const coOwner = await t.api.createPartner('Co-owner');
      await t.api.addMember(owner, organizationId, coOwner, 'owner');
      const response = await create({ name: 'By co-owner', handle: randomHandle() }, coOwner.apiKey);
      expect(response.status).toBe(201);
      expect(response.body.organization_id).toBe(organizationId);
      expect(response.body.created_by_organization_id).toBe(organizationId);
    });
  });

  describe('the outbox event', () => {
    it('writes exactly one InstanceCreated row with the instance', async () => {
      const handle = randomHandle();
      const response = await create({ name: 'Evented', handle });
      expect(response.status).toBe(201);
      const id = response.body.id as string;
      const rows = await db.query(
        'SELECT id, type, aggregate_id, organization_id, payload, occurred_at FROM outbox_events WHERE aggregate_id = $1',
        [id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ type: 'InstanceCreated', aggregate_id: id, organization_id: organizationId });
      expect(rows[0].id).toBeTruthy();
      expect(typeof rows[0].payload).toBe('object');
      const payload = JSON.stringify(rows[0].payload);
      expect(payload).toContain(id);
      expect(payload).toContain(handle);
      expect(payload).toContain('Evented');
      expect(payload).toContain(organizationId);
      const occurredAt = new Date(rows[0].occurred_at).getTime();
      expect(Math.abs(occurredAt - Date.parse(response.body.created_at))).toBeLessThan(2000);
    });

    it('delivers the event to the in-process subscriber after the create committed', async () => {
      const response = await create({ name: 'Published', handle: randomHandle() });
      expect(response.status).toBe(201);
      const left = await eventually(
        () => undeliveredCount(db, 'instance-activity', 'e.aggregate_id = $2', [response.body.id]),
        (n) => n === 0,
      );
      expect(left).toBe(0);
    });

    it('writes neither an instance nor an event when a create is refused', async () => {
      const handle = randomHandle();
      expect((await create({ name: 'First', handle })).status).toBe(201);
      const before = await counts();

      expect((await create({ name: 'Duplicate', handle })).status).toBe(422);
      expect((await create({ name: '', handle: '-bad-' })).status).toBe(422);
      expect((await create({ name: 5, handle: randomHandle() })).status).toBe(400);
      expect((await create({ name: 'Member', handle: randomHandle() }, member.apiKey)).status).toBe(403);
      expect((await create({ name: 'Outsider', handle: randomHandle() }, outsider.apiKey)).status).toBe(403);
      expect((await create({ name: 'Anonymous', handle: randomHandle() }, null)).status).toBe(401);
      expect((await create({ name: 'Unknown org', handle: randomHandle() }, owner.apiKey, randomUUID())).status).toBe(
        404,
      );

      expect(await counts()).toEqual(before);
      expect(await instanceRows(handle)).toHaveLength(1);
    });
  });

  describe('validation (422)', () => {
    it('reports a blank name and a badly formed handle at once, exactly as the contract example', async () => {
      const before = await counts();
      const response = await create({ name: '', handle: 'Not_Valid' });
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      const id = `0=${VIOLATION_CODE.notBlank};1=${VIOLATION_CODE.pattern}`;
      const detail = `name: ${BLANK_MESSAGE}\nhandle: ${PATTERN_MESSAGE}`;
      expect(Object.keys(response.body)).toEqual([
        '@context',
        '@id',
        '@type',
        'status',
        'violations',
        'detail',
        'description',
        'type',
        'title',
      ]);
      expect(response.body).toEqual({
        '@context': '/api/contexts/ConstraintViolation',
        '@id': `/api/validation_errors/${id}`,
        '@type': 'ConstraintViolation',
        title: 'Unprocessable Entity',
        detail,
        status: 422,
        type: `/validation_errors/${id}`,
        description: detail,
        violations: [
          { propertyPath: 'name', message: BLANK_MESSAGE, code: VIOLATION_CODE.notBlank },
          { propertyPath: 'handle', message: PATTERN_MESSAGE, code: VIOLATION_CODE.pattern },
        ],
      });
      expect(await counts()).toEqual(before);
    });

    it('sends the JSON-LD error Link header on a validation error', async () => {
      const response = await create({ name: '', handle: randomHandle() });
      expect(response.status).toBe(422);
      expect(response.headers.get('link')).toContain(
        '<http://www.w3.org/ns/hydra/error>; rel="http://www.w3.org/ns/json-ld#error"',
      );
    });

    it('drops the JSON-LD keys and description with Accept: application/problem+json', async () => {
      const response = await t.api.request('POST', path(), {
        key: owner.apiKey,
        body: { name: '', handle: randomHandle() },
        headers: { accept: 'application/problem+json' },
      });
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body).toEqual({
        title: 'Unprocessable Entity',
        detail: `name: ${BLANK_MESSAGE}`,
        status: 422,
        type: `/validation_errors/${VIOLATION_CODE.notBlank}`,
        violations: [{ propertyPath: 'name', message: BLANK_MESSAGE, code: VIOLATION_CODE.notBlank }],
      });
      // The order API Platform serializes a ValidationException in (the contract's 422 rules).
      expect(Object.keys(response.body)).toEqual(['status', 'violations', 'detail', 'type', 'title']);
    });

    describe('name', () => {
      it.each([
        ['empty', ''],
        ['spaces only', '   '],
        ['tabs and newlines only', '\t\n \r\n'],
      ])('rejects a %s name as blank', async (_label, name) => {
        const response = await create({ name, handle: randomHandle() });
        expectViolations(response, [{ propertyPath: 'name', code: VIOLATION_CODE.notBlank }]);
        expect(response.body.violations[0].message).toBe(BLANK_MESSAGE);
      });

      it('rejects a missing name as blank', async () => {
        const response = await create({ handle: randomHandle() });
        expectViolations(response, [{ propertyPath: 'name', code: VIOLATION_CODE.notBlank }]);
      });

      it('rejects a name of 256 characters as too long', async () => {
        const response = await create({ name: 'n'.repeat(256), handle: randomHandle() });
        expectViolations(response, [{ propertyPath: 'name', code: VIOLATION_CODE.tooLong }]);
        expect(response.body.violations[0].message).toContain('255');
      });
    });

    describe('handle', () => {
      it.each([
        ['a leading hyphen', '-abc'],
        ['a trailing hyphen', 'abc-'],
        ['only a hyphen', '-'],
        ['an uppercase letter', 'Abc'],
        ['all uppercase', 'ABC'],
        ['an underscore', 'a_b'],
        ['a digit', 'a1'],
        ['only digits', '123'],
        ['a space', 'ab cd'],
        ['surrounding spaces', ' abc '],
        ['a dot', 'ab.cd'],
        ['an accented letter', 'caf\u00e9'],
        ['a trailing newline', 'abc\n'],
      ])('rejects a handle with %s (%j) as badly formed', async (_label, handle) => {
        const response = await create({ name: 'Bad handle', handle });
        expectViolations(response, [{ propertyPath: 'handle', code: VIOLATION_CODE.pattern }]);
        expect(response.body.violations[0].message).toBe(PATTERN_MESSAGE);
        expect(await instanceRows(handle)).toEqual([]);
      });

      it('rejects an empty handle as blank', async () => {
        const response = await create({ name: 'Empty handle', handle: '' });
        expect(response.status).toBe(422);
        const codes = (response.body.violations as Array<{ propertyPath: string; code: string }>)
          .filter((v) => v.propertyPath === 'handle')
          .map((v) => v.code);
        expect(codes).toContain(VIOLATION_CODE.notBlank);
        expect(codes).not.toContain(VIOLATION_CODE.tooLong);
      });

      it('rejects a missing handle as blank', async () => {
        const response = await create({ name: 'No handle' });
        expectViolations(response, [{ propertyPath: 'handle', code: VIOLATION_CODE.notBlank }]);
      });

      it('rejects a handle of 31 lowercase letters as too long, and only as too long', async () => {
        const handle = randomLetters(31);
        const response = await create({ name: 'Long handle', handle });
        expectViolations(response, [{ propertyPath: 'handle', code: VIOLATION_CODE.tooLong }]);
        expect(response.body.violations[0].message).toContain('30');
        expect(await instanceRows(handle)).toEqual([]);
      });

      it('reports both too long and badly formed for a 31-character uppercase handle', async () => {
        const response = await create({ name: 'Long and bad', handle: 'A'.repeat(31) });
        expect(response.status).toBe(422);
        const violations = response.body.violations as Array<{ propertyPath: string; code: string }>;
        expect(violations).toHaveLength(2);
        expect(violations.map((v) => v.propertyPath)).toEqual(['handle', 'handle']);
        expect(violations.map((v) => v.code).sort()).toEqual([VIOLATION_CODE.tooLong, VIOLATION_CODE.pattern].sort());
      });

      it('reports violations of both properties at once (too long name, badly formed handle)', async () => {
        const response = await create({ name: 'x'.repeat(300), handle: 'bad-' });
        expectViolations(response, [
          { propertyPath: 'name', code: VIOLATION_CODE.tooLong },
          { propertyPath: 'handle', code: VIOLATION_CODE.pattern },
        ]);
      });

      it('reports a missing name and a missing handle at once for an empty object', async () => {
        const response = await create({});
        expectViolations(response, [
          { propertyPath: 'name', code: VIOLATION_CODE.notBlank },
          { propertyPath: 'handle', code: VIOLATION_CODE.notBlank },
        ]);
      });
    });

    describe('handle uniqueness', () => {
      it('rejects a handle already used in the same organization', async () => {
        const handle = randomHandle();
        const first = await create({ name: 'First', handle });
        expect(first.status).toBe(201);
        const second = await create({ name: 'Second', handle });
        expectViolations(second, [{ propertyPath: 'handle', code: VIOLATION_CODE.alreadyUsed }]);
        expect(await instanceRows(handle)).toHaveLength(1);
      });

      it('rejects a handle already used by another organization', async () => {
        const handle = randomHandle();
        expect((await create({ name: 'Theirs', handle }, outsider.apiKey, otherOrganizationId)).status).toBe(201);
        const response = await create({ name: 'Mine', handle });
        expectViolations(response, [{ propertyPath: 'handle', code: VIOLATION_CODE.alreadyUsed }]);
        const rows = await instanceRows(handle);
        expect(rows).toHaveLength(1);
        expect(rows[0].organization_id).toBe(otherOrganizationId);
      });

      it('reports the duplicate together with a blank name', async () => {
        const handle = randomHandle();
        expect((await create({ name: 'First', handle })).status).toBe(201);
        const response = await create({ name: ' ', handle });
        expect(response.status).toBe(422);
        expect(response.body.violations[0]).toMatchObject({ propertyPath: 'name', code: VIOLATION_CODE.notBlank });
        // A request whose other rules fail may or may not reach the uniqueness check, but never 5xx.
        for (const violation of response.body.violations.slice(1)) {
          expect(violation).toMatchObject({ propertyPath: 'handle', code: VIOLATION_CODE.alreadyUsed });
        }
      });

      it('answers 20 parallel creates of one handle with exactly one 201 and nineteen 422s', async () => {
        const handle = randomHandle('race');
        const before = await counts();
        const responses = await Promise.all(
          Array.from({ length: 20 }, (_, i) => create({ name: `Racer ${i}`, handle })),
        );
        const statuses = responses.map((r) => r.status);
        expect(statuses.filter((s) => s >= 500)).toEqual([]);
        expect(statuses.filter((s) => s === 201)).toHaveLength(1);
        expect(statuses.filter((s) => s === 422)).toHaveLength(19);
        for (const response of responses.filter((r) => r.status === 422)) {
          expectViolations(response, [{ propertyPath: 'handle', code: VIOLATION_CODE.alreadyUsed }]);
        }
        const winner = responses.find((r) => r.status === 201)!;
        const rows = await instanceRows(handle);
        expect(rows.map((r: { id: string }) => r.id)).toEqual([winner.body.id]);
        const events = await db.query('SELECT aggregate_id FROM outbox_events WHERE aggregate_id = $1', [
          winner.body.id,
        ]);
        expect(events).toHaveLength(1);
        expect(await counts()).toEqual({ instances: before.instances + 1, events: before.events + 1 });
      });

      it('answers 10 parallel creates of one handle from two organizations with exactly one 201', async () => {
        const handle = randomHandle('race');
        const responses = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            i % 2 === 0
              ? create({ name: `Mine ${i}`, handle })
              : create({ name: `Theirs ${i}`, handle }, outsider.apiKey, otherOrganizationId),
          ),
        );
        const statuses = responses.map((r) => r.status).sort();
        expect(statuses).toEqual([201, 422, 422, 422, 422, 422, 422, 422, 422, 422]);
        expect(await instanceRows(handle)).toHaveLength(1);
      });
    });
  });

  describe('invalid input (400)', () => {
    it.each([
      ['name', 5, 'integer'],
      ['handle', 12, 'integer'],
    ])('rejects a non-string %s, naming the property', async (property, value, given) => {
      const body: Record<string, unknown> = { name: 'Typed', handle: randomHandle() };
      body[property] = value;
      const response = await create(body);
      expectProblem(
        response,
        400,
        'Bad Request',
        `The type of the "${property}" attribute must be "string", "${given}" given.`,
      );
    });

    it.each([
      ['a boolean', true],
      ['an array', ['prod']],
      ['an object', { value: 'prod' }],
      ['a float', 1.5],
    ])('rejects %s as the name, naming the property', async (_label, value) => {
      const response = await create({ name: value, handle: randomHandle() });
      expectProblem(response, 400, 'Bad Request');
      expect(response.body.detail).toContain('The type of the "name" attribute must be "string"');
    });

    it('rejects malformed JSON with "Syntax error"', async () => {
      const response = await t.api.request('POST', path(), {
        key: owner.apiKey,
        rawBody: '{"name": "Broken", "handle": ',
        headers: { 'content-type': 'application/ld+json' },
      });
      expectProblem(response, 400, 'Bad Request', 'Syntax error');
    });

    it('rejects an empty body with "Syntax error"', async () => {
      const response = await t.api.request('POST', path(), {
        key: owner.apiKey,
        rawBody: '',
        headers: { 'content-type': 'application/ld+json' },
      });
      expectProblem(response, 400, 'Bad Request', 'Syntax error');
    });

    it.each([
      ['an array', JSON.stringify([{ name: 'In array', handle: 'in-array' }])],
      ['a string', JSON.stringify('name')],
      ['a number', '42'],
      ['null', 'null'],
    ])('rejects a body that is %s', async (_label, rawBody) => {
      const before = await counts();
      const response = await t.api.request('POST', path(), {
        key: owner.apiKey,
        rawBody,
        headers: { 'content-type': 'application/ld+json' },
      });
      expectProblem(response, 400, 'Bad Request');
      expect(await counts()).toEqual(before);
    });
  });

  describe('media types', () => {
    it('answers 415 to an unsupported request Content-Type', async () => {
      const handle = randomHandle();
      const response = await t.api.request('POST', path(), {
        key: owner.apiKey,
        rawBody: JSON.stringify({ name: 'Text', handle }),
        headers: { 'content-type': 'text/plain' },
      });
      expect(response.status).toBe(415);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.status).toBe(415);
      expect(await instanceRows(handle)).toEqual([]);
    });

    it('answers 415 to a body without Content-Type', async () => {
      const handle = randomHandle();
      const response = await t.api.request('POST', path(), {
        key: owner.apiKey,
        rawBody: JSON.stringify({ name: 'No type', handle }),
      });
      expect(response.status).toBe(415);
      expect(await instanceRows(handle)).toEqual([]);
    });

    it('answers 406 when Accept allows none of the served types', async () => {
      const handle = randomHandle();
      const response = await t.api.request('POST', path(), {
        key: owner.apiKey,
        body: { name: 'HTML', handle },
        headers: { accept: 'text/html' },
      });
      expect(response.status).toBe(406);
    });

    it.each(['*/*', 'application/ld+json', 'application/json'])('answers JSON-LD for Accept: %s', async (accept) => {
      const response = await t.api.request('POST', path(), {
        key: owner.apiKey,
        body: { name: 'Accepted', handle: randomHandle() },
        headers: { accept },
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toBe(JSON_LD);
      expect(response.body['@type']).toBe('OrganizationInstancesResource');
    });
  });

  describe('who may create', () => {
    it('answers 401 with WWW-Authenticate: Bearer without credentials', async () => {
      const handle = randomHandle();
      const response = await create({ name: 'Anonymous', handle }, null);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
      expect(await instanceRows(handle)).toEqual([]);
    });

    it('answers 401 to an unknown API key', async () => {
      const handle = randomHandle();
      const response = await create({ name: 'Bad key', handle }, `not-a-real-key-${randomLetters(20)}`);
      expect(response.status).toBe(401);
      expect(await instanceRows(handle)).toEqual([]);
    });

    it('answers 403 to a member who is not an owner', async () => {
      const handle = randomHandle();
      const response = await create({ name: 'By member', handle }, member.apiKey);
      expectProblem(response, 403, 'Forbidden', 'Only organization owners can create instances.');
      expect(await instanceRows(handle)).toEqual([]);
    });

    it('answers 403 to a partner outside the organization', async () => {
      const handle = randomHandle();
      const response = await create({ name: 'By outsider', handle }, outsider.apiKey);
      expectProblem(response, 403, 'Forbidden', 'Only organization owners can create instances.');
      expect(await instanceRows(handle)).toEqual([]);
    });

    it('answers 404 for an unknown organization', async () => {
      const handle = randomHandle();
      const response = await create({ name: 'Nowhere', handle }, owner.apiKey, randomUUID());
      expectProblem(response, 404, 'Not Found');
      expect(await instanceRows(handle)).toEqual([]);
    });

    it.each(['not-a-uuid', '12345', `${randomUUID()}x`])(
      'answers 404 for an organization id that is not a UUID (%s)',
      async (orgId) => {
        const handle = randomHandle();
        const response = await create({ name: 'Not a UUID', handle }, owner.apiKey, orgId);
        expect(response.status).toBe(404);
        expect(response.body.status).toBe(404);
        expect(await instanceRows(handle)).toEqual([]);
      },
    );
  });
});

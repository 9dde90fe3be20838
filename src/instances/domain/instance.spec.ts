import { ValidationFailed, ViolationCode, ViolationList } from '../../shared/domain/violation.js';
import {
  InstanceDeleted,
  InstanceOrganizationAuthorized,
  InstanceOrganizationUnauthorized,
  InstanceRenamed,
  InstanceTransferred,
} from './instance-lifecycle.events.js';
import { Instance } from './instance.js';

const ORGANIZATION = '0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d';

function violationsFor(name: unknown, handle: unknown): { propertyPath: string; code: string }[] {
  const violations = new ViolationList();
  const created = Instance.create(
    { organizationId: ORGANIZATION, name: name as string, handle: handle as string },
    violations,
  );
  if (created) return [];
  return violations.toError().violations.map(({ propertyPath, code }) => ({ propertyPath, code }));
}

describe('Instance.create', () => {
  it.each(['a', 'a-b', 'acme-eu', 'a--b', 'x'.repeat(30), 'production-eu-west'])('accepts the handle %p', (handle) => {
    expect(violationsFor('Name', handle)).toEqual([]);
  });

  it.each([
    ['-a', [ViolationCode.Pattern]],
    ['a-', [ViolationCode.Pattern]],
    ['-', [ViolationCode.Pattern]],
    ['A', [ViolationCode.Pattern]],
    ['a_b', [ViolationCode.Pattern]],
    ['a1', [ViolationCode.Pattern]],
    ['a b', [ViolationCode.Pattern]],
    ['é', [ViolationCode.Pattern]],
    ['x'.repeat(31), [ViolationCode.TooLong]],
    [`-${'x'.repeat(30)}`, [ViolationCode.TooLong, ViolationCode.Pattern]],
    ['', [ViolationCode.NotBlank]],
    [undefined, [ViolationCode.NotBlank]],
    [null, [ViolationCode.NotBlank]],
  ])('refuses the handle %p', (handle, codes) => {
    expect(violationsFor('Name', handle)).toEqual(codes.map((code) => ({ propertyPath: 'handle', code })));
  });

  it.each([
    ['', ViolationCode.NotBlank],
    ['   ', ViolationCode.NotBlank],
    ['\t\n', ViolationCode.NotBlank],
    [undefined, ViolationCode.NotBlank],
    ['x'.repeat(256), ViolationCode.TooLong],
    ['nul\u0000byte', ViolationCode.Pattern],
    ['lone \ud800 surrogate', ViolationCode.Pattern],
  ])('refuses the name %p', (name, code) => {
    expect(violationsFor(name, 'valid')).toEqual([{ propertyPath: 'name', code }]);
  });

  it('counts name length in characters, not UTF-16 units', () => {
    expect(violationsFor('😀'.repeat(255), 'valid')).toEqual([]);
    expect(violationsFor('😀'.repeat(256), 'valid')).toEqual([{ propertyPath: 'name', code: ViolationCode.TooLong }]);
  });

  it('reports every broken rule at once', () => {
    expect(violationsFor(' ', 'Bad_Handle')).toEqual([
      { propertyPath: 'name', code: ViolationCode.NotBlank },
      { propertyPath: 'handle', code: ViolationCode.Pattern },
    ]);
  });

  it('creates the instance with its creator as owner, and its InstanceCreated event', () => {
    const now = new Date('2026-03-05T09:15:00Z');
    const created = Instance.create(
      { organizationId: ORGANIZATION, name: ' Prod ', handle: 'prod' },
      new ViolationList(),
      now,
    );
    expect(created).toMatchObject({
      organizationId: ORGANIZATION,
      createdByOrganizationId: ORGANIZATION,
      name: ' Prod ',
      handle: 'prod',
      createdAt: now,
      updatedAt: now,
    });
    const [event] = created?.pullEvents() ?? [];
    expect(event).toMatchObject({
      instanceId: created?.id,
      aggregateId: created?.id,
      organizationId: ORGANIZATION,
      handle: 'prod',
      occurredAt: now,
    });
    expect(event.eventId).not.toBe(created?.id);
  });
});

const OTHER = '0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3e';
const THIRD = '0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3f';
const CREATED_AT = new Date('2026-03-05T09:15:00Z');
const LATER = new Date('2026-03-06T17:40:12Z');

function stored(authorizedOrganizationIds: string[] = []): Instance {
  return Instance.restore({
    id: '0190c2d4-5b8e-7c3a-9f21-000000000001',
    organizationId: ORGANIZATION,
    createdByOrganizationId: ORGANIZATION,
    name: 'Prod',
    handle: 'prod',
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    deletedAt: null,
    version: 4,
    authorizedOrganizationIds,
  });
}

function violationsOf(change: () => void): { propertyPath: string; code: string }[] {
  try {
    change();
  } catch (error) {
    if (error instanceof ValidationFailed)
      return error.violations.map(({ propertyPath, code }) => ({ propertyPath, code }));
    throw error;
  }
  throw new Error('expected a ValidationFailed');
}

describe('Instance.update', () => {
  it('renames, moves updated_at and records one InstanceRenamed', () => {
    const instance = stored();
    instance.update({ name: 'Production' }, LATER);
    expect(instance).toMatchObject({ name: 'Production', handle: 'prod', updatedAt: LATER, createdAt: CREATED_AT });
    const events = instance.pullEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toBeInstanceOf(InstanceRenamed);
    expect(events[0]).toMatchObject({ name: 'Production', previousName: 'Prod', organizationId: ORGANIZATION });
    expect(instance.pullEvents()).toEqual([]);
  });

  it.each([{}, { name: undefined }, { name: 'Prod' }])('changes nothing and records nothing for %p', (patch) => {
    const instance = stored();
    instance.update(patch, LATER);
    expect(instance.updatedAt).toBe(CREATED_AT);
    expect(instance.pullEvents()).toEqual([]);
  });

  it.each(['prod', 'other', null, '', 42])('refuses a handle in the patch, even %p', (handle) => {
    const instance = stored();
    expect(violationsOf(() => instance.update({ name: 'New', handle }))).toEqual([
      { propertyPath: 'handle', code: ViolationCode.InvalidChoice },
    ]);
    expect(instance.name).toBe('Prod');
    expect(instance.pullEvents()).toEqual([]);
  });

  it.each([
    [null, ViolationCode.NotBlank],
    ['  ', ViolationCode.NotBlank],
    ['x'.repeat(256), ViolationCode.TooLong],
  ])('refuses the name %p like create does', (name, code) => {
    expect(violationsOf(() => stored().update({ name }))).toEqual([{ propertyPath: 'name', code }]);
  });

  it('reports a bad name and a handle at once', () => {
    expect(violationsOf(() => stored().update({ name: '', handle: 'x' }))).toEqual([
      { propertyPath: 'handle', code: ViolationCode.InvalidChoice },
      { propertyPath: 'name', code: ViolationCode.NotBlank },
    ]);
  });
});

describe('Instance.authorize / unauthorize', () => {
  it('authorizes once: one event, then nothing when repeated', () => {
    const instance = stored();
    instance.authorize(OTHER, true, LATER);
    expect(instance.authorizedOrganizationIds).toEqual([OTHER]);
    expect(instance.updatedAt).toBe(LATER);
    const [event, ...rest] = instance.pullEvents();
    expect(rest).toEqual([]);
    expect(event).toBeInstanceOf(InstanceOrganizationAuthorized);
    expect(event).toMatchObject({ authorizedOrganizationId: OTHER, organizationId: ORGANIZATION });
    instance.authorize(OTHER, true);
    expect(instance.pullEvents()).toEqual([]);
  });

  it('lists authorized organizations sorted', () => {
    expect(stored([THIRD, OTHER]).authorizedOrganizationIds).toEqual([OTHER, THIRD]);
  });

  it('refuses to authorize the owner itself', () => {
    const instance = stored();
    expect(violationsOf(() => instance.authorize(ORGANIZATION, true))).toEqual([
      { propertyPath: 'authorized_organization_ids', code: ViolationCode.InvalidChoice },
    ]);
    expect(instance.pullEvents()).toEqual([]);
  });

  it('unauthorizes once: one event, then nothing when repeated or never authorized', () => {
    const instance = stored([OTHER]);
    instance.unauthorize(OTHER, LATER);
    expect(instance.authorizedOrganizationIds).toEqual([]);
    const events = instance.pullEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toBeInstanceOf(InstanceOrganizationUnauthorized);
    instance.unauthorize(OTHER);
    instance.unauthorize(THIRD);
    expect(instance.pullEvents()).toEqual([]);
  });
});

describe('Instance.transferTo', () => {
  it('gives the instance to an authorized organization; creator and handle stay', () => {
    const instance = stored([OTHER, THIRD]);
    instance.transferTo(OTHER, true, LATER);
    expect(instance).toMatchObject({
      organizationId: OTHER,
      createdByOrganizationId: ORGANIZATION,
      handle: 'prod',
      updatedAt: LATER,
    });
    // The new owner is no longer "authorized"; the former owner is not authorized in turn.
    expect(instance.authorizedOrganizationIds).toEqual([THIRD]);
    const events = instance.pullEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toBeInstanceOf(InstanceTransferred);
    expect(events[0]).toMatchObject({
      fromOrganizationId: ORGANIZATION,
      toOrganizationId: OTHER,
      organizationId: ORGANIZATION,
      handle: 'prod',
    });
  });

  it.each([
    ['an organization that is not authorized', THIRD],
    ['the current owner', ORGANIZATION],
    ['an id that names nothing', 'not-an-organization'],
  ])('refuses %s, with the same violation', (_label, target) => {
    const instance = stored([OTHER]);
    expect(violationsOf(() => instance.transferTo(target, true))).toEqual([
      { propertyPath: 'organization_id', code: ViolationCode.InvalidChoice },
    ]);
    expect(instance.organizationId).toBe(ORGANIZATION);
    expect(instance.pullEvents()).toEqual([]);
  });

  it.each([undefined, null, ''])('refuses a missing target %p as blank', (target) => {
    expect(violationsOf(() => stored([OTHER]).transferTo(target, true))).toEqual([
      { propertyPath: 'organization_id', code: ViolationCode.NotBlank },
    ]);
  });
});

describe('Instance.version', () => {
  it('starts at 1 and moves once per change, never for a change that changes nothing', () => {
    const created = Instance.create(
      { organizationId: ORGANIZATION, name: 'Prod', handle: 'prod' },
      new ViolationList(),
    );
    expect(created?.version).toBe(1);
    const instance = stored();
    instance.update({ name: 'Prod' });
    instance.unauthorize(OTHER);
    expect(instance.version).toBe(4);
    instance.update({ name: 'Prod 2' });
    instance.authorize(OTHER, true);
    instance.transferTo(OTHER, true);
    instance.delete();
    expect(instance.version).toBe(8);
  });
});

describe('Instance.delete', () => {
  it('marks the instance deleted and records one InstanceDeleted, once', () => {
    const instance = stored();
    instance.delete(LATER);
    expect(instance.deletedAt).toBe(LATER);
    const events = instance.pullEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toBeInstanceOf(InstanceDeleted);
    expect(events[0]).toMatchObject({ handle: 'prod', organizationId: ORGANIZATION });
    instance.delete();
    expect(instance.pullEvents()).toEqual([]);
  });
});

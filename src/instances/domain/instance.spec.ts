import { ViolationCode, ViolationList } from '../../shared/domain/violation.js';
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
    expect(created?.instance).toMatchObject({
      organizationId: ORGANIZATION,
      createdByOrganizationId: ORGANIZATION,
      name: ' Prod ',
      handle: 'prod',
      createdAt: now,
      updatedAt: now,
    });
    expect(created?.event).toMatchObject({
      instanceId: created?.instance.id,
      aggregateId: created?.instance.id,
      organizationId: ORGANIZATION,
      handle: 'prod',
      occurredAt: now,
    });
    expect(created?.event.eventId).not.toBe(created?.instance.id);
  });
});

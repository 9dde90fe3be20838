import type { OrganizationRole } from './organization-role.js';
import { ValidationFailed, ViolationCode } from '../../shared/domain/violation.js';
import { MembershipRoster } from './membership-roster.js';
import { OrganizationError } from './organization.errors.js';

const roster = (entries: Record<string, OrganizationRole>) => new MembershipRoster(new Map(Object.entries(entries)));
const rolesOf = (r: MembershipRoster) => Object.fromEntries(r.memberships);

function violationOf(work: () => unknown): ValidationFailed {
  try {
    work();
  } catch (error) {
    if (error instanceof ValidationFailed) return error;
    throw error;
  }
  throw new Error('expected a ValidationFailed');
}

describe('MembershipRoster', () => {
  describe('changeRole', () => {
    it.each(['member', 'owner'] as const)(
      'refuses to add a partner who is not a member yet, as %s: it must accept an invitation',
      (role) => {
        const r = roster({ alice: 'owner' });
        expect(() => r.changeRole('bob', role)).toThrow(expect.objectContaining({ code: 'invitation_required' }));
        expect(rolesOf(r)).toEqual({ alice: 'owner' });
      },
    );

    it('promotes a member to owner', () => {
      const r = roster({ alice: 'owner', bob: 'member' });
      expect(r.changeRole('bob', 'owner')).toBe('changed');
      expect(rolesOf(r)).toEqual({ alice: 'owner', bob: 'owner' });
    });

    it('demotes an owner while another owner remains', () => {
      const r = roster({ alice: 'owner', bob: 'owner' });
      expect(r.changeRole('alice', 'member')).toBe('changed');
      expect(rolesOf(r)).toEqual({ alice: 'member', bob: 'owner' });
    });

    it('reports an unchanged role without changing anything, even for the last owner', () => {
      const r = roster({ alice: 'owner', bob: 'member' });
      expect(r.changeRole('alice', 'owner')).toBe('unchanged');
      expect(r.changeRole('bob', 'member')).toBe('unchanged');
      expect(rolesOf(r)).toEqual({ alice: 'owner', bob: 'member' });
    });

    it('refuses to demote the last owner with a violation on role', () => {
      const r = roster({ alice: 'owner', bob: 'member', carol: 'member' });
      const error = violationOf(() => r.changeRole('alice', 'member'));
      expect(error.violations).toEqual([
        { propertyPath: 'role', message: expect.stringContaining('last owner'), code: expect.any(String) },
      ]);
      expect(rolesOf(r)).toEqual({ alice: 'owner', bob: 'member', carol: 'member' });
    });
  });

  describe('remove', () => {
    it('removes a member', () => {
      const r = roster({ alice: 'owner', bob: 'member' });
      expect(r.remove('bob', 'alice')).toBe('removed');
      expect(rolesOf(r)).toEqual({ alice: 'owner' });
    });

    it('removes an owner while another owner remains', () => {
      const r = roster({ alice: 'owner', bob: 'owner' });
      expect(r.remove('alice', 'bob')).toBe('removed');
      expect(rolesOf(r)).toEqual({ bob: 'owner' });
    });

    it('refuses to remove the last owner with a violation on role', () => {
      const r = roster({ alice: 'owner', bob: 'member' });
      const error = violationOf(() => r.remove('alice', 'alice'));
      expect(error.violations.map((v) => v.propertyPath)).toEqual(['role']);
      expect(rolesOf(r)).toEqual({ alice: 'owner', bob: 'member' });
    });

    it('refuses to remove the sole member, who is the last owner', () => {
      const r = roster({ alice: 'owner' });
      expect(() => r.remove('alice', 'alice')).toThrow(ValidationFailed);
      expect(rolesOf(r)).toEqual({ alice: 'owner' });
    });

    it('lets a member leave: remove itself', () => {
      const r = roster({ alice: 'owner', bob: 'member', carol: 'member' });
      expect(r.remove('bob', 'bob')).toBe('removed');
      expect(rolesOf(r)).toEqual({ alice: 'owner', carol: 'member' });
    });

    it('refuses a member removing someone else with not_an_owner', () => {
      const r = roster({ alice: 'owner', bob: 'member', carol: 'member' });
      expect(() => r.remove('carol', 'bob')).toThrow(expect.objectContaining({ code: 'not_an_owner' }));
      expect(rolesOf(r)).toEqual({ alice: 'owner', bob: 'member', carol: 'member' });
    });

    it("lets the organization's integration (no member, owner role) remove anyone but the last owner", () => {
      const r = roster({ alice: 'owner', bob: 'member' });
      expect(r.remove('bob', null)).toBe('removed');
      expect(rolesOf(r)).toEqual({ alice: 'owner' });
      expect(() => r.remove('alice', null)).toThrow(ValidationFailed);
      expect(rolesOf(r)).toEqual({ alice: 'owner' });
    });

    it('refuses a partner who is no member removing someone with not_an_owner', () => {
      const r = roster({ alice: 'owner', bob: 'member' });
      expect(() => r.remove('bob', 'mallory')).toThrow(expect.objectContaining({ code: 'not_an_owner' }));
      expect(rolesOf(r)).toEqual({ alice: 'owner', bob: 'member' });
    });

    it('answers member_not_found for a partner who is not a member', () => {
      const r = roster({ alice: 'owner' });
      let caught: unknown;
      try {
        r.remove('bob', 'alice');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(OrganizationError);
      expect((caught as OrganizationError).code).toBe('member_not_found');
    });
  });

  it('does not change the map it was built from', () => {
    const source = new Map<string, OrganizationRole>([
      ['alice', 'owner'],
      ['bob', 'member'],
    ]);
    const r = new MembershipRoster(source);
    r.changeRole('bob', 'owner');
    r.remove('alice', 'bob');
    expect([...source]).toEqual([
      ['alice', 'owner'],
      ['bob', 'member'],
    ]);
  });

  describe('parseRole', () => {
    it.each(['owner', 'member'] as const)('accepts %s', (role) => {
      expect(MembershipRoster.parseRole(role)).toBe(role);
    });

    it.each([null, undefined, ''])('refuses a missing role (%j) as blank', (role) => {
      const error = violationOf(() => MembershipRoster.parseRole(role));
      expect(error.violations).toEqual([
        { propertyPath: 'role', message: 'This value should not be blank.', code: ViolationCode.NotBlank },
      ]);
    });

    it.each(['admin', 'Owner', ' owner'])('refuses %j as an invalid choice naming the valid ones', (role) => {
      const error = violationOf(() => MembershipRoster.parseRole(role));
      expect(error.violations).toEqual([
        {
          propertyPath: 'role',
          message: expect.stringContaining('owner, member'),
          code: '8e179f1b-97aa-4560-a02f-2a8b42e49df7',
        },
      ]);
    });
  });
});

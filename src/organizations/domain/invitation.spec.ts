import { ValidationFailed } from '../../shared/domain/violation.js';
import { Invitation } from './invitation.js';

describe('Invitation', () => {
  const now = new Date('2026-03-01T00:00:00Z');
  const week = 7 * 86_400_000;

  it('is pending until it expires, with the email lower-cased', () => {
    const invitation = Invitation.create('org', { email: ' Bob@Example.COM ', role: 'owner' }, week, now);
    expect(invitation).toMatchObject({ email: 'bob@example.com', role: 'owner' });
    expect(invitation.status(new Date(now.getTime() + week - 1))).toBe('pending');
    expect(invitation.status(new Date(now.getTime() + week))).toBe('expired');
  });

  it('answers once: any state but pending refuses a further answer', () => {
    const invitation = Invitation.create('org', { email: 'a@b.co', role: 'member' }, week, now);
    const accepted = invitation.respond('accepted', now);
    expect(accepted.status(now)).toBe('accepted');
    for (const answer of ['accepted', 'declined', 'revoked'] as const) {
      expect(() => accepted.respond(answer, now)).toThrow('This invitation is accepted: it cannot be used any more.');
    }
    expect(() => invitation.respond('accepted', new Date(now.getTime() + week))).toThrow('is expired');
  });

  it('refuses an invalid email and role, all at once', () => {
    try {
      Invitation.create('org', { email: 'nope', role: 'admin' }, week, now);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationFailed);
      expect((error as ValidationFailed).violations.map((v) => v.propertyPath)).toEqual(['email', 'role']);
    }
  });
});

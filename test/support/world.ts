import type { TestPartner } from './api-client.js';
import type { TestApp } from './test-app.js';

/** The cast most access tests need, built through the API as partners build it. */
export interface World {
  /** Created the organization: its sole owner. */
  owner: TestPartner;
  /** Joined with the role `member` (invited by the owner, accepted). */
  member: TestPartner;
  /** A partner of its own, in no organization. */
  outsider: TestPartner;
  organizationId: string;
}

/** A fresh organization (named `options.organization`) with an owner, a member, and an outsider. */
export async function world(t: TestApp, options: { organization?: string } = {}): Promise<World> {
  const [owner, member, outsider] = await Promise.all([
    t.api.createPartner('Owner'),
    t.api.createPartner('Member'),
    t.api.createPartner('Outsider'),
  ]);
  const organizationId = await t.api.createOrganization(owner, options.organization);
  await t.api.addMember(owner, organizationId, member, 'member');
  return { owner, member, outsider, organizationId };
}

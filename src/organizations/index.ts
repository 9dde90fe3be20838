/** The public face of the organizations module: what other modules may import. */
export { OrganizationsModule } from './organizations.module.js';
/** For modules whose data refers to organizations: they answer an organization's deletion. */
export { type OrganizationDependent, OrganizationDependents } from './infrastructure/organization-dependents.js';
/** The access rules of organization routes, with their documented 403 and 404 answers. */
export { type DocumentedAccess, MembersOnly, OwnersOnly } from './http/organization-access.js';
/** The roles a partner holds in an organization, for modules that check one themselves. */
export type { OrganizationRole } from './domain/organization-role.js';

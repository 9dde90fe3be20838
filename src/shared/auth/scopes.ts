/**
 * The scope vocabulary of integration tokens and scoped partner API keys. Each operation names the
 * scopes it needs with @RequireScopes; a caller without a scope restriction (an unscoped partner
 * API key) may call every operation its role allows. New scopes are one line here.
 */
export const SCOPES = {
  'organizations:read': 'Read the organization, its owners and members, and list organizations.',
  'organizations:write': 'Rename or delete the organization, add, change and remove its members.',
  'instances:read': "Get and list the organization's instances and their activity figures.",
  'instances:write': 'Create, rename, delete, authorize and transfer instances.',
  'events:read': "Read the organization's events feed.",
  'webhooks:read': "Read the organization's webhook endpoints and their delivery attempts.",
  'webhooks:write': "Create, change, rotate, replay and remove the organization's webhook endpoints.",
} as const;

export type Scope = keyof typeof SCOPES;

export const SCOPE_NAMES = Object.keys(SCOPES) as Scope[];

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && Object.hasOwn(SCOPES, value);
}

import { ValidationFailed } from '../../shared/domain/violation.js';
import { Integration } from './integration.js';
import { OAuthError } from './oauth-error.js';
import { grantedScopes } from './scope-request.js';

describe('Integration', () => {
  const created = () => Integration.create('org', { name: 'ERP', scopes: ['instances:write', 'instances:read'] });

  it('stores the secret as a hash only, and accepts exactly that secret', () => {
    const { integration, secret } = created();
    expect(integration.secretHash).not.toContain(secret);
    expect(integration.scopes).toEqual(['instances:read', 'instances:write']);
    expect(integration.acceptsSecret(secret)).toBe(true);
    expect(integration.acceptsSecret(`${secret}x`)).toBe(false);
    expect(integration.acceptsSecret('')).toBe(false);
  });

  it('keeps the previous secret working until the overlap ends, and only the last one', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const { integration, secret: first } = created();
    const { integration: once, secret: second } = integration.rotateSecret(60_000, now);
    expect(once.acceptsSecret(first, new Date(now.getTime() + 59_999))).toBe(true);
    expect(once.acceptsSecret(first, new Date(now.getTime() + 60_000))).toBe(false);
    expect(once.acceptsSecret(second, new Date(now.getTime() + 3_600_000))).toBe(true);
    const { integration: twice } = once.rotateSecret(60_000, now);
    expect(twice.acceptsSecret(first, now)).toBe(false);
    expect(twice.acceptsSecret(second, now)).toBe(true);
  });

  it('refuses a blank name and missing or unknown scopes, all at once', () => {
    for (const scopes of [undefined, [], 'instances:read', ['instances:read', 'root']]) {
      const attempt = () => Integration.create('org', { name: ' ', scopes });
      expect(attempt).toThrow(ValidationFailed);
      try {
        attempt();
      } catch (error) {
        expect((error as ValidationFailed).violations.map((v) => v.propertyPath)).toEqual(['name', 'scopes']);
      }
    }
  });
});

describe('grantedScopes', () => {
  const allowed = ['instances:read', 'organizations:read'] as const;

  it('grants all when none is asked for, and exactly those asked for otherwise', () => {
    expect(grantedScopes(undefined, [...allowed])).toEqual([...allowed]);
    expect(grantedScopes('organizations:read', [...allowed])).toEqual(['organizations:read']);
    expect(grantedScopes('organizations:read instances:read instances:read', [...allowed])).toEqual([...allowed]);
  });

  it.each([
    ['', 'empty'],
    [' instances:read', 'leading space'],
    ['instances:read  organizations:read', 'double space'],
    ['instances:"read"', 'a quote'],
    ['instances:write', 'beyond the integration'],
    ['everything', 'unknown'],
  ])('refuses %j (%s) with invalid_scope', (scope) => {
    expect(() => grantedScopes(scope, [...allowed])).toThrow(
      expect.objectContaining({ code: 'invalid_scope' }) as unknown as OAuthError,
    );
  });
});

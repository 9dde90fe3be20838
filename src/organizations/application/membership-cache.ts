import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LRUCache } from 'lru-cache';
import type { Environment } from '../../config/environment.js';
import type { OrganizationRole } from '../domain/organization-role.js';
import { CacheInvalidation } from '../../shared/database/cache-invalidation.js';

type CachedRole = { role: OrganizationRole | null };

/**
 * Membership checks kept briefly in memory (bounded, short TTL). Every membership change forgets
 * the organization at once, here and in the other replicas (CacheInvalidation).
 */
@Injectable()
export class MembershipCache {
  private readonly roles?: LRUCache<string, CachedRole>;

  constructor(
    config: ConfigService<Environment, true>,
    private readonly invalidation: CacheInvalidation,
  ) {
    const ttl = config.get('AUTH_CACHE_TTL_MS', { infer: true });
    if (ttl > 0) this.roles = new LRUCache({ max: 50_000, ttl });
    invalidation.subscribe('organization', {
      forget: (organizationId) => this.forgetLocally(organizationId),
      reset: () => this.roles?.clear(),
    });
  }

  get(organizationId: string, partnerId: string): CachedRole | undefined {
    return this.roles?.get(`${organizationId}:${partnerId}`);
  }

  set(organizationId: string, partnerId: string, value: CachedRole): void {
    this.roles?.set(`${organizationId}:${partnerId}`, value);
  }

  async forgetOrganization(organizationId: string): Promise<void> {
    this.forgetLocally(organizationId);
    await this.invalidation.publish('organization', organizationId);
  }

  private forgetLocally(organizationId: string): void {
    if (!this.roles) return;
    for (const key of this.roles.keys()) if (key.startsWith(`${organizationId}:`)) this.roles.delete(key);
  }
}

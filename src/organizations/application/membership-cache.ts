import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LRUCache } from 'lru-cache';
import type { Environment } from '../../config/environment.js';
import type { OrganizationRole } from '../../shared/auth/organization-role.js';

type CachedRole = { role: OrganizationRole | null };

/**
 * Membership checks kept briefly in memory (bounded, short TTL). Every membership change in this
 * process forgets the organization at once; other replicas converge within AUTH_CACHE_TTL_MS.
 */
@Injectable()
export class MembershipCache {
  private readonly roles?: LRUCache<string, CachedRole>;

  constructor(config: ConfigService<Environment, true>) {
    const ttl = config.get('AUTH_CACHE_TTL_MS', { infer: true });
    if (ttl > 0) this.roles = new LRUCache({ max: 50_000, ttl });
  }

  get(organizationId: string, partnerId: string): CachedRole | undefined {
    return this.roles?.get(`${organizationId}:${partnerId}`);
  }

  set(organizationId: string, partnerId: string, value: CachedRole): void {
    this.roles?.set(`${organizationId}:${partnerId}`, value);
  }

  forgetOrganization(organizationId: string): void {
    if (!this.roles) return;
    for (const key of this.roles.keys()) if (key.startsWith(`${organizationId}:`)) this.roles.delete(key);
  }
}

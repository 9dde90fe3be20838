import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LRUCache } from 'lru-cache';
import type { Environment } from '../../config/environment.js';
import { CacheInvalidation } from '../../shared/database/cache-invalidation.js';
import { IntegrationRepository } from '../domain/integration.repository.js';

export interface IntegrationStatus {
  integrationId: string;
  organizationId: string;
  active: boolean;
}

const TOPIC = 'integration';

/**
 * Whether a token's integration is still active, checked on every request and kept in memory for
 * AUTH_CACHE_TTL_MS. A revocation drops the entry at once in every replica (CacheInvalidation),
 * so a revoked integration's tokens are refused on the very next request.
 */
@Injectable()
export class IntegrationStatusCache {
  private readonly byClientId?: LRUCache<string, IntegrationStatus>;

  constructor(
    config: ConfigService<Environment, true>,
    private readonly integrations: IntegrationRepository,
    private readonly invalidation: CacheInvalidation,
  ) {
    const ttl = config.get('AUTH_CACHE_TTL_MS', { infer: true });
    if (ttl > 0) this.byClientId = new LRUCache({ max: 10_000, ttl });
    invalidation.subscribe(TOPIC, {
      forget: (clientId) => this.byClientId?.delete(clientId),
      reset: () => this.byClientId?.clear(),
    });
  }

  async statusOf(clientId: string): Promise<IntegrationStatus | undefined> {
    const cached = this.byClientId?.get(clientId);
    if (cached) return cached;
    const integration = await this.integrations.findByClientId(clientId);
    if (!integration) return undefined;
    const status = {
      integrationId: integration.id,
      organizationId: integration.organizationId,
      active: integration.isActive,
    };
    this.byClientId?.set(clientId, status);
    return status;
  }

  /** Forgets a revoked integration here at once, and in the other replicas before answering. */
  async forget(clientId: string): Promise<void> {
    this.byClientId?.delete(clientId);
    await this.invalidation.publish(TOPIC, clientId);
  }
}

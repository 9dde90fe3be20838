import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LRUCache } from 'lru-cache';
import type { Environment } from '../../config/environment.js';
import { CacheInvalidation } from '../../shared/database/cache-invalidation.js';
import type { ActiveKeyHolder } from '../domain/partner.repository.js';

type CachedKey = ActiveKeyHolder;

/**
 * API-key lookups kept briefly in memory (bounded size, short TTL), so that a busy partner does
 * not cost a query per request. Revocation removes the key from it at once, in every replica
 * (CacheInvalidation).
 */
@Injectable()
export class ApiKeyCache {
  private readonly byHash?: LRUCache<string, CachedKey>;

  constructor(
    config: ConfigService<Environment, true>,
    private readonly invalidation: CacheInvalidation,
  ) {
    const ttl = config.get('AUTH_CACHE_TTL_MS', { infer: true });
    if (ttl > 0) this.byHash = new LRUCache({ max: 10_000, ttl });
    invalidation.subscribe('api-key', {
      forget: (keyId) => this.forgetLocally(keyId),
      reset: () => this.byHash?.clear(),
    });
  }

  /** A cached key, unless it has expired meanwhile. */
  get(hash: string, now = new Date()): CachedKey | undefined {
    const cached = this.byHash?.get(hash);
    if (cached?.expiresAt && cached.expiresAt <= now) {
      this.byHash?.delete(hash);
      return undefined;
    }
    return cached;
  }

  set(hash: string, key: CachedKey): void {
    this.byHash?.set(hash, key);
  }

  /** Forgets a revoked key here at once, and in the other replicas as soon as they hear of it. */
  async forgetKey(keyId: string): Promise<void> {
    this.forgetLocally(keyId);
    await this.invalidation.publish('api-key', keyId);
  }

  private forgetLocally(keyId: string): void {
    if (!this.byHash) return;
    for (const [hash, cached] of this.byHash.entries()) if (cached.keyId === keyId) this.byHash.delete(hash);
  }
}

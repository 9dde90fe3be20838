import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LRUCache } from 'lru-cache';
import type { Environment } from '../../config/environment.js';
import type { AuthenticatedPartner } from '../../shared/auth/authenticated-partner.js';

type CachedKey = AuthenticatedPartner & { keyId: string };

/**
 * API-key lookups kept briefly in memory (bounded size, short TTL), so that a busy partner does
 * not cost a query per request. Revocation removes the key from it at once.
 */
@Injectable()
export class ApiKeyCache {
  private readonly byHash?: LRUCache<string, CachedKey>;

  constructor(config: ConfigService<Environment, true>) {
    const ttl = config.get('AUTH_CACHE_TTL_MS', { infer: true });
    if (ttl > 0) this.byHash = new LRUCache({ max: 10_000, ttl });
  }

  get(hash: string): CachedKey | undefined {
    return this.byHash?.get(hash);
  }

  set(hash: string, key: CachedKey): void {
    this.byHash?.set(hash, key);
  }

  forgetKey(keyId: string): void {
    if (!this.byHash) return;
    for (const [hash, cached] of this.byHash.entries()) if (cached.keyId === keyId) this.byHash.delete(hash);
  }
}

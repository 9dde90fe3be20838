import { Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { PartnerRepository } from '../domain/partner.repository.js';

/** A key's last_used_at is precise to this much: one write per key and replica at most this often. */
const LAST_USED_PRECISION_MS = 60_000;

/** Records when each API key was last used, without a write on every request. */
@Injectable()
export class ApiKeyUsage {
  private readonly logger = new Logger(ApiKeyUsage.name);
  private readonly recent = new LRUCache<string, true>({ max: 10_000, ttl: LAST_USED_PRECISION_MS });

  constructor(private readonly partners: PartnerRepository) {}

  async used(keyId: string): Promise<void> {
    if (this.recent.has(keyId)) return;
    this.recent.set(keyId, true);
    // Bookkeeping only: a failed write must not fail the request it accompanies.
    await this.partners.touchKey(keyId).catch((error: Error) => {
      this.recent.delete(keyId);
      this.logger.warn(`last_used_at of API key ${keyId} not recorded: ${error.message}`);
    });
  }
}

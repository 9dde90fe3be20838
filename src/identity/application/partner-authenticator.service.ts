import { Injectable } from '@nestjs/common';
import type { AuthenticatedPartner } from '../../shared/auth/authenticated-partner.js';
import { PartnerAuthenticator } from '../../shared/auth/partner-authenticator.js';
import { hashApiKey } from '../domain/api-key-secret.js';
import { PartnerRepository } from '../domain/partner.repository.js';
import { ApiKeyCache } from './api-key-cache.js';
import { ApiKeyUsage } from './api-key-usage.js';

/** Implements the shared authentication port: API key -> partner, through a short-lived cache. */
@Injectable()
export class ApiKeyPartnerAuthenticator extends PartnerAuthenticator {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly cache: ApiKeyCache,
    private readonly usage: ApiKeyUsage,
  ) {
    super();
  }

  async authenticate(apiKey: string): Promise<AuthenticatedPartner | undefined> {
    if (apiKey.length > 200) return undefined;
    const hash = hashApiKey(apiKey);
    let found = this.cache.get(hash);
    if (!found) {
      found = await this.partners.findByActiveKeyHash(hash);
      if (!found) return undefined;
      this.cache.set(hash, found);
    }
    await this.usage.used(found.keyId);
    return found;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Scope } from '../../shared/auth/scopes.js';
import { TransactionRunner } from '../../shared/database/transaction-runner.js';
import { isUniqueViolation } from '../../shared/database/postgres-errors.js';
import { ValidationFailed, ViolationCode } from '../../shared/domain/violation.js';
import type { ApiKey } from '../domain/api-key.js';
import type { Partner } from '../domain/partner.js';
import { type ActiveKeyHolder, type ApiKeyView, PartnerRepository } from '../domain/partner.repository.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { PartnerEntity } from './partner.entity.js';

@Injectable()
export class TypeOrmPartnerRepository extends PartnerRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
  ) {
    super();
  }

  async create(partner: Partner, firstKey: ApiKey): Promise<void> {
    try {
      await this.transactions.run(async (manager) => {
        await manager.insert(PartnerEntity, {
          id: partner.id,
          name: partner.name,
          email: partner.email,
          createdAt: partner.createdAt,
        });
        await manager.insert(ApiKeyEntity, toRow(firstKey));
      });
    } catch (error) {
      if (isUniqueViolation(error, 'partners_email_key')) {
        throw ValidationFailed.single(
          'email',
          'This email address is already used by another partner.',
          ViolationCode.AlreadyUsed,
        );
      }
      throw error;
    }
  }

  async exists(partnerId: string): Promise<boolean> {
    return this.dataSource.getRepository(PartnerEntity).existsBy({ id: partnerId });
  }

  async addKey(key: ApiKey): Promise<void> {
    await this.transactions.run((manager) => manager.insert(ApiKeyEntity, toRow(key)));
  }

  async revokeKey(partnerId: string, keyId: string): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(ApiKeyEntity)
      .set({ revokedAt: () => 'now()' })
      .where('id = :keyId AND partner_id = :partnerId AND revoked_at IS NULL', { keyId, partnerId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async findByActiveKeyHash(hash: string): Promise<ActiveKeyHolder | undefined> {
    const rows: {
      id: string;
      name: string;
      email: string;
      key_id: string;
      scopes: Scope[] | null;
      expires_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT p.id, p.name, p.email, k.id AS key_id, k.scopes, k.expires_at
         FROM api_keys k JOIN partners p ON p.id = k.partner_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())`,
      [hash],
    );
    const row = rows[0];
    if (!row) return undefined;
    const holder: ActiveKeyHolder = {
      id: row.id,
      name: row.name,
      email: row.email,
      keyId: row.key_id,
      expiresAt: row.expires_at,
    };
    if (row.scopes) holder.scopes = row.scopes;
    return holder;
  }

  async touchKey(keyId: string): Promise<void> {
    await this.dataSource.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [keyId]);
  }

  async listKeys(partnerId: string): Promise<ApiKeyView[]> {
    const rows: {
      id: string;
      partner_id: string;
      scopes: Scope[] | null;
      created_at: Date;
      expires_at: Date | null;
      last_used_at: Date | null;
      revoked_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT id, partner_id, scopes, created_at, expires_at, last_used_at, revoked_at
         FROM api_keys WHERE partner_id = $1 ORDER BY created_at, id`,
      [partnerId],
    );
    return rows.map((row) => ({
      id: row.id,
      partnerId: row.partner_id,
      scopes: row.scopes,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      lastUsedAt: row.last_used_at,
      revokedAt: row.revoked_at,
    }));
  }
}

function toRow(key: ApiKey): ApiKeyEntity {
  return {
    id: key.id,
    partnerId: key.partnerId,
    keyHash: key.hash,
    createdAt: key.createdAt,
    revokedAt: null,
    scopes: key.scopes && [...key.scopes],
    expiresAt: key.expiresAt,
    lastUsedAt: null,
  };
}

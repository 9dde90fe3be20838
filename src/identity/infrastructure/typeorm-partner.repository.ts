import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthenticatedPartner } from '../../shared/auth/authenticated-partner.js';
import { TransactionRunner } from '../../shared/database/transaction-runner.js';
import { isUniqueViolation } from '../../shared/database/postgres-errors.js';
import { ValidationFailed, ViolationCode } from '../../shared/domain/violation.js';
import type { ApiKey } from '../domain/api-key.js';
import type { Partner } from '../domain/partner.js';
import { PartnerRepository } from '../domain/partner.repository.js';
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

  async findByActiveKeyHash(hash: string): Promise<(AuthenticatedPartner & { keyId: string }) | undefined> {
    const rows: { id: string; name: string; email: string; key_id: string }[] = await this.dataSource.query(
      `SELECT p.id, p.name, p.email, k.id AS key_id
         FROM api_keys k JOIN partners p ON p.id = k.partner_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [hash],
    );
    const row = rows[0];
    return row && { id: row.id, name: row.name, email: row.email, keyId: row.key_id };
  }
}

function toRow(key: ApiKey): ApiKeyEntity {
  return { id: key.id, partnerId: key.partnerId, keyHash: key.hash, createdAt: key.createdAt, revokedAt: null };
}

import { Injectable } from '@nestjs/common';
import type { Scope } from '../../shared/auth/scopes.js';
import { isUniqueViolation } from '../../shared/database/postgres-errors.js';
import { Sql } from '../../shared/database/sql.js';
import { ValidationFailed, ViolationCode } from '../../shared/domain/violation.js';
import type { ApiKey } from '../domain/api-key.js';
import type { Partner } from '../domain/partner.js';
import { type ActiveKeyHolder, type ApiKeyView, PartnerRepository } from '../domain/partner.repository.js';
import { UnitOfWork } from '../../shared/outbox/unit-of-work.js';

const INSERT_KEY = 'INSERT INTO api_keys (id, partner_id, key_hash, created_at, scopes, expires_at)';

@Injectable()
export class TypeOrmPartnerRepository extends PartnerRepository {
  constructor(
    private readonly sql: Sql,
    private readonly unitOfWork: UnitOfWork,
  ) {
    super();
  }

  async create(partner: Partner, firstKey: ApiKey): Promise<void> {
    try {
      // The partner and its first key in one statement.
      await this.unitOfWork.statement({
        text: `WITH partner AS (INSERT INTO partners (id, name, email, created_at) VALUES ($1, $2, $3, $4))
               ${INSERT_KEY} VALUES ($5, $6, $7, $8, $9, $10)`,
        values: [partner.id, partner.name, partner.email, partner.createdAt, ...keyValues(firstKey)],
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
    const rows = await this.sql.rows({ text: 'SELECT 1 FROM partners WHERE id = $1', values: [partnerId] });
    return rows.length > 0;
  }

  async addKey(key: ApiKey): Promise<void> {
    await this.unitOfWork.statement({ text: `${INSERT_KEY} VALUES ($1, $2, $3, $4, $5, $6)`, values: keyValues(key) });
  }

  async revokeKey(partnerId: string, keyId: string): Promise<boolean> {
    const revoked = await this.unitOfWork.statement({
      text: 'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND partner_id = $2 AND revoked_at IS NULL RETURNING id',
      values: [keyId, partnerId],
    });
    return revoked.length > 0;
  }

  async findByActiveKeyHash(hash: string): Promise<ActiveKeyHolder | undefined> {
    const rows = await this.sql.rows<{
      id: string;
      name: string;
      email: string;
      key_id: string;
      scopes: Scope[] | null;
      expires_at: Date | null;
    }>({
      text: `SELECT p.id, p.name, p.email, k.id AS key_id, k.scopes, k.expires_at
               FROM api_keys k JOIN partners p ON p.id = k.partner_id
              WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())`,
      values: [hash],
    });
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
    // Bookkeeping of its own, never part of the request's work (nor of an idempotent request's transaction).
    await this.sql.rows({ text: 'UPDATE api_keys SET last_used_at = now() WHERE id = $1', values: [keyId] });
  }

  async listKeys(partnerId: string): Promise<ApiKeyView[]> {
    const rows = await this.sql.rows<{
      id: string;
      partner_id: string;
      scopes: Scope[] | null;
      created_at: Date;
      expires_at: Date | null;
      last_used_at: Date | null;
      revoked_at: Date | null;
    }>({
      text: `SELECT id, partner_id, scopes, created_at, expires_at, last_used_at, revoked_at
               FROM api_keys WHERE partner_id = $1 ORDER BY created_at, id`,
      values: [partnerId],
    });
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

function keyValues(key: ApiKey): unknown[] {
  return [key.id, key.partnerId, key.hash, key.createdAt, key.scopes ? [...key.scopes] : null, key.expiresAt];
}

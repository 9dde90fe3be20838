import { Injectable } from '@nestjs/common';
import type { Scope } from '../../shared/auth/scopes.js';
import { Sql } from '../../shared/database/sql.js';
import { UnitOfWork } from '../../shared/outbox/unit-of-work.js';
import { Integration } from '../domain/integration.js';
import { IntegrationRepository } from '../domain/integration.repository.js';

interface Row {
  id: string;
  organization_id: string;
  name: string;
  client_id: string;
  secret_hash: string;
  previous_secret_hash: string | null;
  previous_secret_expires_at: Date | null;
  scopes: Scope[];
  created_at: Date;
  revoked_at: Date | null;
}

/**
 * Writes go through the unit of work: on an idempotent request, the key's outcome commits with
 * them (a created integration or a rotated secret is never issued twice for one key).
 */
@Injectable()
export class TypeOrmIntegrationRepository extends IntegrationRepository {
  constructor(
    private readonly sql: Sql,
    private readonly unitOfWork: UnitOfWork,
  ) {
    super();
  }

  async insert(integration: Integration): Promise<void> {
    await this.unitOfWork.statement({
      text: `INSERT INTO integrations (id, organization_id, name, client_id, secret_hash, scopes, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      values: [
        integration.id,
        integration.organizationId,
        integration.name,
        integration.clientId,
        integration.secretHash,
        integration.scopes,
        integration.createdAt,
      ],
    });
  }

  async listActive(organizationId: string): Promise<Integration[]> {
    const rows = await this.sql.rows<Row>({
      text: 'SELECT * FROM integrations WHERE organization_id = $1 AND revoked_at IS NULL ORDER BY created_at, id',
      values: [organizationId],
    });
    return rows.map(toIntegration);
  }

  async findActive(organizationId: string, integrationId: string): Promise<Integration | undefined> {
    const rows = await this.sql.rows<Row>({
      text: 'SELECT * FROM integrations WHERE id = $1 AND organization_id = $2 AND revoked_at IS NULL',
      values: [integrationId, organizationId],
    });
    return rows[0] && toIntegration(rows[0]);
  }

  async findByClientId(clientId: string): Promise<Integration | undefined> {
    const rows = await this.sql.rows<Row>({
      text: 'SELECT * FROM integrations WHERE client_id = $1',
      values: [clientId],
    });
    return rows[0] && toIntegration(rows[0]);
  }

  async saveSecrets(integration: Integration): Promise<boolean> {
    const saved = await this.unitOfWork.statement({
      text: `UPDATE integrations SET secret_hash = $2, previous_secret_hash = $3, previous_secret_expires_at = $4
              WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      values: [
        integration.id,
        integration.secretHash,
        integration.previousSecretHash,
        integration.previousSecretExpiresAt,
      ],
    });
    return saved.length > 0;
  }

  async revoke(organizationId: string, integrationId: string): Promise<boolean> {
    const revoked = await this.unitOfWork.statement({
      text: 'UPDATE integrations SET revoked_at = now() WHERE id = $1 AND organization_id = $2 AND revoked_at IS NULL RETURNING id',
      values: [integrationId, organizationId],
    });
    return revoked.length > 0;
  }
}

function toIntegration(row: Row): Integration {
  return Integration.restore({
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    clientId: row.client_id,
    secretHash: row.secret_hash,
    previousSecretHash: row.previous_secret_hash,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    scopes: row.scopes,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  });
}

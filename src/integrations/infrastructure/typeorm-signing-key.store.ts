import { Injectable } from '@nestjs/common';
import type { JWK } from 'jose';
import { Sql } from '../../shared/database/sql.js';
import { UnitOfWork } from '../../shared/outbox/unit-of-work.js';
import { SigningKeyStore, type StoredSigningKey } from '../domain/signing-key.store.js';

/** Any constant shared by the replicas: serializes key rotation among them. */
const ROTATION_LOCK = 7_300_914_201;

interface Row {
  kid: string;
  public_jwk: JWK;
  encrypted_private_jwk: string;
  created_at: Date;
}

@Injectable()
export class TypeOrmSigningKeyStore extends SigningKeyStore {
  constructor(
    private readonly sql: Sql,
    private readonly unitOfWork: UnitOfWork,
  ) {
    super();
  }

  async listSince(since: Date): Promise<StoredSigningKey[]> {
    const rows = await this.sql.rows<Row>({
      text: 'SELECT * FROM oauth_signing_keys WHERE created_at >= $1 ORDER BY created_at DESC',
      values: [since],
    });
    return rows.map(toKey);
  }

  async newestOrInsert(
    notBefore: Date,
    candidate: () => Promise<StoredSigningKey>,
    deleteBefore: Date,
  ): Promise<StoredSigningKey> {
    return this.unitOfWork.run(async (work) => {
      await work.rows({ text: 'SELECT pg_advisory_xact_lock($1)', values: [ROTATION_LOCK] });
      const [newest] = await work.rows<Row>({
        text: 'SELECT * FROM oauth_signing_keys WHERE created_at >= $1 ORDER BY created_at DESC LIMIT 1',
        values: [notBefore],
      });
      if (newest) return toKey(newest);
      const key = await candidate();
      await work.rows({
        text: `INSERT INTO oauth_signing_keys (kid, public_jwk, encrypted_private_jwk, created_at)
               VALUES ($1, $2, $3, $4)`,
        values: [key.kid, JSON.stringify(key.publicJwk), key.encryptedPrivateJwk, key.createdAt],
      });
      await work.rows({ text: 'DELETE FROM oauth_signing_keys WHERE created_at < $1', values: [deleteBefore] });
      return key;
    });
  }
}

function toKey(row: Row): StoredSigningKey {
  return {
    kid: row.kid,
    publicJwk: row.public_jwk,
    encryptedPrivateJwk: row.encrypted_private_jwk,
    createdAt: row.created_at,
  };
}

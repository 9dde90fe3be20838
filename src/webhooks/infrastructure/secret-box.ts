import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../config/environment.js';
import { Sql } from '../../shared/database/sql.js';

/**
 * Encrypts webhook signing secrets at rest (AES-256-GCM): the service must sign with them, so it
 * cannot keep only a hash. The key comes from WEBHOOK_SECRET_KEY, or, unset, from a random key the
 * first replica stores in the database (which protects nothing against a reader of the database:
 * set the variable in production).
 */
@Injectable()
export class SecretBox {
  private key?: Promise<Buffer>;

  constructor(
    private readonly sql: Sql,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async seal(secret: string): Promise<Buffer> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.keyOf(), iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
  }

  async open(box: Buffer): Promise<string> {
    const decipher = createDecipheriv('aes-256-gcm', await this.keyOf(), box.subarray(0, 12));
    decipher.setAuthTag(box.subarray(12, 28));
    return Buffer.concat([decipher.update(box.subarray(28)), decipher.final()]).toString('utf8');
  }

  private keyOf(): Promise<Buffer> {
    this.key ??= this.loadKey().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async loadKey(): Promise<Buffer> {
    const configured = this.config.get('WEBHOOK_SECRET_KEY', { infer: true });
    if (configured) return createHash('sha256').update(configured).digest();
    const [row] = await this.sql.rows<{ key: Buffer }>({
      text: `WITH created AS (
               INSERT INTO webhook_secret_keys (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING RETURNING key
             )
             SELECT key FROM created UNION ALL SELECT key FROM webhook_secret_keys WHERE id = 1 LIMIT 1`,
      values: [randomBytes(32)],
    });
    return row.key;
  }
}

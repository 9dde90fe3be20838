import { Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { PartnerEntity } from './partner.entity.js';

@Entity({ name: 'api_keys' })
@Unique('api_keys_key_hash_key', ['keyHash'])
@Index('api_keys_partner_idx', ['partnerId'])
export class ApiKeyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'partner_id' })
  @ForeignKey(() => PartnerEntity, { onDelete: 'CASCADE', name: 'api_keys_partner_fk' })
  partnerId!: string;

  /** SHA-256 of the key, hex; every authenticated request looks it up. */
  @Column('text', { name: 'key_hash' })
  keyHash!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  /** null: unrestricted, as keys were before scopes existed. */
  @Column('text', { array: true, nullable: true })
  scopes!: string[] | null;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  /** Updated at most once a minute per key and replica (ApiKeyUsage). */
  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;
}

import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * Indexes serve the list endpoint, always scoped to one organization and to live instances: one
 * partial B-tree per sort key (organization, key, id) so that every order is an index scan with
 * `id` as the tie-breaker, and partial trigram GIN indexes for the substring filters (created in
 * the migrations; TypeORM cannot express operator classes, hence `synchronize: false`). The plain
 * organization index serves the foreign key's SET NULL. Counters per organization are kept by
 * triggers (OrganizationInstanceCounts migration).
 *
 * Deleted instances keep their row (`deleted_at` set), so that their handle stays reserved by the
 * unique constraint; every read filters them out.
 */
@Entity({ name: 'instances' })
@Check('instances_live_have_owner_check', 'deleted_at IS NOT NULL OR organization_id IS NOT NULL')
@Unique('instances_handle_key', ['handle'])
@Index('instances_organization_created_idx', ['organizationId', 'createdAt', 'id'], { where: 'deleted_at IS NULL' })
@Index('instances_organization_updated_idx', ['organizationId', 'updatedAt', 'id'], { where: 'deleted_at IS NULL' })
@Index('instances_organization_name_idx', ['organizationId', 'name', 'id'], { where: 'deleted_at IS NULL' })
@Index('instances_organization_handle_idx', ['organizationId', 'handle', 'id'], { where: 'deleted_at IS NULL' })
@Index('instances_organization_idx', ['organizationId'])
@Index('instances_name_trgm_idx', { synchronize: false })
@Index('instances_handle_trgm_idx', { synchronize: false })
export class InstanceEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /**
   * The current owner. A trigger refuses to delete an organization that owns live instances (see
   * the InstanceLifecycle migration); a deleted instance merely loses its owner (SET NULL).
   */
  @Column('uuid', { name: 'organization_id', nullable: true })
  // By table name: a foreign key needs a column and a migration, not another module's entity class.
  @ForeignKey('organizations', { onDelete: 'SET NULL', name: 'instances_organization_fk' })
  organizationId!: string | null;

  /** The creator; kept as a plain id, a record that outlives the organization it names. */
  @Column('uuid', { name: 'created_by_organization_id' })
  createdByOrganizationId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  handle!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;

  /** Incremented by every change of the instance: the ETag of its representation (RowVersions migration). */
  @Column('integer', { default: 1 })
  version!: number;
}

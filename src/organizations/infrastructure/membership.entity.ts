import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { OrganizationRole } from '../domain/organization-role.js';
import { OrganizationEntity } from './organization.entity.js';

@Entity({ name: 'memberships' })
@Check('memberships_role_check', `role IN ('owner', 'member')`)
@Index('memberships_partner_idx', ['partnerId', 'organizationId'])
export class MembershipEntity {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  @ForeignKey(() => OrganizationEntity, { onDelete: 'CASCADE', name: 'memberships_organization_fk' })
  organizationId!: string;

  @PrimaryColumn('uuid', { name: 'partner_id' })
  @ForeignKey('partners', { onDelete: 'CASCADE', name: 'memberships_partner_fk' })
  partnerId!: string;

  @Column('text')
  role!: OrganizationRole;

  @Column('timestamptz', { name: 'joined_at' })
  joinedAt!: Date;
}

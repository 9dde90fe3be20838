import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { InstanceEntity } from './instance.entity.js';

/** An organization the instance may be transferred to, and whose members may read it. */
@Entity({ name: 'instance_authorized_organizations' })
@Index('instance_authorized_organizations_organization_idx', ['organizationId', 'instanceId'])
export class InstanceAuthorizedOrganizationEntity {
  @PrimaryColumn('uuid', { name: 'instance_id' })
  @ForeignKey(() => InstanceEntity, { onDelete: 'CASCADE', name: 'instance_authorized_organizations_instance_fk' })
  instanceId!: string;

  @PrimaryColumn('uuid', { name: 'organization_id' })
  @ForeignKey('organizations', {
    onDelete: 'CASCADE',
    name: 'instance_authorized_organizations_organization_fk',
  })
  organizationId!: string;
}

import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

@Entity({ name: 'partners' })
@Unique('partners_email_key', ['email'])
export class PartnerEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  /** Stored lower-cased; unique. */
  @Column('text')
  email!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../shared/database/postgres-errors.js';
import { TransactionRunner } from '../../shared/database/transaction-runner.js';
import { ViolationList } from '../../shared/domain/violation.js';
import { OutboxWriter } from '../../shared/outbox/outbox-writer.js';
import type { InstanceCreated } from '../domain/instance-created.event.js';
import { handleAlreadyUsed } from '../domain/instance-rules.js';
import type { Instance } from '../domain/instance.js';
import { InstanceRepository } from '../domain/instance.repository.js';
import { InstanceEntity } from './instance.entity.js';

@Injectable()
export class TypeOrmInstanceRepository extends InstanceRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxWriter,
  ) {
    super();
  }

  async add(instance: Instance, event: InstanceCreated): Promise<void> {
    try {
      await this.transactions.run(async (manager) => {
        await manager.insert(InstanceEntity, {
          id: instance.id,
          organizationId: instance.organizationId,
          createdByOrganizationId: instance.createdByOrganizationId,
          name: instance.name,
          handle: instance.handle,
          createdAt: instance.createdAt,
          updatedAt: instance.updatedAt,
        });
        await this.outbox.record(manager, event);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'instances_handle_key')) {
        const violations = new ViolationList();
        handleAlreadyUsed(violations);
        throw violations.toError();
      }
      throw error;
    }
  }

  async isHandleTaken(handle: string): Promise<boolean> {
    return this.dataSource.getRepository(InstanceEntity).existsBy({ handle });
  }
}

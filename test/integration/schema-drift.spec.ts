import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { startTestContext } from '../support/test-context.js';

describe('entities and migrations (integration)', () => {
  let context: INestApplicationContext;

  beforeAll(async () => {
    context = await startTestContext();
  });

  afterAll(() => context.close());

  it('describe the same schema: generating a migration after the last one finds nothing to change', async () => {
    const pending = await context.get(DataSource).driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });
});

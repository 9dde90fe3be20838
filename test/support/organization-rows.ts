import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';

/** An organization written straight into the database (integration tier: no API, no members). */
export async function insertOrganization(db: DataSource): Promise<string> {
  const id = uuidv7();
  await db.query('INSERT INTO organizations (id, name, created_at, updated_at) VALUES ($1, $2, now(), now())', [
    id,
    `Organization ${id}`,
  ]);
  return id;
}

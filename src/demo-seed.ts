import { Logger } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CreateOrganizationCommand } from './organizations/application/create-organization/create-organization.command.js';
import { CreatePartnerCommand } from './identity/application/create-partner/create-partner.command.js';

/**
 * On the embedded database only: when no partner exists yet, creates a demo partner with an
 * organization and prints its API key once, so that a newcomer can try the API straight away.
 */
export async function seedDemoPartner(app: INestApplication): Promise<void> {
  const [{ count }] = await app.get(DataSource).query('SELECT count(*)::int AS count FROM partners');
  if (count > 0) return;
  const commands = app.get(CommandBus);
  const partner = await commands.execute(new CreatePartnerCommand('Demo Partner', 'demo@example.com'));
  const organization = await commands.execute(new CreateOrganizationCommand('Demo Organization', partner.id));
  new Logger('DemoSeed').warn(
    `Demo partner created. API key (shown once): ${partner.apiKey} - organization id: ${organization.id}`,
  );
}

import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { IssueApiKeyCommand } from './identity/application/issue-api-key/issue-api-key.command.js';
import { CreateOrganizationCommand } from './organizations/application/create-organization/create-organization.command.js';
import { CreatePartnerCommand } from './identity/application/create-partner/create-partner.command.js';

const DEMO_EMAIL = 'demo@example.com';

export interface DemoKey {
  apiKey: string;
  organizationId: string;
}

/**
 * On the embedded database only: when no partner exists yet, creates a demo partner with an
 * organization, so that a newcomer can try the API straight away. The key is returned to be shown once.
 */
export async function seedDemoPartner(app: INestApplication): Promise<DemoKey | undefined> {
  const [{ count }] = await app.get(DataSource).query('SELECT count(*)::int AS count FROM partners');
  if (count > 0) return undefined;
  return createDemoPartner(app);
}

/** `npm run demo:key`: a new key for the demo partner (created, with its organization, if missing). */
export async function issueDemoKey(app: INestApplication): Promise<DemoKey> {
  const [demo]: { id: string; organization_id: string | null }[] = await app.get(DataSource).query(
    `SELECT p.id, (SELECT m.organization_id FROM memberships m WHERE m.partner_id = p.id
                    ORDER BY m.joined_at LIMIT 1) AS organization_id
       FROM partners p WHERE p.email = $1`,
    [DEMO_EMAIL],
  );
  if (!demo) return createDemoPartner(app);
  const commands = app.get(CommandBus);
  const { apiKey } = await commands.execute(new IssueApiKeyCommand(demo.id));
  const organizationId =
    demo.organization_id ?? (await commands.execute(new CreateOrganizationCommand('Demo Organization', demo.id))).id;
  return { apiKey, organizationId };
}

async function createDemoPartner(app: INestApplication): Promise<DemoKey> {
  const commands = app.get(CommandBus);
  const partner = await commands.execute(new CreatePartnerCommand('Demo Partner', DEMO_EMAIL));
  const organization = await commands.execute(new CreateOrganizationCommand('Demo Organization', partner.id));
  return { apiKey: partner.apiKey, organizationId: organization.id };
}

/**
 * The demo key as a plain text block on stderr, whatever LOG_LEVEL says: it is shown once and
 * must not drown among JSON log lines (stdout stays pure JSON for log collectors).
 */
export function printDemoKey(demo: DemoKey, docsUrl: string): void {
  const rule = '='.repeat(78);
  process.stderr.write(
    [
      '',
      rule,
      ' Demo partner API key (shown once; `npm run demo:key` issues a new one):',
      '',
      `     ${demo.apiKey}`,
      '',
      ` Demo organization id: ${demo.organizationId}`,
      ` Try it: open ${docsUrl}, click Authorize, paste the key.`,
      rule,
      '',
      '',
    ].join('\n'),
  );
}

/**
 * Creates an instance and lists the organization's instances with the typed client: types
 * generated from the OpenAPI document (`npm run client:generate` -> examples/generated/) and
 * openapi-fetch. Run against a running server:
 *
 *   INSTANCES_API_KEY=iak_... npx tsx examples/create-and-list.ts [base URL] [organization id]
 *
 * Base URL: argument, else INSTANCES_API_URL, else http://localhost:3000. Without an organization
 * id (argument or INSTANCES_API_ORGANIZATION_ID) it creates one, owned by the key's partner.
 */
import { randomBytes } from 'node:crypto';
import createClient from 'openapi-fetch';
import type { paths } from './generated/instances-api.js';

const [baseUrl = process.env.INSTANCES_API_URL ?? 'http://localhost:3000', givenOrganization] = process.argv.slice(2);
const apiKey = process.env.INSTANCES_API_KEY;
if (!apiKey) {
  console.error('Set INSTANCES_API_KEY to a partner API key.');
  process.exit(2);
}

const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });

/** The problem document of a failed call, as one line. */
function failure(operation: string, error: { status?: number; title?: string; detail?: string }): never {
  throw new Error(`${operation} failed: ${error.status} ${error.title}: ${error.detail}`);
}

let organizationId = givenOrganization ?? process.env.INSTANCES_API_ORGANIZATION_ID;
if (!organizationId) {
  const { data, error } = await api.POST('/api/organizations', { body: { name: 'Typed client example' } });
  if (error) failure('createOrganization', error);
  organizationId = data.id;
  console.log(`Created organization ${organizationId}`);
}

const handle = `example-${[...randomBytes(6)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('')}`;
const created = await api.POST('/api/organizations/{organizationId}/instances', {
  params: { path: { organizationId } },
  body: { name: 'Created by the typed client', handle },
});
if (created.error) failure('createInstance', created.error);
console.log(`Created instance ${created.data.id} ${created.data.handle} "${created.data.name}"`);

const listed = await api.GET('/api/organizations/{organizationId}/instances', {
  params: { path: { organizationId }, query: { 'order[createdAt]': 'desc', itemsPerPage: 10 } },
});
if (listed.error) failure('listInstances', listed.error);
console.log(`Organization ${organizationId} has ${listed.data.totalItems} instance(s):`);
for (const instance of listed.data.member) console.log(`- ${instance.handle} "${instance.name}" (${instance.id})`);

import type { TestPartner } from './api-client.js';
import type { TestApp } from './test-app.js';

/**
 * A fresh integration of `organizationId` (created by its owner) with `scopes`, and an access
 * token for it (client credentials grant, client_secret_basic).
 */
export async function integrationToken(
  t: TestApp,
  owner: TestPartner,
  organizationId: string,
  scopes: string[],
): Promise<{ id: string; token: string }> {
  const created = await t.api.post(`/api/organizations/${organizationId}/integrations`, owner.apiKey, {
    name: 'Test caller',
    scopes,
  });
  if (created.status !== 201) throw new Error(`integration: ${created.status} ${created.text}`);
  const response = await fetch(`${t.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${created.body.client_id}:${created.body.client_secret}`).toString('base64')}`,
    },
    body: 'grant_type=client_credentials',
  });
  if (response.status !== 200) throw new Error(`integrationToken: ${response.status} ${await response.text()}`);
  return { id: created.body.id as string, token: ((await response.json()) as { access_token: string }).access_token };
}

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page, type Response } from 'playwright-core';
import type { TestPartner } from '../support/api-client.js';
import { randomHandle } from '../support/handles.js';
import { assertConformsToDocument } from '../support/openapi-contract.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Swagger UI at /docs, used as a partner would: in Debian's Chromium (no browser download), with
 * every request to anything but the service itself refused, so the page works offline or not at
 * all. The API responses the page receives are held to the OpenAPI document like any other.
 */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = 'test-artifacts/swagger-ui';
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable) {
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPED: the Swagger UI browser test needs Debian's chromium at ${CHROMIUM}.\n` +
      `!! Install it with: apt-get install -y chromium   (.ci/run does this when it can)\n${'!'.repeat(78)}\n`,
  );
}

(browserAvailable ? describe : describe.skip)('Swagger UI at /docs in headless Chromium', () => {
  let t: TestApp;
  let owner: TestPartner;
  let organizationId: string;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  const foreignRequests: string[] = [];
  const apiResponses: Promise<void>[] = [];
  const idempotencyKeysSent: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    owner = await t.api.createPartner('Swagger UI partner');
    organizationId = await t.api.createOrganization(owner, 'Swagger UI organization');
    mkdirSync(SCREENSHOTS, { recursive: true });
    userDataDir = mkdtempSync(join(tmpdir(), 'instances-api-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: LAUNCH_ARGS,
      viewport: { width: 1280, height: 1000 },
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${t.baseUrl}/`)) return route.continue();
      foreignRequests.push(url);
      return route.abort('blockedbyclient');
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (request) => {
      const key = request.headers()['idempotency-key'];
      if (key !== undefined) idempotencyKeysSent.push(key);
    });
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/')) apiResponses.push(checkContract(response));
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await t?.close();
  });

  async function checkContract(response: Response): Promise<void> {
    const url = new URL(response.url());
    await assertConformsToDocument(t.baseUrl, {
      method: response.request().method(),
      path: url.pathname + url.search,
      status: response.status(),
      headers: new Headers(await response.allHeaders()),
      text: await response.text(),
    });
  }

  /** The operation block of `operationId`, expanded and switched to "Try it out". */
  async function tryOut(operationId: string): Promise<Locator> {
    const block = page.locator(`#operations-Instances-${operationId}`);
    await block.locator('.opblock-summary').first().click();
    await block.getByRole('button', { name: 'Try it out' }).click();
    await block.locator('input[placeholder="organizationId"]').fill(organizationId);
    return block;
  }

  /** Executes the operation and returns the status and body the page shows for the live response. */
  async function execute(block: Locator): Promise<{ status: string; body: unknown }> {
    // Clear the previous live response first, so what is read below is this execution's answer.
    const clear = block.getByRole('button', { name: 'Clear' });
    if (await clear.isVisible()) {
      await clear.click();
      await block.locator('.live-responses-table').waitFor({ state: 'detached' });
    }
    await block.getByRole('button', { name: 'Execute' }).click();
    const live = block.locator('.live-responses-table .response');
    await live.first().waitFor();
    const status = (await live.locator('.response-col_status').first().innerText()).trim();
    const body = JSON.parse(await live.locator('.response-col_description pre.microlight').first().innerText());
    return { status, body };
  }

  it('serves its assets itself, authorizes with an API key, creates and lists instances', async () => {
    await page.goto(`${t.baseUrl}/docs`);
    await page.locator('.information-container .title').filter({ hasText: 'Instances API' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/1-loaded.png` });

    await page.getByRole('button', { name: 'Authorize' }).first().click();
    const scheme = page.locator('.modal-ux .auth-container').filter({ hasText: 'apiKey' });
    await scheme.locator('input').fill(owner.apiKey);
    await page.screenshot({ path: `${SCREENSHOTS}/2-authorize-dialog.png` });
    await scheme.locator('button.authorize').click();
    await scheme.locator('button', { hasText: 'Logout' }).waitFor();
    await scheme.locator('button', { hasText: 'Close' }).click();

    const handle = randomHandle();
    const create = await tryOut('createInstance');
    await create
      .locator('textarea.body-param__text')
      .fill(JSON.stringify({ name: 'Created in Swagger UI', handle }, null, 2));
    const created = await execute(create);
    // The shot for docs/swagger-ui.png: Execute, the curl command with the body, the 201 response.
    await create.locator('.btn-group', { hasText: 'Execute' }).evaluate((buttons) => buttons.scrollIntoView());
    await page.screenshot({ path: `${SCREENSHOTS}/3-created.png` });
    expect(created.status).toBe('201');
    expect(created.body).toMatchObject({
      '@type': 'OrganizationInstancesResource',
      name: 'Created in Swagger UI',
      handle,
      organization_id: organizationId,
    });

    // Twice more, as a partner would: another create, then a bad one. Swagger UI must not send a
    // prefilled Idempotency-Key (it did: every later create answered 422 about the key).
    const body = create.locator('textarea.body-param__text');
    const secondHandle = randomHandle();
    await body.fill(JSON.stringify({ name: 'Second from Swagger UI', handle: secondHandle }, null, 2));
    const second = await execute(create);
    expect(second.status).toBe('201');
    expect(second.body).toMatchObject({ handle: secondHandle, name: 'Second from Swagger UI' });
    expect((second.body as { id: string }).id).not.toBe((created.body as { id: string }).id);
    await body.fill(JSON.stringify({ name: 'Bad handle', handle: 'Not A Handle' }, null, 2));
    const bad = await execute(create);
    expect(bad.status).toBe('422');
    expect((bad.body as { violations: { propertyPath: string }[] }).violations.map((v) => v.propertyPath)).toEqual([
      'handle',
    ]);
    expect(idempotencyKeysSent).toEqual([]);

    const list = await tryOut('listInstances');
    const listed = await execute(list);
    await list.locator('.live-responses-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/4-listed.png` });
    expect(listed.status).toBe('200');
    expect(listed.body).toMatchObject({
      '@type': 'Collection',
      totalItems: 2,
      member: [
        { handle: secondHandle, name: 'Second from Swagger UI' },
        { handle, name: 'Created in Swagger UI' },
      ],
    });

    // The page's own API calls conform to the document; nothing was fetched from anywhere else.
    expect(apiResponses).toHaveLength(4);
    await Promise.all(apiResponses);
    expect(foreignRequests).toEqual([]);
  }, 60_000);
});

import { readdirSync, readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { eventually } from '../support/eventually.js';
import { Fixtures, send, type Tenant } from '../support/hostile-client.js';
import { buildService, type ServiceBuild } from '../support/service-build.js';
import { type ServiceProcess, startService } from '../support/service-process.js';
import { type ReceivedWebhook, WebhookReceiver } from '../support/webhook-receiver.js';

const databaseUrl = (): string => {
  const url = process.env.TEST_DATABASE_RUN_URL;
  if (!url) throw new Error('TEST_DATABASE_RUN_URL is unset: run the tests through jest (global setup)');
  return url;
};

/** The processes whose parent is `pid`, with their command lines. */
function childrenOf(pid: number): { pid: number; command: string }[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== pid) return [];
        return [{ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ') }];
      } catch {
        return []; // gone meanwhile
      }
    });
}

const workerOf = (service: ServiceProcess): number | undefined =>
  childrenOf(service.child.pid!).find((child) => child.command.includes('webhook-worker.js'))?.pid;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The real service process with WEBHOOK_WORKER on (the default): its webhooks leave from a child
 * process. The poll interval is a minute, so every prompt delivery below comes from the API's
 * nudge, and every change of an endpoint from its refresh, both forwarded to the worker.
 */
describe('the webhook worker of the real service process', () => {
  let build: ServiceBuild;
  let service: ServiceProcess;
  let fixtures: Fixtures;
  let owner: Tenant;
  let organizationId: string;
  let endpoint: { '@id': string; secret: string };
  const receiver = new WebhookReceiver();

  const verified = (secret: string, hook: ReceivedWebhook) =>
    new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>) as { type: string };
  const receivedFor = (instanceId: string) => receiver.received.filter((hook) => hook.body.includes(instanceId));
  const delivered = async (instanceId: string, timeoutMs = 5000) =>
    (
      await eventually(
        async () => receivedFor(instanceId),
        (hooks) => hooks.length > 0,
        timeoutMs,
      )
    )[0];

  beforeAll(async () => {
    build = await buildService();
    service = await startService(build, {
      databaseUrl: databaseUrl(),
      env: {
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        OUTBOX_POLL_INTERVAL_MS: '60000',
        // The killed worker's leases expire soon, so that the next one takes over.
        EVENT_DELIVERY_LEASE_MS: '1500',
      },
    });
    fixtures = new Fixtures(service.baseUrl);
    owner = await fixtures.partner('Worker owner');
    organizationId = await fixtures.organization(owner, 'Worker hooks');
    const created = await send(service.baseUrl, 'POST', `/api/organizations/${organizationId}/webhook-endpoints`, {
      key: owner.apiKey,
      json: { url: await receiver.start() },
    });
    expect(created.status).toBe(201);
    endpoint = created.body;
  }, 180_000);
  afterAll(async () => {
    if (service?.child.exitCode === null) service.child.kill('SIGKILL');
    await receiver.stop();
  });

  it('runs as a child of the service and delivers signed webhooks right after the commit', async () => {
    expect(workerOf(service)).toBeDefined();
    const instance = await fixtures.instance(owner, organizationId);
    const hook = await delivered(instance.id, 3000);
    expect(verified(endpoint.secret, hook).type).toBe('instance.created');
  });

  it('is the only one that delivers them: while it is stopped, no webhook leaves; once it runs again, it does', async () => {
    const worker = workerOf(service)!;
    process.kill(worker, 'SIGSTOP');
    try {
      const instance = await fixtures.instance(owner, organizationId);
      await sleep(1500);
      expect(receivedFor(instance.id)).toHaveLength(0);
      process.kill(worker, 'SIGCONT');
      await delivered(instance.id);
    } finally {
      process.kill(worker, 'SIGCONT');
    }
  });

  it('signs with a rotated secret from the next delivery on (the rotation refreshes the worker before it answers)', async () => {
    const rotated = await send(service.baseUrl, 'POST', `${endpoint['@id']}/rotate-secret`, { key: owner.apiKey });
    expect(rotated.status).toBe(200);
    const instance = await fixtures.instance(owner, organizationId);
    const hook = await delivered(instance.id);
    expect(verified(rotated.body.secret, hook).type).toBe('instance.created');
    expect(() => verified(endpoint.secret, hook)).toThrow();
    endpoint = { ...endpoint, secret: rotated.body.secret };
  });

  it('is started again when it dies, and the new one delivers what was written meanwhile', async () => {
    const killed = workerOf(service)!;
    process.kill(killed, 'SIGKILL');
    const instance = await fixtures.instance(owner, organizationId);
    const next = await eventually(
      async () => workerOf(service),
      (pid) => pid !== undefined && pid !== killed,
    );
    const hook = await delivered(instance.id, 10_000);
    expect(verified(endpoint.secret, hook).type).toBe('instance.created');
    expect(service.output()).toContain(`The webhook worker (PID ${killed}) exited (SIGKILL)`);
    expect(alive(next!)).toBe(true);
  }, 20_000);

  it('stops with the service on SIGTERM (exit 0), and leaves when the service is killed', async () => {
    const worker = workerOf(service)!;
    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(alive(worker)).toBe(false);

    const again = await startService(build, {
      databaseUrl: databaseUrl(),
      env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' },
    });
    const orphan = workerOf(again)!;
    again.child.kill('SIGKILL');
    await again.exited;
    await eventually(
      async () => alive(orphan),
      (running) => !running,
      10_000,
    );
  }, 60_000);
});

import { randomBytes } from 'node:crypto';
import { connect as connectTcp } from 'node:net';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { TestPartner } from '../support/api-client.js';
import { eventually } from '../support/eventually.js';
import { randomHandle } from '../support/handles.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The NATS server with JetStream this machine runs (.ci/run starts one when none answers). */
const NATS = { host: '127.0.0.1', port: 4222 };
const CREATES = 120;

const reachable = () =>
  new Promise<boolean>((resolve) => {
    const socket = connectTcp(NATS.port, NATS.host);
    socket.once('connect', () => resolve(socket.end() !== undefined));
    socket.once('error', () => resolve(false));
  });

interface ReceivedCloudEvent {
  specversion: string;
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  organizationid: string;
  data: { id: string; type: string; data: { id: string; name: string } };
}

describe('NATS JetStream relay: CloudEvents, acknowledged, nothing lost or doubled when the connection dies', () => {
  const run = randomBytes(4).toString('hex');
  const stream = `TEST_EVENTS_${run}`;
  const prefix = `test-${run}.events`;
  const proxy = new TcpProxy(NATS.host, NATS.port);
  let t: TestApp;
  let nats: NatsConnection;
  let owner: TestPartner;
  let organizationId: string;

  beforeAll(async () => {
    if (!(await reachable())) {
      throw new Error(`No NATS server on ${NATS.host}:${NATS.port}: start nats-server -js (.ci/run does)`);
    }
    await proxy.start();
    nats = await connect({ servers: `${NATS.host}:${NATS.port}` });
    t = await startTestApp({
      NATS_URL: `nats://127.0.0.1:${proxy.port}`,
      NATS_STREAM: stream,
      NATS_SUBJECT_PREFIX: prefix,
      EVENT_DELIVERY_BACKOFF_MS: '100',
      OUTBOX_POLL_INTERVAL_MS: '200',
    });
    owner = await t.api.createPartner();
    organizationId = await t.api.createOrganization(owner, 'Brokered');
  });
  afterAll(async () => {
    await t?.close();
    await proxy.cut();
    await (await jetstreamManager(nats)).streams.delete(stream).catch(() => undefined);
    await nats?.close();
  });

  /** Every message of the stream, read by a durable consumer as another service would. */
  const readStream = async (expected: number): Promise<ReceivedCloudEvent[]> => {
    const manager = await jetstreamManager(nats);
    await manager.consumers.add(stream, {
      durable_name: 'test-reader',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
    });
    const consumer = await jetstream(nats).consumers.get(stream, 'test-reader');
    const received: ReceivedCloudEvent[] = [];
    const messages = await consumer.consume({ max_messages: 100 });
    const deadline = setTimeout(() => messages.stop(), 20_000);
    for await (const message of messages) {
      received.push(message.json<ReceivedCloudEvent>());
      message.ack();
      if (received.length >= expected) break;
    }
    clearTimeout(deadline);
    // Anything beyond `expected` would be a double: wait a little for one to show up.
    const extra = await consumer.next({ expires: 1000 });
    if (extra) received.push(extra.json<ReceivedCloudEvent>());
    return received;
  };

  it('publishes every event once, in order per instance, across a cut of the NATS connection', async () => {
    const instances: string[] = [];
    let cut = false;
    let next = 0;
    const worker = async () => {
      while (next < CREATES) {
        const index = next++;
        const created = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
          name: `Brokered ${index}`,
          handle: randomHandle(),
        });
        expect(created.status).toBe(201);
        instances.push(created.body.id);
        if (index % 4 === 0) {
          const path = `/api/organizations/${organizationId}/instances/${created.body.id}`;
          await t.api.request('PATCH', path, { key: owner.apiKey, body: { name: `Renamed ${index}` } });
        }
        if (index === CREATES / 2 && !cut) {
          cut = true;
          // The connection dies under load; the port refuses for a moment, then NATS is back.
          await proxy.cut();
          setTimeout(() => void proxy.start(), 500);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const expected = CREATES + CREATES / 4;

    const received = await readStream(expected);
    const ids = received.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length); // no doubles
    expect(received).toHaveLength(expected); // none lost
    expect(new Set(received.map((event) => event.subject))).toEqual(new Set(instances));
    // Per instance, the creation comes before the rename.
    for (const instance of instances) {
      const types = received.filter((event) => event.subject === instance).map((event) => event.type);
      expect(types[0]).toBe('instance.created');
      expect(types.length === 1 || types[1] === 'instance.renamed').toBe(true);
    }
    const [first] = received;
    expect(first).toMatchObject({
      specversion: '1.0',
      source: 'urn:instances-api',
      organizationid: organizationId,
      datacontenttype: 'application/json',
    });
    expect(first.data).toMatchObject({ '@type': 'Event', id: first.id, type: first.type });
    expect(first.data.data.id).toBe(first.subject);
    expect(Date.parse(first.time)).not.toBeNaN();
  }, 60_000);

  it('counts a delivery done only once JetStream acknowledged it: the feed and the stream agree', async () => {
    const feed = await eventually(
      () => t.api.get(`/api/organizations/${organizationId}/events?itemsPerPage=1`, owner.apiKey),
      (response) => response.status === 200,
    );
    const [event] = feed.body.member;
    const stored = await (await jetstreamManager(nats)).streams.getMessage(stream, { seq: 1 });
    expect(stored?.json<ReceivedCloudEvent>().id).toBe(event.id);
    expect(stored?.subject).toBe(`${prefix}.instance.created`);
    expect(stored?.header?.get('Nats-Msg-Id')).toBe(event.id);
  });
});

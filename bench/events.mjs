// Event lag under create load, through the real delivery path, for the InstanceCreated events a
// create run recorded. The lag of an event is the time from its `occurred_at` (stamped by the
// service just before the one statement that commits the instance and its event, so the lag
// includes that statement) to its first delivery, seen from the subscriber's side:
// - the in-process example consumer (`instance-activity`): its cursor in `event_subscriptions`,
//   sampled every SAMPLE_MS with the database's clock; an event counts as delivered at the first
//   sample whose cursor has passed it (the cursor moves once the consumer has handled the batch,
//   so this is an upper bound, late by up to SAMPLE_MS plus the batch's cursor statement);
// - a loopback webhook receiver (bench/webhook-receivers.mjs): its receipt time of the first
//   request carrying the event (`webhook-id`), minus the event's `timestamp`.
// Both clocks are this machine's.
/* global fetch */
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';

const SAMPLE_MS = 20;
/** How long to wait for a run's events to be delivered once the run ended. */
const DRAIN_WAIT_MS = 60_000;

/** Samples a subscriber's cursor until stopped: [{ at (ms), tx, position }] with BigInt order columns. */
export async function cursorSampler(databaseUrl, subscriber) {
  const client = new pg.Client(databaseUrl);
  await client.connect();
  const samples = [];
  let stopped = false;
  const sample = async () => {
    const { rows } = await client.query(
      `SELECT extract(epoch FROM clock_timestamp()) * 1000 AS at, cursor_tx::text AS tx, cursor_position::text AS position
         FROM event_subscriptions WHERE subscriber = $1`,
      [subscriber],
    );
    if (rows[0]) samples.push({ at: Number(rows[0].at), tx: BigInt(rows[0].tx), position: BigInt(rows[0].position) });
  };
  const loop = (async () => {
    while (!stopped) {
      await sample();
      await sleep(SAMPLE_MS);
    }
  })();
  return {
    samples,
    /** The last sample's cursor (taken now). */
    async now() {
      await sample();
      return samples.at(-1);
    },
    /** Idempotent: also registered as a cleanup, for a run that fails before it stops the sampler. */
    async stop() {
      if (stopped) return;
      stopped = true;
      await loop.catch(() => undefined);
      await client.end();
    },
  };
}

/** The InstanceCreated events the organization recorded in [from, to), oldest first. */
export async function runEvents(databaseUrl, { organizationId, from, to }) {
  const client = new pg.Client(databaseUrl);
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT id, tx_id::text AS tx, position::text AS position, extract(epoch FROM occurred_at) * 1000 AS occurred
         FROM outbox_events
        WHERE organization_id = $1 AND type = 'InstanceCreated' AND occurred_at >= $2 AND occurred_at < $3
        ORDER BY occurred_at`,
      [organizationId, from, to],
    );
    return rows.map((row) => ({
      id: row.id,
      tx: BigInt(row.tx),
      position: BigInt(row.position),
      occurred: Number(row.occurred),
    }));
  } finally {
    await client.end();
  }
}

/** Log events (all organizations, of the types the consumer takes) its cursor passed between two samples. */
async function eventsBetween(databaseUrl, first, last, types) {
  const client = new pg.Client(databaseUrl);
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS count FROM outbox_events
        WHERE (tx_id, position) > ($1::xid8, $2::bigint) AND (tx_id, position) <= ($3::xid8, $4::bigint)
          AND type = ANY($5::text[])`,
      [first.tx.toString(), first.position.toString(), last.tx.toString(), last.position.toString(), types],
    );
    return rows[0].count;
  } finally {
    await client.end();
  }
}

const passed = (sample, event) => sample.tx > event.tx || (sample.tx === event.tx && sample.position >= event.position);

/**
 * The in-process consumer's lag for a run's events: waits (up to DRAIN_WAIT_MS) until its cursor
 * has passed them all, then reads each event's delivery time from the samples.
 */
export async function consumerLag(databaseUrl, sampler, events, { from, to, types }) {
  const last = events.at(-1);
  const started = Date.now();
  while (last && !passed(await sampler.now(), last) && Date.now() - started < DRAIN_WAIT_MS) await sleep(SAMPLE_MS);
  const drainSeconds = (Date.now() - started) / 1000;
  const samples = sampler.samples;
  const delivered = new Map();
  for (const event of events) {
    // The cursor only moves forward: the first sample that passed the event, by bisection.
    let low = 0;
    let high = samples.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (passed(samples[middle], event)) high = middle;
      else low = middle + 1;
    }
    if (low < samples.length) delivered.set(event.id, samples[low].at);
  }
  const during = samples.filter((s) => s.at >= from.getTime() && s.at <= to.getTime());
  const deliveredDuringRun =
    during.length > 1 ? await eventsBetween(databaseUrl, during[0], during.at(-1), types) : undefined;
  const seconds = during.length > 1 ? (during.at(-1).at - during[0].at) / 1000 : 0;
  return summarize(events, delivered, {
    to,
    drainSeconds,
    deliveredPerSecond: deliveredDuringRun === undefined ? undefined : deliveredDuringRun / seconds,
  });
}

/** A webhook receiver's lag for a run's events: waits (up to DRAIN_WAIT_MS) until it received them all. */
export async function receiverLag(receiversUrl, name, events, { from, to }) {
  const started = Date.now();
  const wanted = new Set(events.map((event) => event.id));
  let answer;
  for (;;) {
    answer = await (await fetch(`${receiversUrl}/receipts?name=${name}`)).json();
    const received = answer.receipts.reduce((count, [id]) => count + (wanted.has(id) ? 1 : 0), 0);
    if (received === wanted.size || Date.now() - started >= DRAIN_WAIT_MS) break;
    await sleep(200);
  }
  const drainSeconds = (Date.now() - started) / 1000;
  const delivered = new Map(answer.receipts.map(([id, , receivedAt]) => [id, receivedAt]));
  const duringRun = answer.receipts.filter(([, , at]) => at >= from.getTime() && at <= to.getTime()).length;
  return summarize(events, delivered, {
    to,
    drainSeconds,
    deliveredPerSecond: duringRun / ((to.getTime() - from.getTime()) / 1000),
  });
}

/** Requests a receiver got so far (retries included). */
export async function receiverRequests(receiversUrl, name) {
  return (await (await fetch(`${receiversUrl}/receipts?name=${name}`)).json()).requests;
}

function summarize(events, delivered, { to, drainSeconds, deliveredPerSecond }) {
  const lags = events.filter((e) => delivered.has(e.id)).map((e) => delivered.get(e.id) - e.occurred);
  const fifth = Math.max(1, Math.floor(events.length / 5));
  const lagsOf = (part) => part.filter((e) => delivered.has(e.id)).map((e) => delivered.get(e.id) - e.occurred);
  return {
    events: events.length,
    delivered: lags.length,
    backlogAtEnd: events.filter((e) => !(delivered.get(e.id) <= to.getTime())).length,
    drainSeconds: round(drainSeconds),
    deliveredPerSecond: deliveredPerSecond === undefined ? null : round(deliveredPerSecond),
    lagP50Ms: percentile(lags, 0.5),
    lagP99Ms: percentile(lags, 0.99),
    // Not Math.max(...lags): a long run's million lags would overflow the call stack.
    lagMaxMs: lags.length ? round(lags.reduce((max, lag) => Math.max(max, lag))) : null,
    // A lag that grows from the first fifth of the run to the last means delivery falls behind.
    lagP99FirstFifthMs: percentile(lagsOf(events.slice(0, fifth)), 0.99),
    lagP99LastFifthMs: percentile(lagsOf(events.slice(-fifth)), 0.99),
  };
}

function percentile(values, share) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]);
}

const round = (value) => Math.round(value * 10) / 10;

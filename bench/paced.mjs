// An open-model load at a constant rate: request i leaves at start + i / rate, whether or not the
// earlier ones were answered (up to `connections` kept-alive sockets). autocannon's `overallRate`
// is a per-second budget per connection, spent at full speed at the start of each second: bursts
// of maximum load, not the steady 80% the paced create must measure. Sent over an undici pool:
// node:http's client cost the runner twice autocannon's CPU per request (0.17 to 0.21 against
// 0.09 ms), on the two cores the service and PostgreSQL share, so "80%" saturated the machine.
// Answers the fields of an autocannon result that the benchmark reads.
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers/promises';
import { Pool } from 'undici';

export async function drivePaced({ url, connections, seconds, rate, method, headers, nextRequest }) {
  const pool = new Pool(url, { connections });
  const latencies = [];
  const statusCodeStats = {};
  let errors = 0;
  const inFlight = new Set();
  const send = ({ path, body }) => {
    const started = performance.now();
    const done = pool
      .request({ path, method, headers, body })
      .then(async (response) => {
        await response.body.dump();
        latencies.push(performance.now() - started);
        (statusCodeStats[response.statusCode] ??= { count: 0 }).count++;
      })
      .catch(() => errors++);
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };
  const start = performance.now();
  const total = Math.round(rate * seconds);
  for (let sent = 0; sent < total;) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
    while (sent < due) send(nextRequest(sent++));
    await setTimeout(1);
  }
  await Promise.all(inFlight);
  const duration = (performance.now() - start) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const percentile = (p) => (latencies.length ? Math.round(latencies[Math.floor((latencies.length - 1) * p)]) : 0);
  const answered = latencies.length;
  const ok = Object.entries(statusCodeStats).reduce(
    (sum, [code, { count }]) => sum + (Number(code) < 300 ? count : 0),
    0,
  );
  return {
    requests: { total: answered },
    duration,
    latency: { p50: percentile(0.5), p99: percentile(0.99) },
    errors,
    timeouts: 0,
    non2xx: answered - ok,
    statusCodeStats,
  };
}

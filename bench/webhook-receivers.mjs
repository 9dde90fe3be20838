// Loopback webhook receivers for the benchmark's "create with 3 subscribers" run, in a process of
// their own (the runner's event loop is busy driving autocannon, which would delay the receipts):
//   POST /healthy  answers 204 at once;
//   POST /slow     answers 204 after 200 to 500 ms;
//   POST /failing  always answers 500.
// Each records, for the first receipt of every event (`webhook-id`; retries are not counted again),
// the receipt time and the event's `timestamp` (its `occurred_at`, stamped by the service just
// before the statement that commits the instance and its event). GET /receipts?name=healthy answers
// them as [[eventId, occurredAtMs, receivedAtMs], ...] plus the number of requests per receiver.
// Listens on 127.0.0.1 only, on a free port it prints on stdout as {"port": N}.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { setTimeout } from 'node:timers';

const receivers = {
  healthy: () => 0,
  slow: () => 200 + Math.random() * 300,
  failing: () => 0,
};
const receipts = Object.fromEntries(Object.keys(receivers).map((name) => [name, new Map()]));
const requests = Object.fromEntries(Object.keys(receivers).map((name) => [name, 0]));

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method === 'GET' && url.pathname === '/receipts') {
    const name = url.searchParams.get('name') ?? '';
    const received = receipts[name];
    if (!received) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' });
    return void response.end(JSON.stringify({ requests: requests[name], receipts: [...received.values()] }));
  }
  const name = url.pathname.slice(1);
  if (request.method !== 'POST' || !receivers[name]) return void response.writeHead(404).end();
  const receivedAt = Date.now();
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    requests[name]++;
    const id = request.headers['webhook-id'];
    if (typeof id === 'string' && !receipts[name].has(id)) {
      try {
        const { timestamp } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        receipts[name].set(id, [id, Date.parse(timestamp), receivedAt]);
      } catch {
        // not an event: not recorded
      }
    }
    const answer = () => response.writeHead(name === 'failing' ? 500 : 204).end();
    const delay = receivers[name]();
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});

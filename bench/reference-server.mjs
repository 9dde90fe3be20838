// The benchmark's reference: the same three instance endpoints written the plain way, with Fastify
// and `pg` and hand-written SQL, and nothing else: one round trip per step (a create writes the
// instance and its event in one statement; fixed-shape statements are prepared), the migrations'
// schema and indexes. Same auth (sha256 of the bearer key looked up in
// api_keys, cached as briefly as the service caches it), same membership check, same JSON bodies and
// status codes on the paths the benchmark drives. It is a yardstick, not a product: it lives in
// bench/ only and is never part of the build.
//
//   DATABASE_URL=postgres://... PORT=3100 POOL_SIZE=10 AUTH_CACHE_TTL_MS=2000 node bench/reference-server.mjs
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { v7 as uuidv7, validate as isUuid } from 'uuid';

const port = Number(process.env.PORT ?? 3100);
const cacheTtl = Number(process.env.AUTH_CACHE_TTL_MS ?? 2000);
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 10),
  application_name: 'bench-reference',
});

const TYPE = 'OrganizationInstancesResource';
const CONTEXT = `/api/contexts/${TYPE}`;
const COLUMNS = 'id, organization_id, created_by_organization_id, name, handle, created_at, updated_at';
/** The owner sees which organizations its instance is shared with (sorted ids). */
const AUTHORIZED_IDS = `ARRAY(SELECT a.organization_id::text FROM instance_authorized_organizations a
                               WHERE a.instance_id = instances.id ORDER BY a.organization_id)`;
const SORT_COLUMNS = { name: 'name', handle: 'handle', createdAt: 'created_at', updatedAt: 'updated_at' };
const SEARCH_VARIABLES = [
  ['name', 'name'],
  ['handle', 'handle'],
  ...Object.keys(SORT_COLUMNS).map((field) => [`order[${field}]`, field]),
];
const HANDLE_PATTERN = /^[a-z](?:[a-z-]*[a-z])?$/;
/**
 * The reference's events go to a log of its own, a copy of `outbox_events` (same columns, defaults,
 * identity and indexes: the same work per insert), so that the service's relay does not deliver
 * them while the reference is measured. No subscriber reads it.
 */
const EVENT_LOG = 'reference_outbox_events';
await pool.query(`CREATE TABLE IF NOT EXISTS ${EVENT_LOG} (LIKE outbox_events INCLUDING ALL)`);

// ---------------------------------------------------------------------------------------------
// Auth: API key -> partner, (organization, partner) -> role; both cached for AUTH_CACHE_TTL_MS.

const keyCache = new Map();
const roleCache = new Map();

function cached(cache, key) {
  const entry = cache.get(key);
  if (!entry) return undefined;
  if (entry.expires < Date.now()) {
    cache.delete(key);
    return undefined;
  }
  return entry.value;
}

function remember(cache, key, value) {
  if (cacheTtl <= 0) return;
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { value, expires: Date.now() + cacheTtl });
}

async function partnerOf(request) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match) return undefined;
  const hash = createHash('sha256').update(match[1]).digest('hex');
  const hit = cached(keyCache, hash);
  if (hit) return hit;
  const { rows } = await pool.query(
    'SELECT k.partner_id FROM api_keys k JOIN partners p ON p.id = k.partner_id WHERE k.key_hash = $1 AND k.revoked_at IS NULL',
    [hash],
  );
  const partnerId = rows[0]?.partner_id;
  if (partnerId) remember(keyCache, hash, partnerId);
  return partnerId;
}

/** `undefined`: no such organization; `{ role: null }`: not a member. */
async function membershipOf(organizationId, partnerId) {
  const key = `${organizationId}:${partnerId}`;
  const hit = cached(roleCache, key);
  if (hit) return hit;
  const { rows } = await pool.query(
    `SELECT m.role FROM organizations o
       LEFT JOIN memberships m ON m.organization_id = o.id AND m.partner_id = $2
      WHERE o.id = $1`,
    [organizationId, partnerId],
  );
  if (rows.length === 0) return undefined;
  const membership = { role: rows[0].role };
  remember(roleCache, key, membership);
  return membership;
}

/** Answers the request itself (401/403/404) and returns false when the caller may not go on. */
async function authorize(request, reply, requiredRole) {
  const partnerId = await partnerOf(request);
  if (!partnerId) {
    reply.header('www-authenticate', 'Bearer');
    problem(reply, 401, 'The API key is invalid or has been revoked.');
    return false;
  }
  const organizationId = request.params.organizationId;
  const membership = isUuid(organizationId) ? await membershipOf(organizationId.toLowerCase(), partnerId) : undefined;
  if (!membership) return (problem(reply, 404, 'Organization not found.'), false);
  if (membership.role === null) return (problem(reply, 403, 'You are not a member of this organization.'), false);
  if (requiredRole === 'owner' && membership.role !== 'owner') {
    return (problem(reply, 403, 'Only organization owners can create instances.'), false);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// JSON-LD

const STATUS_TITLES = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  422: 'Unprocessable Entity',
};

function problem(reply, status, detail) {
  reply
    .code(status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send({
      '@context': '/api/contexts/Error',
      '@id': `/api/errors/${status}`,
      '@type': 'Error',
      title: STATUS_TITLES[status],
      detail,
      status,
      type: `/errors/${status}`,
      description: detail,
    });
}

function timestamp(date) {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

function instanceBody(row, withContext, viewedFrom = row.organization_id) {
  const iri = `/api/organizations/${viewedFrom}/instances/${row.id}`;
  const body = withContext ? { '@context': CONTEXT, '@id': iri, '@type': TYPE } : { '@id': iri, '@type': TYPE };
  body.id = row.id;
  body.name = row.name;
  body.handle = row.handle;
  body.created_at = timestamp(row.created_at);
  body.updated_at = timestamp(row.updated_at);
  body.organization_id = row.organization_id;
  body.created_by_organization_id = row.created_by_organization_id;
  if (row.authorized_organization_ids?.length > 0) body.authorized_organization_ids = row.authorized_organization_ids;
  return body;
}

function lastValue(value) {
  if (Array.isArray(value)) return value.length === 0 ? undefined : String(value[value.length - 1]);
  return value === undefined ? undefined : String(value);
}

function likePattern(fragment) {
  return `%${fragment.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

function filterValues(query, name) {
  const values = [lastValue(query[name])];
  const many = query[`${name}[]`];
  if (many !== undefined) values.push(...(Array.isArray(many) ? many : [many]).map(String));
  const present = values.filter((value) => value !== undefined);
  return present.includes('') ? [] : present;
}

function collectionView(path, query, page, itemsPerPage, pageRequested, totalItems) {
  const others = Object.keys(query)
    .filter((key) => key !== 'page')
    .sort()
    .flatMap((key) => {
      const value = query[key];
      return (Array.isArray(value) ? value : [value]).map(
        (v) => `${encodeURIComponent(key)}=${encodeURIComponent(String(v ?? ''))}`,
      );
    })
    .join('&');
  const lastPage = itemsPerPage > 0 ? Math.max(1, Math.ceil(totalItems / itemsPerPage)) : 1;
  if (lastPage <= 1 && others === '') return undefined;
  const link = (n) => `${path}?${others === '' ? '' : `${others}&`}page=${n}`;
  if (lastPage <= 1) {
    return { '@id': pageRequested ? link(page) : `${path}?${others}`, '@type': 'PartialCollectionView' };
  }
  const view = { '@id': link(page), '@type': 'PartialCollectionView', first: link(1), last: link(lastPage) };
  if (page > 1) view.previous = link(page - 1);
  if (page < lastPage) view.next = link(page + 1);
  return view;
}

// ---------------------------------------------------------------------------------------------
// Routes

const app = Fastify({ logger: false, routerOptions: { maxParamLength: 200 } });
app.addContentTypeParser('application/ld+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
app.addHook('onRequest', (request, reply, done) => {
  reply
    .header('content-type', 'application/ld+json; charset=utf-8')
    .header('vary', 'Accept')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'deny');
  done();
});

app.get('/api/organizations/:organizationId/instances/:instanceId', async (request, reply) => {
  if (!(await authorize(request, reply, 'member'))) return reply;
  const { organizationId, instanceId } = request.params;
  if (!isUuid(instanceId)) return problem(reply, 404, 'Instance not found.');
  // Members of an organization the instance is shared with read it through their own path.
  const { rows } = await pool.query({
    name: 'get-instance',
    text: `SELECT ${COLUMNS}, CASE WHEN organization_id = $2 THEN ${AUTHORIZED_IDS} END AS authorized_organization_ids
       FROM instances
      WHERE id = $1 AND deleted_at IS NULL
        AND (organization_id = $2 OR EXISTS (SELECT 1 FROM instance_authorized_organizations a
                                              WHERE a.instance_id = instances.id AND a.organization_id = $2))`,
    values: [instanceId, organizationId],
  });
  if (rows.length === 0) return problem(reply, 404, 'Instance not found.');
  return instanceBody(rows[0], true, organizationId.toLowerCase());
});

app.get('/api/organizations/:organizationId/instances', async (request, reply) => {
  if (!(await authorize(request, reply, 'member'))) return reply;
  const query = request.query;
  const rawPage = lastValue(query.page);
  const rawItems = lastValue(query.itemsPerPage);
  const page = rawPage === undefined ? 1 : /^\d+$/.test(rawPage) ? Number(rawPage) : 0;
  if (page < 1) return problem(reply, 400, 'Page should not be less than 1');
  let itemsPerPage = 30;
  if (rawItems !== undefined) {
    if (!/^-?\d+$/.test(rawItems)) return problem(reply, 400, 'Limit should be an integer.');
    itemsPerPage = Number(rawItems);
    if (itemsPerPage < 0) return problem(reply, 400, 'Limit should not be less than 0');
    itemsPerPage = Math.min(itemsPerPage, 100);
  }

  const parameters = [request.params.organizationId];
  const conditions = ['organization_id = $1', 'deleted_at IS NULL'];
  for (const column of ['name', 'handle']) {
    const values = filterValues(query, column);
    if (values.length === 0) continue;
    parameters.push(values.map(likePattern));
    conditions.push(`${column} ILIKE ANY($${parameters.length}::text[])`);
  }
  const order = [];
  for (const key of Object.keys(query)) {
    const field = /^order\[(.*)\]$/.exec(key)?.[1];
    if (!field || !(field in SORT_COLUMNS)) continue;
    const direction = lastValue(query[key]).toLowerCase();
    if (direction !== 'asc' && direction !== 'desc') return problem(reply, 422, `order[${field}]: invalid choice`);
    order.push([SORT_COLUMNS[field], direction]);
  }
  if (order.length === 0) order.push(['created_at', 'desc']);
  order.push(['id', order.at(-1)[1]]);
  const where = conditions.join(' AND ');

  const [count, rows] = await Promise.all([
    pool.query(`SELECT count(*)::int AS total FROM instances WHERE ${where}`, parameters),
    itemsPerPage === 0
      ? { rows: [] }
      : pool.query(
          `SELECT ${COLUMNS}, ${AUTHORIZED_IDS} AS authorized_organization_ids FROM instances WHERE ${where} ORDER BY ${order.map((o) => o.join(' ')).join(', ')}
           LIMIT $${parameters.length + 1} OFFSET $${parameters.length + 2}`,
          [...parameters, itemsPerPage, (page - 1) * itemsPerPage],
        ),
  ]);
  const totalItems = count.rows[0].total;
  const path = request.url.split('?')[0];
  const body = {
    '@context': CONTEXT,
    '@id': path,
    '@type': 'Collection',
    totalItems,
    member: rows.rows.map((row) => instanceBody(row, false)),
  };
  const view = collectionView(path, query, page, itemsPerPage, rawPage !== undefined, totalItems);
  if (view) body.view = view;
  body.search = {
    '@type': 'IriTemplate',
    template: `${path}{?${SEARCH_VARIABLES.map(([variable]) => variable).join(',')}}`,
    variableRepresentation: 'BasicRepresentation',
    mapping: SEARCH_VARIABLES.map(([variable, property]) => ({
      '@type': 'IriTemplateMapping',
      variable,
      property,
      required: false,
    })),
  };
  return body;
});

app.post('/api/organizations/:organizationId/instances', async (request, reply) => {
  if (!(await authorize(request, reply, 'owner'))) return reply;
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return problem(reply, 400, 'Syntax error');
  const { name, handle } = body;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 255) {
    return problem(reply, 422, 'name: This value should not be blank.');
  }
  if (typeof handle !== 'string' || handle.length > 30 || !HANDLE_PATTERN.test(handle)) {
    return problem(reply, 422, 'handle: Use lowercase letters and hyphens only.');
  }
  const organizationId = request.params.organizationId.toLowerCase();
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const row = {
    id: uuidv7(),
    organization_id: organizationId,
    created_by_organization_id: organizationId,
    name,
    handle,
    created_at: now,
    updated_at: now,
  };
  const eventPayload = {
    instance_id: row.id,
    handle,
    name,
    organization_id: organizationId,
    created_at: now.toISOString(),
  };
  // One statement, one round trip: atomic without BEGIN/COMMIT.
  try {
    await pool.query({
      name: 'create-instance',
      text: `WITH created AS (INSERT INTO instances (${COLUMNS}) VALUES ($1, $2, $2, $3, $4, $5, $5))
       INSERT INTO ${EVENT_LOG} (id, type, version, aggregate_id, organization_id, payload, occurred_at)
       VALUES ($6, 'InstanceCreated', 1, $1, $2, $7, $5)`,
      values: [row.id, organizationId, name, handle, now, uuidv7(), eventPayload],
    });
  } catch (error) {
    if (error.code === '23505') return problem(reply, 422, 'handle: This handle is already used by another instance.');
    throw error;
  }
  const iri = `/api/organizations/${organizationId}/instances/${row.id}`;
  reply.code(201).header('location', iri).header('content-location', `${iri}.jsonld`);
  return instanceBody(row, true);
});

await app.listen({ port, host: '127.0.0.1' });
process.once('SIGTERM', async () => {
  await app.close();
  await pool.end();
  process.exit(0);
});

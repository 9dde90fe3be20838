const twoDigits = (value: number): string => (value < 10 ? `0${value}` : `${value}`);

/**
 * RFC 3339 in UTC without fractions, as the original service writes timestamps. Built from the
 * UTC fields: a third of `toISOString().slice()`'s cost (60 timestamps per list page); years outside
 * 1000 to 9999 (padded or signed by toISOString) take that slower way.
 */
export function formatTimestamp(date: Date): string {
  const year = date.getUTCFullYear();
  if (year < 1000 || year > 9999) return `${date.toISOString().slice(0, 19)}+00:00`;
  return `${year}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}T${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}:${twoDigits(date.getUTCSeconds())}+00:00`;
}

export interface ResourceIdentity {
  type: string;
  iri: string;
}

/**
 * One resource in JSON-LD: `@context`, `@id`, `@type`, then the properties in the given order,
 * leaving out those whose value is null. Collection members carry no `@context`.
 */
export function jsonLdResource(
  identity: ResourceIdentity,
  properties: Record<string, unknown>,
  withContext = true,
): Record<string, unknown> {
  const body: Record<string, unknown> = withContext
    ? { '@context': contextIri(identity.type), '@id': identity.iri, '@type': identity.type }
    : { '@id': identity.iri, '@type': identity.type };
  for (const key in properties) {
    const value = properties[key];
    if (value !== null && value !== undefined) body[key] = value;
  }
  return body;
}

export function contextIri(type: string): string {
  return `/api/contexts/${type}`;
}

interface ReplyHeaders {
  code(status: number): ReplyHeaders;
  header(name: string, value: string): ReplyHeaders;
}

/** A 201 as API Platform answers it: `Location` is the new resource's `@id`. */
export function markCreated(reply: ReplyHeaders, body: Record<string, unknown>): Record<string, unknown> {
  const iri = body['@id'] as string;
  markWritten(reply.code(201).header('location', iri), body);
  return body;
}

/**
 * Any write that answers with the resource (PATCH, a transfer, a membership change), as API
 * Platform answers it: `Content-Location` names the representation in the body, `@id` + `.jsonld`.
 */
export function markWritten(reply: ReplyHeaders, body: Record<string, unknown>): Record<string, unknown> {
  reply.header('content-location', `${body['@id'] as string}.jsonld`);
  return body;
}

/**
 * The Content-Location of a created resource is its `@id` plus `.jsonld` (wire format); the
 * extension names the JSON-LD representation, which is the default one, so it is dropped from the
 * path before routing (Fastify's `rewriteUrl`).
 */
export function withoutJsonLdExtension(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  return path.endsWith('.jsonld') ? path.slice(0, -'.jsonld'.length) + url.slice(path.length) : url;
}

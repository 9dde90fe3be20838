import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VersionCondition } from '../domain/version-condition.js';

/**
 * The strong entity tag of a row's representation at its URL: its version, which every write of
 * the row increments in the same transaction, so GET and a later If-Match compare the same thing.
 */
export function versionTag(version: number): string {
  return `"${version}"`;
}

/**
 * A representation with no version of its own (a collection page), serialized once: its JSON text,
 * which the controller sends as it is (Fastify does not serialize a string again; the content type
 * is set per request), and the strong entity tag of that text.
 */
export function taggedJson(body: unknown): { json: string; tag: string } {
  const json = JSON.stringify(body);
  return { json, tag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"` };
}

/**
 * Sets `ETag` on a successful GET/HEAD, and answers 304 (no body) when If-None-Match names the tag
 * (weak comparison, RFC 9110 13.1.2). Returns whether it did, so the caller skips building the
 * body. `Cache-Control: no-cache, private` comes from keepAuthenticatedResponsesPrivate, as on
 * every authenticated answer (every tagged resource needs an API key).
 */
export function notModified(request: FastifyRequest, reply: FastifyReply, tag: string): boolean {
  void reply.header('etag', tag);
  const header = request.headers['if-none-match'];
  if (header === undefined) return false;
  const matches = header.trim() === '*' || tagsOf(header).some((candidate) => opaque(candidate) === opaque(tag));
  if (matches) void reply.code(304);
  return matches;
}

/** The tag of the representation a write answers with (RFC 9110 8.8.3). */
export function markTag(reply: FastifyReply, tag: string): void {
  void reply.header('etag', tag);
}

/**
 * If-Match as a condition on the version of the row a write changes (strong comparison: a weak
 * tag never matches). A tag that is not one of ours matches no version, so the write is refused.
 */
export function ifMatchCondition(header: string | undefined): VersionCondition | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return 'any';
  return tagsOf(header)
    .map((tag) => /^"(\d{1,15})"$/.exec(tag)?.[1])
    .filter((version): version is string => version !== undefined)
    .map(Number);
}

function tagsOf(header: string): string[] {
  return header.match(/(?:W\/)?"[^"]*"/g) ?? [];
}

function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

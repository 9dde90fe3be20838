export const JSON_LD = 'application/ld+json';
export const JSON_LD_CONTENT_TYPE = 'application/ld+json; charset=utf-8';
export const MERGE_PATCH = 'application/merge-patch+json';
export const OPENAPI_JSON = 'application/vnd.openapi+json';

/** Body types accepted by POST and PUT; PATCH takes merge-patch only. */
export const BODY_TYPES = [JSON_LD, 'application/json'] as const;

/** Media ranges of an Accept header that the API can answer. */
const ACCEPTABLE = new Set(['*/*', 'application/*', JSON_LD, 'application/json', 'application/problem+json']);

/** `produces`: the media types a route serves besides JSON-LD and problem documents. */
export function isAcceptable(accept: string | undefined, produces: readonly string[] = []): boolean {
  if (!accept || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const quality = params.find((p) => p.startsWith('q='));
    if (quality && Number(quality.slice(2)) === 0) return false;
    return ACCEPTABLE.has(type) || produces.includes(type);
  });
}

/** The media type of a Content-Type header, without parameters such as charset. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  return type === '' ? undefined : type;
}

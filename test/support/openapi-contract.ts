import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';

/** What the contract check needs to know about one exchange. */
export interface ObservedResponse {
  method: string;
  /** Path and query as requested, e.g. `/api/organizations?page=2`. */
  path: string;
  status: number;
  headers: Headers;
  text: string;
}

/** Routes the document leaves out on purpose: operations (health) and Swagger UI itself. */
const UNDOCUMENTED = [/^\/health(\/|$)/, /^\/docs(-json|-yaml|\/|$)/];

/**
 * What a route the document does not know may answer: 404 and 405, or a refusal that every URL
 * gets before routing (broken URL 400, body too large 413, segment too long 414).
 */
const ROUTE_NOT_FOUND_STATUSES = new Set([400, 404, 405, 413, 414]);

/** Schemas an answer from a route the document does not know must match. */
const ROUTE_NOT_FOUND_SCHEMA = '#/components/schemas/ProblemDocument';

const addFormats = addFormatsPlugin as unknown as typeof addFormatsPlugin.default;
const URI_REFERENCE = fullFormats['uri-reference'] as RegExp;

interface Route {
  template: string;
  pattern: RegExp;
  literalLength: number;
}

/**
 * Checks responses against the OpenAPI document an application serves at /docs-json: the status is
 * declared for the operation, the Content-Type is one the response declares, and the body matches
 * the declared schema. Object schemas are read as closed (`additionalProperties: false` unless they
 * say otherwise) so that a property the code sends but the document does not describe is drift too.
 */
export class OpenApiContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly routes: Route[];

  constructor(private readonly document: any) {
    addFormats(this.ajv);
    this.ajv.addFormat('iri-reference', (value: string) =>
      URI_REFERENCE.test(value.replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c))),
    );
    this.ajv.addSchema(closeObjectSchemas(structuredClone(document)), 'openapi.json');
    this.routes = Object.keys(document.paths ?? {})
      .map((template) => ({
        template,
        pattern: new RegExp(
          `^${template
            .split(/\{[^}]+\}/)
            .map(escapeRegExp)
            .join('[^/]*')}$`,
        ),
        literalLength: template.replace(/\{[^}]+\}/g, '').length,
      }))
      // The most literal template wins (`/a/special` before `/a/{id}`).
      .sort((a, b) => b.literalLength - a.literalLength);
  }

  /** The mismatches between a response and the document; empty when it conforms. */
  check(response: ObservedResponse): string[] {
    const path = response.path.split(/[?#]/)[0];
    if (UNDOCUMENTED.some((pattern) => pattern.test(path))) return [];
    const route = this.routes.find((candidate) => candidate.pattern.test(path));
    const method = response.method.toLowerCase() === 'head' ? 'get' : response.method.toLowerCase();
    const operation = route && this.document.paths[route.template][method];
    if (!operation) return this.checkRouteNotFound(response);

    const pointer = ['paths', route.template, method, 'responses'];
    const statusKey = [String(response.status), `${String(response.status)[0]}XX`, 'default'].find(
      (key) => operation.responses?.[key],
    );
    if (!statusKey) {
      const declared = Object.keys(operation.responses ?? {}).join(', ');
      return [`status ${response.status} is not declared for ${operation.operationId} (declared: ${declared})`];
    }
    return this.checkContent(response, operation.responses[statusKey], [...pointer, statusKey]);
  }

  private checkRouteNotFound(response: ObservedResponse): string[] {
    if (!ROUTE_NOT_FOUND_STATUSES.has(response.status)) {
      return [`no documented operation for ${response.method} ${response.path}, yet it answered ${response.status}`];
    }
    const mediaType = mediaTypeOf(response.headers.get('content-type'));
    if (mediaType !== 'application/problem+json') return [`content type ${mediaType} is not a problem document`];
    return this.validate(ROUTE_NOT_FOUND_SCHEMA, response.text);
  }

  private checkContent(response: ObservedResponse, declared: any, pointer: string[]): string[] {
    const content: Record<string, unknown> = declared.content ?? {};
    const mediaType = mediaTypeOf(response.headers.get('content-type'));
    if (response.text === '') {
      if (Object.keys(content).length > 0 && response.method !== 'HEAD') {
        return [`empty body, but the ${pointer.at(-1)} response declares ${Object.keys(content).join(', ')}`];
      }
      return [];
    }
    if (Object.keys(content).length === 0) return [`a body was sent, but the ${pointer.at(-1)} response declares none`];
    if (!mediaType || !(mediaType in content)) {
      return [`content type ${mediaType} is not declared (declared: ${Object.keys(content).join(', ')})`];
    }
    return this.validate(
      `#/${[...pointer, 'content', mediaType, 'schema'].map(escapePointer).join('/')}`,
      response.text,
    );
  }

  private validate(pointer: string, text: string): string[] {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return ['the body is not JSON'];
    }
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi.json${pointer}` });
      this.validators.set(pointer, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `body${error.instancePath || ''} ${error.message}${error.keyword === 'additionalProperties' ? `: "${(error.params as { additionalProperty: string }).additionalProperty}"` : ''} (schema ${error.schemaPath})`,
    );
  }
}

const contracts = new Map<string, Promise<OpenApiContract>>();

/** The contract of the application at `baseUrl`, read once from its /docs-json. */
function contractOf(baseUrl: string): Promise<OpenApiContract> {
  let contract = contracts.get(baseUrl);
  if (!contract) {
    contract = fetch(`${baseUrl}/docs-json`).then(async (response) => {
      if (!response.ok) throw new Error(`GET ${baseUrl}/docs-json answered ${response.status}`);
      return new OpenApiContract(await response.json());
    });
    contracts.set(baseUrl, contract);
    // A failed load is not cached: the next request tries again.
    contract.catch(() => contracts.delete(baseUrl));
  }
  return contract;
}

/** Throws, naming every mismatch, when a response does not conform to the application's document. */
export async function assertConformsToDocument(baseUrl: string, response: ObservedResponse): Promise<void> {
  const mismatches = (await contractOf(baseUrl)).check(response);
  if (mismatches.length === 0) return;
  const body = response.text.length > 2000 ? `${response.text.slice(0, 2000)}...` : response.text;
  throw new Error(
    `${response.method} ${response.path} -> ${response.status} does not match the OpenAPI document:\n` +
      mismatches.map((line) => `  - ${line}`).join('\n') +
      `\n  content-type: ${response.headers.get('content-type')}\n  body: ${body}`,
  );
}

function mediaTypeOf(contentType: string | null): string | undefined {
  return contentType?.split(';')[0].trim().toLowerCase() || undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Object schemas that list their properties and say nothing of others are closed. */
function closeObjectSchemas(document: any): any {
  const close = (schema: any, inComposition = false): void => {
    if (!schema || typeof schema !== 'object') return;
    if (schema.properties && schema.additionalProperties === undefined && !inComposition) {
      schema.additionalProperties = false;
    }
    for (const property of Object.values(schema.properties ?? {})) close(property);
    if (schema.items) close(schema.items);
    if (typeof schema.additionalProperties === 'object') close(schema.additionalProperties);
    for (const member of schema.allOf ?? []) close(member, true);
    for (const member of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) close(member);
  };
  for (const schema of Object.values(document.components?.schemas ?? {})) close(schema);
  for (const item of Object.values(document.paths ?? {}) as any[]) {
    for (const operation of Object.values(item) as any[]) {
      for (const response of Object.values(operation?.responses ?? {}) as any[]) {
        for (const media of Object.values(response?.content ?? {}) as any[]) close(media?.schema);
      }
    }
  }
  return document;
}

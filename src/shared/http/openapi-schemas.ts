import { STATUS_CODES } from 'node:http';
import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
  type HeadersObject,
  type ResponseObject,
} from '@nestjs/swagger';
import { ValidationFailed, ViolationCode, type Violation } from '../domain/violation.js';
import { iriTemplate, type SearchVariable } from './hydra-collection.js';
import { contextIri } from './json-ld.js';
import { problemFromError } from './problem-from-error.js';
import { renderProblem } from './problem.js';

/** What the service really serves: resources in JSON-LD, errors as problem documents. */
export const JSON_LD_MEDIA_TYPE = 'application/ld+json';
const PROBLEM_MEDIA_TYPE = 'application/problem+json';

const JSON_LD_KEY = 'JSON-LD key: left out when the request asks for `application/problem+json` or `application/json`.';

class ProblemDocument {
  @ApiPropertyOptional({ description: JSON_LD_KEY, example: '/api/contexts/Error' }) '@context'?: string;
  @ApiPropertyOptional({ description: JSON_LD_KEY, example: '/api/errors/404' }) '@id'?: string;
  @ApiPropertyOptional({ description: JSON_LD_KEY, example: 'Error' }) '@type'?: string;
  @ApiProperty({ description: 'A short, human-readable summary of the problem.', example: 'Not Found' })
  title!: string;
  @ApiProperty({
    description: 'A human-readable explanation specific to this occurrence of the problem.',
    example: 'Not found.',
  })
  detail!: string;
  @ApiProperty({ type: 'integer', description: 'The HTTP status code.', example: 404 }) status!: number;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'A URI reference that identifies the specific occurrence of the problem. It may or may not yield further information if dereferenced.',
  })
  instance?: string | null;
  @ApiProperty({ description: 'A URI reference that identifies the problem type', example: '/errors/404' })
  type!: string;
  @ApiPropertyOptional({
    description: `Repeats detail. ${JSON_LD_KEY}`,
    example: 'Not found.',
  })
  description?: string;
}

class ConstraintViolationItem {
  @ApiProperty({ description: 'The property path of the violation', example: 'name' }) propertyPath!: string;
  @ApiProperty({ description: 'The message associated with the violation', example: 'This value should not be blank.' })
  message!: string;
  @ApiProperty({ description: 'The code of the violation', example: ViolationCode.NotBlank }) code!: string;
  @ApiPropertyOptional({ description: 'An extra hint to understand the violation' }) hint?: string;
  @ApiPropertyOptional({
    description: 'The serialized payload of the violation',
    type: 'object',
    additionalProperties: true,
  })
  payload?: Record<string, unknown>;
}

const VIOLATION_DETAIL = 'name: This value should not be blank.';

class ConstraintViolationDocument {
  @ApiPropertyOptional({ description: JSON_LD_KEY, example: '/api/contexts/ConstraintViolation' })
  '@context'?: string;
  @ApiPropertyOptional({
    description: JSON_LD_KEY,
    example: `/api/validation_errors/${ViolationCode.NotBlank}`,
  })
  '@id'?: string;
  @ApiPropertyOptional({ description: JSON_LD_KEY, example: 'ConstraintViolation' }) '@type'?: string;
  @ApiProperty({ type: 'integer', example: 422 }) status!: number;
  @ApiProperty({ type: [ConstraintViolationItem], description: 'Every broken rule, all at once.' })
  violations!: ConstraintViolationItem[];
  @ApiProperty({ description: 'One `<propertyPath>: <message>` line per violation.', example: VIOLATION_DETAIL })
  detail!: string;
  @ApiProperty({ example: `/validation_errors/${ViolationCode.NotBlank}` }) type!: string;
  @ApiProperty({ example: 'Unprocessable Entity' }) title!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) instance?: string | null;
  @ApiPropertyOptional({ description: `Repeats detail. ${JSON_LD_KEY}`, example: VIOLATION_DETAIL })
  description?: string;
}

export class JsonLdContextDocument {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Term definitions: `@vocab`, the Hydra terms and each property of the type.',
    example: {
      '@vocab': '/api/docs.jsonld#',
      hydra: 'http://www.w3.org/ns/hydra/core#',
      member: { '@id': 'hydra:member', '@container': '@set' },
      detail: 'Error/detail',
    },
  })
  '@context'!: Record<string, unknown>;
}

const UNAUTHORIZED_HEADERS: HeadersObject = {
  'WWW-Authenticate': { description: 'Always `Bearer`.', schema: { type: 'string', example: 'Bearer' } },
};

/**
 * How an operation documents one error status: its description, and for a 422 the violations of its
 * example (the rules of the module that owns the operation give them; without, the models' example).
 */
export type DocumentedProblem = string | { description: string; violations: readonly Violation[] };

/** A problem response as OpenAPI describes it; 422 carries the violations. */
export function problemResponse(status: number, documented: DocumentedProblem): ResponseObject {
  const { description, violations } =
    typeof documented === 'string' ? { description: documented, violations: undefined } : documented;
  const model = status === 422 ? ConstraintViolationDocument : ProblemDocument;
  const example = violations
    ? renderProblem(problemFromError(new ValidationFailed(violations)), false).body
    : status === 422
      ? undefined
      : problemExample(status, `${description}.`);
  return {
    description,
    ...(status === 401 ? { headers: UNAUTHORIZED_HEADERS } : {}),
    content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(model) }, example } },
  };
}

function problemExample(status: number, detail: string): ProblemDocument {
  return {
    '@context': '/api/contexts/Error',
    '@id': `/api/errors/${status}`,
    '@type': 'Error',
    title: STATUS_CODES[status] ?? 'Error',
    detail,
    status,
    type: `/errors/${status}`,
    description: detail,
  };
}

/**
 * One operation's documentation as one decorator (each module keeps them in `http/*.openapi.ts`),
 * applied as if stacked on the method: bottom-up, so parameters keep the order they are written in.
 */
export function ApiDocs(...decorators: MethodDecorator[]): MethodDecorator {
  return applyDecorators(...[...decorators].reverse());
}

/** Documents error responses as problem documents, with the description each status gets here. */
export function ApiProblems(responses: Record<number, DocumentedProblem>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDocument, ConstraintViolationDocument),
    ...Object.entries(responses).map(([status, documented]) =>
      ApiResponse({ status: Number(status), ...problemResponse(Number(status), documented) }),
    ),
  );
}

const IRI_REFERENCE = { type: 'string', format: 'iri-reference' } as const;

const pageOf = (collection: string | undefined, page: number) =>
  collection && `${collection}?itemsPerPage=1&page=${page}`;

/** Documents a 200 Hydra collection whose `member` items are `model`; `example` feeds its examples. */
export function ApiHydraCollectionResponse(
  model: new () => unknown,
  description: string,
  example: { context?: string; id?: string; search?: readonly SearchVariable[] } = {},
): MethodDecorator {
  const schema = {
    type: 'object',
    required: ['@context', '@id', '@type', 'totalItems', 'member'],
    properties: {
      '@context': { type: 'string', example: example.context },
      '@id': { ...IRI_REFERENCE, example: example.id, description: 'The collection: the request path without query.' },
      '@type': { type: 'string', example: 'Collection' },
      totalItems: { type: 'integer', minimum: 0, example: 3, description: 'Items in the whole collection.' },
      member: { type: 'array', items: { $ref: getSchemaPath(model) }, description: 'The items of this page.' },
      view: {
        type: 'object',
        description: 'Links to the other pages; present when there are several, or when the query has filters.',
        required: ['@id', '@type'],
        properties: {
          '@id': { ...IRI_REFERENCE, example: pageOf(example.id, 1) },
          '@type': { type: 'string', example: 'PartialCollectionView' },
          first: { ...IRI_REFERENCE, example: pageOf(example.id, 1) },
          last: { ...IRI_REFERENCE, example: pageOf(example.id, 3) },
          previous: IRI_REFERENCE,
          next: { ...IRI_REFERENCE, example: pageOf(example.id, 2) },
        },
      },
      search: {
        type: 'object',
        description: 'The IRI template of the filters and orders this collection takes.',
        example: example.id && example.search && iriTemplate(example.id, example.search),
        properties: {
          '@type': { type: 'string' },
          template: { type: 'string' },
          variableRepresentation: { type: 'string' },
          mapping: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                '@type': { type: 'string' },
                variable: { type: 'string' },
                property: { type: 'string', nullable: true },
                required: { type: 'boolean' },
              },
            },
          },
        },
      },
    },
  };
  return applyDecorators(
    ApiExtraModels(model),
    ApiResponse({ status: 200, description, content: { [JSON_LD_MEDIA_TYPE]: { schema } } }),
  );
}

const CREATED_HEADERS: HeadersObject = {
  Location: { description: 'The `@id` of the new resource.', schema: IRI_REFERENCE },
  'Content-Location': { description: 'The `@id` of the new resource, plus `.jsonld`.', schema: IRI_REFERENCE },
};

/**
 * The OpenAPI model of the keys a JSON-LD resource of `type` starts with (`@context`, `@id`,
 * `@type`, as jsonLdResource writes them), with `idExample` as the example `@id`. A resource model
 * extends it and adds its own properties: `class Stats extends JsonLdModel('Stats', '/api/...') {}`.
 */
export function JsonLdModel(type: string, idExample: string) {
  class JsonLdKeys {
    @ApiProperty({ example: contextIri(type) }) '@context'!: string;
    @ApiProperty({ example: idExample }) '@id'!: string;
    @ApiProperty({ example: type }) '@type'!: string;
  }
  return JsonLdKeys;
}

/** Documents a JSON-LD resource response; a 201 also names its `Location` headers. */
export function ApiJsonLdResponse(status: number, model: new () => unknown, description: string): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(model),
    ApiResponse({
      status,
      description,
      ...(status === 201 ? { headers: CREATED_HEADERS } : {}),
      content: { [JSON_LD_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(model) } } },
    }),
  );
}

/**
 * A GET answered with an `ETag` that If-None-Match revalidates (304, no body). setupOpenApi adds
 * the `ETag` and `Cache-Control` headers to its 200.
 */
export function ApiConditionalGet(): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'The `ETag` of a representation the client holds: if it is still current, the answer is 304.',
      schema: { type: 'string', example: '"3"' },
    }),
    ApiResponse({ status: 304, description: 'Not modified: the representation named by If-None-Match is current' }),
  );
}

/**
 * A write that If-Match makes conditional on the current `ETag` of `of` (the target itself unless
 * said otherwise): 412 when it no longer matches, and nothing changes.
 */
export function ApiConditionalWrite(of = 'the resource'): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: `Write only if the \`ETag\` of ${of} is still one of these (\`*\`: only if it exists); otherwise 412 and nothing changes.`,
      schema: { type: 'string', example: '"3"' },
    }),
    ApiProblems({ 412: `The ETag in If-Match is no longer that of ${of}, or it no longer exists` }),
  );
}

import { Injectable } from '@nestjs/common';

const HYDRA = 'http://www.w3.org/ns/hydra/core#';

/** Hydra terms our collections and errors use, mapped so that a JSON-LD processor can expand them. */
const HYDRA_TERMS: Record<string, unknown> = {
  hydra: HYDRA,
  Collection: 'hydra:Collection',
  member: { '@id': 'hydra:member', '@container': '@set' },
  totalItems: 'hydra:totalItems',
  view: 'hydra:view',
  PartialCollectionView: 'hydra:PartialCollectionView',
  first: { '@id': 'hydra:first', '@type': '@id' },
  last: { '@id': 'hydra:last', '@type': '@id' },
  previous: { '@id': 'hydra:previous', '@type': '@id' },
  next: { '@id': 'hydra:next', '@type': '@id' },
  search: 'hydra:search',
  IriTemplate: 'hydra:IriTemplate',
  template: 'hydra:template',
  variableRepresentation: { '@id': 'hydra:variableRepresentation', '@type': '@vocab' },
  BasicRepresentation: 'hydra:BasicRepresentation',
  mapping: 'hydra:mapping',
  IriTemplateMapping: 'hydra:IriTemplateMapping',
  variable: 'hydra:variable',
  // As in the Hydra context: an IRI (a term of the served context, such as `name`), not a string.
  property: { '@id': 'hydra:property', '@type': '@vocab' },
  required: 'hydra:required',
  Error: 'hydra:Error',
  title: 'hydra:title',
  description: 'hydra:description',
};

/** A resource type the API serves: its properties, in context order, and its OpenAPI schema. */
export interface ResourceType {
  type: string;
  properties: readonly string[];
  /** The name of its component schema in the OpenAPI document (the model class's name). */
  schema: string;
}

/**
 * The JSON-LD contexts served at /api/contexts/{type}, and the resource types the Hydra API
 * documentation describes (HydraDocumentation reads them with the OpenAPI document, so the
 * three cannot drift). Modules register each resource type they emit with its properties and its
 * OpenAPI model; errors and violations are registered here.
 */
@Injectable()
export class JsonLdContextRegistry {
  private readonly types = new Map<string, ResourceType>([
    ['Error', { type: 'Error', properties: ['detail', 'status', 'type'], schema: 'ProblemDocument' }],
    [
      'ConstraintViolation',
      {
        type: 'ConstraintViolation',
        // `hint` and `payload`: documented on a violation (as the original's docs list them).
        properties: ['detail', 'status', 'type', 'violations', 'propertyPath', 'message', 'code', 'hint', 'payload'],
        schema: 'ConstraintViolationDocument',
      },
    ],
  ]);

  register(type: string, properties: readonly string[], model: abstract new () => unknown): void {
    this.types.set(type, { type, properties, schema: model.name });
  }

  /** Every registered type, in registration order. */
  resourceTypes(): ResourceType[] {
    return [...this.types.values()];
  }

  /**
   * The context document for `type`, with `@vocab` under the API's own documentation IRI, relative
   * (JSON-LD 1.1 resolves it against the document's URL): a public, cacheable document must not
   * carry whatever `Host` a client sent.
   */
  contextOf(type: string): Record<string, unknown> | undefined {
    const resource = this.types.get(type);
    if (!resource) return undefined;
    const terms: Record<string, unknown> = { '@vocab': VOCABULARY, ...HYDRA_TERMS };
    for (const property of resource.properties) terms[property] = `${type}/${property}`;
    return { '@context': terms };
  }
}

/**
 * The `@vocab` of every served context: the Hydra API documentation, whose classes define the
 * terms. Relative (JSON-LD 1.1 resolves it against the document's URL), never built from `Host`.
 */
export const VOCABULARY = '/api/docs.jsonld#';

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
  property: 'hydra:property',
  required: 'hydra:required',
  Error: 'hydra:Error',
  title: 'hydra:title',
  description: 'hydra:description',
};

/**
 * The JSON-LD contexts served at /api/contexts/{type}. Modules register each resource type they
 * emit with its properties; errors and violations are registered here.
 */
@Injectable()
export class JsonLdContextRegistry {
  private readonly properties = new Map<string, readonly string[]>([
    ['Error', ['detail', 'status', 'type']],
    ['ConstraintViolation', ['detail', 'status', 'type', 'violations', 'propertyPath', 'message', 'code']],
  ]);

  register(type: string, properties: readonly string[]): void {
    this.properties.set(type, properties);
  }

  /**
   * The context document for `type`, with `@vocab` under the API's own documentation IRI, relative
   * (JSON-LD 1.1 resolves it against the document's URL): a public, cacheable document must not
   * carry whatever `Host` a client sent.
   */
  contextOf(type: string): Record<string, unknown> | undefined {
    const properties = this.properties.get(type);
    if (!properties) return undefined;
    const terms: Record<string, unknown> = { '@vocab': '/api/docs.jsonld#', ...HYDRA_TERMS };
    for (const property of properties) terms[property] = `${type}/${property}`;
    return { '@context': terms };
  }
}

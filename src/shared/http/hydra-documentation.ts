import type { OpenAPIObject, OperationObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import type { ResourceType } from './json-ld-context.registry.js';
import { VOCABULARY } from './json-ld-context.registry.js';

/**
 * The Hydra discovery documents, built from the two descriptions the API already has: the OpenAPI
 * document (every route, its request and response schemas) and the registered resource types (the
 * served JSON-LD contexts). Nothing is listed by hand, so a module that adds routes and registers
 * its type is documented in all three at once. Shapes follow API Platform 4.3's
 * DocumentationNormalizer and EntrypointNormalizer.
 */

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** Operations that describe the API itself (contexts, documentation, entrypoint) belong to no class. */
export const DISCOVERY_TAG = 'JSON-LD';

interface ApiOperation {
  path: string;
  method: string;
  operation: OperationObject;
  /** The registered type the operation serves, and whether it answers a collection of it. */
  type?: string;
  collection: boolean;
  expects?: string;
}

type Schema = SchemaObject & ReferenceObject;

export class HydraDocumentation {
  private readonly operations: ApiOperation[];
  private readonly typeBySchema: Map<string, string>;

  constructor(
    private readonly openApi: OpenAPIObject,
    private readonly types: readonly ResourceType[],
  ) {
    this.typeBySchema = new Map(types.map((t) => [t.schema, t.type]));
    this.operations = this.describeOperations();
  }

  /** Every operation the Hydra documentation describes (all but the discovery ones), by operationId. */
  operationIds(): string[] {
    return this.operations.map((o) => o.operation.operationId as string);
  }

  /** `GET /api/docs.jsonld`: the ApiDocumentation. */
  apiDocumentation(): Record<string, unknown> {
    const classes = this.types.map((t) => this.supportedClass(t));
    classes.push({
      '@id': '#Entrypoint',
      '@type': 'hydra:Class',
      'hydra:title': 'Entrypoint',
      'hydra:supportedProperty': this.entrypointProperties(),
      'hydra:supportedOperation': {
        '@type': 'hydra:Operation',
        'hydra:method': 'GET',
        'hydra:title': 'index',
        'hydra:description': 'The API Entrypoint.',
        returns: '#Entrypoint',
      },
    });
    return {
      '@context': {
        '@vocab': VOCABULARY,
        hydra: 'http://www.w3.org/ns/hydra/core#',
        rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
        rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
        xsd: 'http://www.w3.org/2001/XMLSchema#',
        owl: 'http://www.w3.org/2002/07/owl#',
        schema: 'https://schema.org/',
        domain: { '@id': 'rdfs:domain', '@type': '@id' },
        range: { '@id': 'rdfs:range', '@type': '@id' },
        subClassOf: { '@id': 'rdfs:subClassOf', '@type': '@id' },
        label: 'rdfs:label',
        // Document-relative like `domain` and `range`, so `#Organization` names the class below.
        returns: { '@id': 'hydra:returns', '@type': '@id' },
        expects: { '@id': 'hydra:expects', '@type': '@id' },
      },
      '@id': '/api/docs.jsonld',
      '@type': 'hydra:ApiDocumentation',
      'hydra:title': this.openApi.info.title,
      'hydra:description': this.openApi.info.description,
      'hydra:entrypoint': { '@id': '/api' },
      'hydra:supportedClass': classes,
    };
  }

  /** `GET /api`: a link to every collection that has an IRI of its own (no template variable). */
  entrypoint(): Record<string, unknown> {
    const body: Record<string, unknown> = {
      '@context': '/api/contexts/Entrypoint',
      '@id': '/api',
      '@type': 'Entrypoint',
    };
    const links: [string, string][] = [];
    for (const [type, paths] of this.collectionPaths()) {
      const path = paths.find((p) => !p.includes('{'));
      if (path) links.push([entrypointKey(type), path]);
    }
    for (const [key, path] of links.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) body[key] = path;
    return body;
  }

  /** `GET /api/contexts/Entrypoint`. */
  entrypointContext(): Record<string, unknown> {
    const terms: Record<string, unknown> = {
      '@vocab': VOCABULARY,
      hydra: 'http://www.w3.org/ns/hydra/core#',
    };
    for (const type of this.collectionPaths().keys()) {
      terms[entrypointKey(type)] = { '@id': `Entrypoint/${entrypointKey(type)}`, '@type': '@id' };
    }
    return { '@context': terms };
  }

  private describeOperations(): ApiOperation[] {
    const described: ApiOperation[] = [];
    for (const [path, item] of Object.entries(this.openApi.paths)) {
      for (const method of HTTP_METHODS) {
        const operation = item[method];
        if (!operation || operation.tags?.includes(DISCOVERY_TAG)) continue;
        described.push({
          path,
          method: method.toUpperCase(),
          operation,
          ...this.answerOf(operation),
        });
      }
    }
    // Operations without a body of their own (204) serve the type their path, or the nearest
    // enclosing path, serves: DELETE an instance, PUT one of its authorizations.
    for (const entry of described) {
      if (entry.type) continue;
      for (let path = entry.path; path !== '' && !entry.type; path = path.slice(0, path.lastIndexOf('/'))) {
        entry.type = described.find((other) => other.path === path && other.type && !other.collection)?.type;
      }
    }
    // POST to a collection's path creates one of its members: a collection operation too.
    const collections = new Set(described.filter((o) => o.collection).map((o) => o.path));
    for (const entry of described) if (entry.method === 'POST' && collections.has(entry.path)) entry.collection = true;
    return described;
  }

  private answerOf(operation: OperationObject): Pick<ApiOperation, 'type' | 'collection' | 'expects'> {
    const requestSchema = (operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)
      ?.content?.['application/ld+json']?.schema;
    const expects = requestSchema?.$ref ? schemaName(requestSchema.$ref) : undefined;
    for (const [status, response] of Object.entries(operation.responses)) {
      if (!status.startsWith('2')) continue;
      const schema = (response as { content?: Record<string, { schema?: Schema }> }).content?.['application/ld+json']
        ?.schema;
      const member = (schema?.properties?.member as Schema | undefined)?.items as Schema | undefined;
      const ref = schema?.$ref ?? member?.$ref;
      const type = ref && this.typeOfSchema(schemaName(ref));
      if (type) return { type, collection: !schema?.$ref, expects };
    }
    return { collection: false, expects };
  }

  /** The registered type a schema describes: its own, or the one its `@type` names (a variant such as "with secret"). */
  private typeOfSchema(name: string): string | undefined {
    const registered = this.typeBySchema.get(name);
    if (registered) return registered;
    const named = (this.schema(name)?.properties?.['@type'] as Schema | undefined)?.example;
    return this.types.some((resource) => resource.type === named) ? (named as string) : undefined;
  }

  private collectionPaths(): Map<string, string[]> {
    const byType = new Map<string, string[]>();
    for (const o of this.operations) {
      if (!o.collection || !o.type || o.method !== 'GET') continue;
      byType.set(o.type, [...(byType.get(o.type) ?? []), o.path]);
    }
    return byType;
  }

  private supportedClass(resource: ResourceType): Record<string, unknown> {
    const classId = `#${resource.type}`;
    const schema = this.openApi.components?.schemas?.[resource.schema] as Schema | undefined;
    const writable = new Set(
      this.operations
        .filter((o) => o.type === resource.type && o.expects)
        .flatMap((o) => Object.keys(this.schema(o.expects as string)?.properties ?? {})),
    );
    const hydraClass: Record<string, unknown> = {
      '@id': classId,
      '@type': 'hydra:Class',
      'hydra:title': resource.type,
      'hydra:supportedProperty': resource.properties.map((name) =>
        this.supportedProperty(resource.type, name, this.findProperty(schema, name), writable.has(name)),
      ),
      'hydra:supportedOperation': this.operations
        .filter((o) => o.type === resource.type && !o.collection)
        .map((o) => this.hydraOperation(o, classId)),
    };
    if (schema?.description) hydraClass['hydra:description'] = schema.description;
    if (resource.type === 'ConstraintViolation') hydraClass.subClassOf = '#Error';
    return hydraClass;
  }

  private supportedProperty(
    type: string,
    name: string,
    found: { schema: Schema; required: boolean } | undefined,
    writable: boolean,
  ): Record<string, unknown> {
    const property: Record<string, unknown> = {
      '@id': `#${type}/${name}`,
      '@type': 'rdf:Property',
      label: name,
      domain: `#${type}`,
    };
    const range = found && rangeOf(found.schema);
    if (range) property.range = range;
    const supported: Record<string, unknown> = {
      '@type': 'hydra:SupportedProperty',
      'hydra:property': property,
      'hydra:title': name,
      'hydra:required': found?.required ?? false,
      'hydra:readable': true,
      'hydra:writeable': writable,
    };
    const description = found?.schema.description;
    if (description) supported['hydra:description'] = description;
    return supported;
  }

  /** A property of `schema`, or of the objects it embeds (an organization's members). */
  private findProperty(
    schema: Schema | undefined,
    name: string,
    depth = 0,
  ): { schema: Schema; required: boolean } | undefined {
    if (!schema || depth > 3) return undefined;
    const resolved = schema.$ref ? this.schema(schemaName(schema.$ref)) : schema;
    const own = resolved?.properties?.[name] as Schema | undefined;
    if (own) return { schema: own, required: resolved?.required?.includes(name) ?? false };
    for (const child of Object.values(resolved?.properties ?? {}) as Schema[]) {
      const found = this.findProperty((child.items as Schema | undefined) ?? child, name, depth + 1);
      if (found) return { schema: found.schema, required: false };
    }
    return undefined;
  }

  private schema(name: string): Schema | undefined {
    return this.openApi.components?.schemas?.[name] as Schema | undefined;
  }

  private entrypointProperties(): Record<string, unknown>[] {
    return [...new Set(this.operations.filter((o) => o.collection && o.type).map((o) => o.type as string))].map(
      (type) => ({
        '@type': 'hydra:SupportedProperty',
        'hydra:property': {
          '@id': `#Entrypoint/${entrypointKey(type)}`,
          '@type': 'hydra:Link',
          domain: '#Entrypoint',
          'owl:maxCardinality': 1,
          range: [
            { '@id': 'hydra:Collection' },
            {
              'owl:equivalentClass': {
                'owl:onProperty': { '@id': 'hydra:member' },
                'owl:allValuesFrom': { '@id': `#${type}` },
              },
            },
          ],
          'hydra:supportedOperation': this.operations
            .filter((o) => o.collection && o.type === type)
            .map((o) => this.hydraOperation(o, `#${type}`)),
        },
        'hydra:title': `get${type}Collection`,
        'hydra:description': `The collection of ${type} resources`,
        'hydra:readable': true,
        'hydra:writeable': false,
      }),
    );
  }

  private hydraOperation(o: ApiOperation, classId: string): Record<string, unknown> {
    const returnsBody = Object.entries(o.operation.responses).some(
      ([status, response]) => status.startsWith('2') && (response as { content?: unknown }).content,
    );
    const action = ACTIONS[o.method];
    return {
      '@type': action ? ['hydra:Operation', action] : 'hydra:Operation',
      'hydra:method': o.method,
      'hydra:title': o.operation.operationId,
      'hydra:description': o.operation.summary ?? o.operation.description ?? o.operation.operationId,
      returns: !returnsBody ? 'owl:Nothing' : o.collection && o.method === 'GET' ? 'hydra:Collection' : classId,
      ...(o.expects ? { expects: classId } : {}),
    };
  }
}

const ACTIONS: Record<string, string> = {
  GET: 'schema:FindAction',
  POST: 'schema:CreateAction',
  PUT: 'schema:ReplaceAction',
  DELETE: 'schema:DeleteAction',
};

function schemaName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

function entrypointKey(type: string): string {
  return type.charAt(0).toLowerCase() + type.slice(1);
}

/** The XSD range of a property schema, as API Platform derives it from the PHP type. */
function rangeOf(schema: Schema): string | undefined {
  const item = schema.type === 'array' ? ((schema.items as Schema | undefined) ?? schema) : schema;
  if (item.format === 'date-time') return 'xsd:dateTime';
  switch (item.type) {
    case 'string':
      return 'xsd:string';
    case 'integer':
      return 'xsd:integer';
    case 'number':
      return 'xsd:decimal';
    case 'boolean':
      return 'xsd:boolean';
    default:
      return undefined;
  }
}

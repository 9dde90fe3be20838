/**
 * The OpenAPI 3.0 document @nestjs/swagger builds, as OpenAPI 3.1 (where API Platform 4 serves
 * it): `nullable` becomes a `null` type (JSON Schema 2020-12); nothing else 3.0 says differs.
 */
export function toOpenApi31(document: object): Record<string, unknown> {
  const converted = convert(structuredClone(document)) as Record<string, unknown>;
  return { ...converted, openapi: '3.1.0' };
}

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (value === null || typeof value !== 'object') return value;
  const object = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, convert(child)]));
  if (!('nullable' in object)) return object;
  const { nullable, ...schema } = object;
  if (nullable !== true) return schema;
  if (typeof schema.type === 'string') {
    const nullableSchema: Record<string, unknown> = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum)) nullableSchema.enum = [...(schema.enum as unknown[]), null];
    return nullableSchema;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

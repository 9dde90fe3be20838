import { getMetadataStorage, ValidationTypes, type ValidationError } from 'class-validator';

/** The outcome of a flat body: the DTO instance, or the first property that breaks its rules. */
type FlatBodyOutcome = { dto: object } | { error: ValidationError };

/**
 * Checks a JSON body against a request DTO the way `ValidationPipe` does with `whitelist`,
 * `transform` and `stopAtFirstError` (class-transformer's `plainToInstance`, then class-validator),
 * for bodies whose values are all primitives or null, without either library on the hot path. Two
 * answers: `undefined` when the body is not flat (the pipe then asks the libraries), and `null`
 * from `compile` for a DTO whose rules go beyond the ones below (it always asks the libraries).
 */
export type FlatBodyValidator = (body: Record<string, unknown>) => FlatBodyOutcome | undefined;

/** class-validator's own tests, by constraint name, for the type decorators the DTOs use. */
const TYPE_CHECKS: Record<string, (value: unknown) => boolean> = {
  isString: (value) => typeof value === 'string' || value instanceof String,
  isBoolean: (value) => typeof value === 'boolean' || value instanceof Boolean,
  isInt: (value) => typeof value === 'number' && Number.isInteger(value),
};

/** Keys Nest's pipe strips (prototype pollution): a body carrying one takes the libraries' path. */
const STRIPPED_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

interface PropertyRule {
  name: string;
  optional: boolean;
  checks: { constraint: string; test: (value: unknown) => boolean }[];
}

/**
 * The validator for `metatype`, from its class-validator metadata, or null. Supported per
 * property: `@Allow()`, `@IsOptional()` and the type decorators of TYPE_CHECKS, without options
 * (`each`, groups, `always`, conditions). Request DTOs carry no class-transformer decorators
 * (they would change what `plainToInstance` builds).
 */
export function compileFlatBodyValidator(metatype: new () => object): FlatBodyValidator | null {
  const storage = getMetadataStorage();
  // The same lookup and grouping class-validator's executor makes (no groups, not `always`).
  const grouped = storage.groupByPropertyName(storage.getTargetValidationMetadatas(metatype, '', false, false));
  const rules: PropertyRule[] = [];
  for (const [name, metadatas] of Object.entries(grouped)) {
    const rule: PropertyRule = { name, optional: false, checks: [] };
    for (const metadata of metadatas) {
      if (metadata.each || metadata.always || (metadata.groups?.length ?? 0) > 0 || metadata.validateIf) return null;
      if (metadata.type === ValidationTypes.WHITELIST) continue;
      if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION && metadata.name === 'isOptional') {
        rule.optional = true;
        continue;
      }
      const test = metadata.name === undefined ? undefined : TYPE_CHECKS[metadata.name];
      if (metadata.type !== ValidationTypes.CUSTOM_VALIDATION || !test || (metadata.constraints?.length ?? 0) > 0) {
        return null;
      }
      rule.checks.push({ constraint: metadata.name!, test });
    }
    rules.push(rule);
  }
  if (rules.length === 0) return null;
  const known = new Set(rules.map((rule) => rule.name));

  return (body) => {
    for (const key in body) {
      const value = body[key];
      if ((value !== null && typeof value === 'object') || STRIPPED_KEYS.has(key)) return undefined;
    }
    // What plainToInstance builds and the whitelist leaves: the known properties, in the body's order.
    const dto = new metatype() as Record<string, unknown>;
    for (const key of Object.keys(body)) if (known.has(key)) dto[key] = body[key];
    for (const rule of rules) {
      const value = dto[rule.name];
      if (rule.optional && (value === null || value === undefined)) continue;
      const failed = rule.checks.find((check) => !check.test(value));
      if (failed)
        return { error: { property: rule.name, value, constraints: { [failed.constraint]: '' }, children: [] } };
    }
    return { dto };
  };
}

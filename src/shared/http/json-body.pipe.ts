import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { compileFlatBodyValidator, type FlatBodyValidator } from './flat-body-validator.js';
import { ProblemException } from './problem.exception.js';

/**
 * Turns a JSON body into its request DTO. The DTO's class-validator decorators check JSON types
 * only (a wrong type is "Invalid input", 400); value rules belong to the domain and answer 422.
 * Unknown and read-only properties are stripped, never applied. A flat body (every value a
 * primitive or null, as nearly all are) is checked by a validator compiled once per DTO from the
 * same decorators (flat-body-validator.ts), with the same answers: class-transformer and
 * class-validator cost a create a tenth of its CPU.
 */
@Injectable()
export class JsonBodyPipe extends ValidationPipe {
  private readonly flatValidators = new Map<unknown, FlatBodyValidator | null>();

  constructor() {
    super({
      whitelist: true,
      transform: true,
      forbidUnknownValues: false,
      stopAtFirstError: true,
      validateCustomDecorators: false,
      exceptionFactory: (errors: ValidationError[]) => invalidType(errors[0]),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body') return value;
    if (value === undefined || value === null || value === '') throw ProblemException.of(400, 'Syntax error');
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw ProblemException.of(400, `The request body must be a JSON object, ${jsonTypeName(value)} given.`);
    }
    const outcome = this.flatValidatorOf(metadata.metatype)?.(value as Record<string, unknown>);
    if (outcome) {
      if ('error' in outcome) throw invalidType(outcome.error);
      return outcome.dto;
    }
    return super.transform(value, metadata);
  }

  private flatValidatorOf(metatype: ArgumentMetadata['metatype']): FlatBodyValidator | null {
    if (!metatype) return null;
    let validator = this.flatValidators.get(metatype);
    if (validator === undefined) {
      validator = compileFlatBodyValidator(metatype as new () => object);
      this.flatValidators.set(metatype, validator);
    }
    return validator;
  }
}

function invalidType(error: ValidationError | undefined): ProblemException {
  if (!error) return ProblemException.of(400, 'Invalid input');
  const expected = expectedType(error);
  return ProblemException.of(
    400,
    `The type of the "${error.property}" attribute must be "${expected}", "${jsonTypeName(error.value)}" given.`,
  );
}

function expectedType(error: ValidationError): string {
  const constraint = Object.keys(error.constraints ?? {})[0] ?? '';
  if (constraint === 'isInt') return 'int';
  if (constraint === 'isBoolean') return 'bool';
  return 'string';
}

/** PHP's names for JSON types, as the original's messages use them. */
function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  if (typeof value === 'boolean') return 'boolean';
  return typeof value;
}

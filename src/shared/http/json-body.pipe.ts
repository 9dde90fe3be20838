import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemException } from './problem.exception.js';

/**
 * Turns a JSON body into its request DTO. The DTO's class-validator decorators check JSON types
 * only (a wrong type is "Invalid input", 400); value rules belong to the domain and answer 422.
 * Unknown and read-only properties are stripped, never applied.
 */
@Injectable()
export class JsonBodyPipe extends ValidationPipe {
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
    return super.transform(value, metadata);
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

import { Injectable, type Provider } from '@nestjs/common';
import { DomainError } from '../domain/domain-error.js';

type DomainErrorType<Code extends string> = abstract new (code: Code, message: string) => DomainError<Code>;

/**
 * The HTTP status of every domain error code: one table per module's error class, which the
 * module registers (`domainErrorStatuses` in its providers). The global ProblemFilter answers
 * with it, so no controller names a filter, and a module's errors map wherever they are thrown.
 */
@Injectable()
export class DomainErrorStatuses {
  private readonly tables = new Map<abstract new (...args: never[]) => DomainError, Readonly<Record<string, number>>>();

  register<Code extends string>(errorType: DomainErrorType<Code>, statusByCode: Readonly<Record<Code, number>>): void {
    if (this.tables.has(errorType)) throw new Error(`${errorType.name}: its status table is registered twice.`);
    this.tables.set(errorType, statusByCode);
  }

  isRegistered(errorType: abstract new (...args: never[]) => DomainError): boolean {
    return this.tables.has(errorType);
  }

  /** The status of the error's code, from the table of its class (or of the nearest ancestor that has one). */
  statusOf(error: DomainError): number | undefined {
    for (let type = error.constructor; type !== DomainError && type !== Error; type = Object.getPrototypeOf(type)) {
      const table = this.tables.get(type as abstract new () => DomainError);
      if (table) return Object.hasOwn(table, error.code) ? table[error.code] : undefined;
    }
    return undefined;
  }
}

/**
 * A module's status table, as a provider for its `providers`: registered when the module starts.
 * `Record<Code, number>` makes the compiler insist that every code has a status.
 */
export function domainErrorStatuses<Code extends string>(
  errorType: DomainErrorType<Code>,
  statusByCode: Readonly<Record<NoInfer<Code>, number>>,
): Provider {
  return {
    provide: `domain-error-statuses:${errorType.name}`,
    inject: [DomainErrorStatuses],
    useFactory: (registry: DomainErrorStatuses) => registry.register(errorType, statusByCode),
  };
}

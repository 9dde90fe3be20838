import { DomainError } from '../../shared/domain/domain-error.js';

export type IntegrationErrorCode = 'integration_not_found';

export class IntegrationError extends DomainError<IntegrationErrorCode> {
  static notFound(): IntegrationError {
    return new IntegrationError('integration_not_found', 'Integration not found.');
  }
}

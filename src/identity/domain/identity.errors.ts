import { DomainError } from '../../shared/domain/domain-error.js';

export type IdentityErrorCode = 'partner_not_found' | 'api_key_not_found';

export class IdentityError extends DomainError<IdentityErrorCode> {
  static partnerNotFound(): IdentityError {
    return new IdentityError('partner_not_found', 'Partner not found.');
  }

  static apiKeyNotFound(): IdentityError {
    return new IdentityError('api_key_not_found', 'API key not found.');
  }
}

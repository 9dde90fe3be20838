import { DomainError } from '../../shared/domain/domain-error.js';

export type InstanceErrorCode = 'instance_not_found' | 'organization_not_found';

export class InstanceError extends DomainError<InstanceErrorCode> {
  static notFound(): InstanceError {
    return new InstanceError('instance_not_found', 'Instance not found.');
  }

  /** The organization was deleted while an instance was being created in it. */
  static organizationNotFound(): InstanceError {
    return new InstanceError('organization_not_found', 'Organization not found.');
  }
}

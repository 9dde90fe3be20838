import { checkDisplayName } from '../../shared/domain/text-rules.js';
import { ViolationCode, ViolationList } from '../../shared/domain/violation.js';

const INSTANCE_NAME_MAX_LENGTH = 255;
const HANDLE_MAX_LENGTH = 30;
/** Lowercase letters and hyphens only, with no leading or trailing hyphen. */
const HANDLE_PATTERN = /^[a-z](?:[a-z-]*[a-z])?$/;

export function checkInstanceName(violations: ViolationList, name: string | null | undefined): name is string {
  return checkDisplayName(violations, 'name', name, INSTANCE_NAME_MAX_LENGTH);
}

/** Records every rule the handle breaks (it may be both too long and malformed). */
export function checkHandle(violations: ViolationList, handle: string | null | undefined): handle is string {
  if (handle === null || handle === undefined || handle === '') {
    violations.add('handle', 'This value should not be blank.', ViolationCode.NotBlank);
    return false;
  }
  let valid = true;
  if (handle.length > HANDLE_MAX_LENGTH) {
    violations.add(
      'handle',
      `This value is too long. It should have ${HANDLE_MAX_LENGTH} characters or less.`,
      ViolationCode.TooLong,
    );
    valid = false;
  }
  if (!HANDLE_PATTERN.test(handle)) {
    violations.add(
      'handle',
      'Use lowercase letters and hyphens only, with no leading or trailing hyphen.',
      ViolationCode.Pattern,
    );
    valid = false;
  }
  return valid;
}

export function handleAlreadyUsed(violations: ViolationList): void {
  violations.add(
    'handle',
    'This handle is already used by another instance. Choose another one.',
    ViolationCode.AlreadyUsed,
  );
}

export function handleIsImmutable(violations: ViolationList): void {
  violations.add(
    'handle',
    'The handle cannot be changed after creation. Leave it out of the request.',
    ViolationCode.InvalidChoice,
  );
}

/**
 * Transfer target unknown, not authorized, or already the owner. One message for all three, so that
 * the answer does not reveal whether an organization exists.
 */
export function transferTargetRefused(violations: ViolationList): void {
  violations.add(
    'organization_id',
    'The instance can only be transferred to one of its authorized organizations, other than its current owner, that you are an owner of too. Authorize the organization first.',
    ViolationCode.InvalidChoice,
  );
}

export function transferTargetMissing(violations: ViolationList): void {
  violations.add('organization_id', 'This value should not be blank.', ViolationCode.NotBlank);
}

/** The owner itself or an unknown organization cannot be authorized; one message for both. */
export function authorizationRefused(violations: ViolationList): void {
  violations.add(
    'authorized_organization_ids',
    'Only an organization other than the owner that you are an owner of too can be authorized: its owners consent to receiving the instance.',
    ViolationCode.InvalidChoice,
  );
}

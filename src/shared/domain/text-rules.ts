import { ViolationCode, ViolationList } from './violation.js';

// C0/C1 control characters (NUL included, which PostgreSQL cannot store in text).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The "required, not blank (whitespace only is blank), at most N characters" rule that display
 * names share. Records every broken rule; returns whether the value is acceptable. The value is
 * stored as given: surrounding whitespace is not trimmed away behind the client's back.
 */
export function checkDisplayName(
  violations: ViolationList,
  propertyPath: string,
  value: string | null | undefined,
  maxLength: number,
): value is string {
  if (value === null || value === undefined || value.trim() === '') {
    violations.add(propertyPath, 'This value should not be blank.', ViolationCode.NotBlank);
    return false;
  }
  let valid = true;
  if ([...value].length > maxLength) {
    violations.add(
      propertyPath,
      `This value is too long. It should have ${maxLength} characters or less.`,
      ViolationCode.TooLong,
    );
    valid = false;
  }
  if (CONTROL_CHARACTER.test(value) || !value.isWellFormed()) {
    violations.add(
      propertyPath,
      'This value contains control characters or invalid Unicode. Use printable text only.',
      ViolationCode.Pattern,
    );
    valid = false;
  }
  return valid;
}

import { ViolationCode, ViolationList } from './violation.js';

// C0/C1 control characters (NUL included, which PostgreSQL cannot store in text).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

// Characters that change how text around them reads without being seen: bidirectional formatting
// (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069) and invisible zero-width ones (U+00AD,
// U+180E, U+200B, U+2060-U+2064, U+FEFF). ZWNJ/ZWJ (U+200C, U+200D) are needed inside Persian,
// Indic and emoji text, so they are refused only where they join nothing: at either end.
const INVISIBLE_CHARACTER =
  /[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|^[\u200c\u200d]|[\u200c\u200d]$/;

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
  if (INVISIBLE_CHARACTER.test(value)) {
    violations.add(
      propertyPath,
      'This value contains invisible or text-direction control characters (zero-width or bidirectional formatting). Use visible text only.',
      ViolationCode.Pattern,
    );
    valid = false;
  }
  return valid;
}

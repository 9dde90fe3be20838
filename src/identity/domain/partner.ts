import { uuidv7 } from '../../shared/domain/uuid-v7.js';
import { checkDisplayName } from '../../shared/domain/text-rules.js';
import { ViolationCode, ViolationList } from '../../shared/domain/violation.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PARTNER_NAME_MAX_LENGTH = 255;
const EMAIL_MAX_LENGTH = 254;

/** An API client of the platform. */
export class Partner {
  private constructor(
    readonly id: string,
    readonly name: string,
    readonly email: string,
    readonly createdAt: Date,
  ) {}

  /** Checks every rule at once; throws ValidationFailed listing each broken one. */
  static register(input: { name?: string | null; email?: string | null }, now = new Date()): Partner {
    const violations = new ViolationList();
    checkDisplayName(violations, 'name', input.name, PARTNER_NAME_MAX_LENGTH);
    const email = input.email?.trim().toLowerCase() ?? '';
    if (email === '') violations.add('email', 'This value should not be blank.', ViolationCode.NotBlank);
    else if (email.length > EMAIL_MAX_LENGTH || !EMAIL.test(email)) {
      violations.add(
        'email',
        'This value is not a valid email address, e.g. "ops@example.com".',
        ViolationCode.Pattern,
      );
    }
    violations.throwIfAny();
    return new Partner(uuidv7(), input.name as string, email, now);
  }

  static restore(id: string, name: string, email: string, createdAt: Date): Partner {
    return new Partner(id, name, email, createdAt);
  }
}

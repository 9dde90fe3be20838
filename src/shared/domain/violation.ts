/** Codes clients of the original service already know (Symfony constraint identifiers). */
export const ViolationCode = {
  NotBlank: 'c1051bb4-d103-4f74-8988-acbcafc7fdc3',
  TooLong: 'd94b19cc-114f-4f44-9cc4-4138e80a87b9',
  Pattern: 'de1e3db3-5ed4-4941-aae4-59f3667cc3a3',
  AlreadyUsed: '23bd9dbf-6b9b-41cd-a99e-4844bcf3077f',
  InvalidChoice: '8e179f1b-97aa-4560-a02f-2a8b42e49df7',
  WrongType: 'ba785a8c-82cb-4283-967c-3cf342181b40',
} as const;
export type ViolationCode = (typeof ViolationCode)[keyof typeof ViolationCode];

export interface Violation {
  propertyPath: string;
  message: string;
  code: ViolationCode;
}

/** One or more values broke their rules; every broken rule of the request is listed. Answered as 422. */
export class ValidationFailed extends Error {
  constructor(readonly violations: readonly Violation[]) {
    super(violations.map((v) => `${v.propertyPath}: ${v.message}`).join('\n'));
    this.name = 'ValidationFailed';
  }

  static single(propertyPath: string, message: string, code: ViolationCode): ValidationFailed {
    return new ValidationFailed([{ propertyPath, message, code }]);
  }
}

/** Collects violations so that all of them are reported at once. */
export class ViolationList {
  private readonly items: Violation[] = [];

  add(propertyPath: string, message: string, code: ViolationCode): this {
    this.items.push({ propertyPath, message, code });
    return this;
  }

  has(propertyPath: string): boolean {
    return this.items.some((v) => v.propertyPath === propertyPath);
  }

  get isEmpty(): boolean {
    return this.items.length === 0;
  }

  throwIfAny(): void {
    if (!this.isEmpty) throw this.toError();
  }

  toError(): ValidationFailed {
    return new ValidationFailed([...this.items]);
  }
}

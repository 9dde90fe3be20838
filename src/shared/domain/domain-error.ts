/**
 * A rule of the domain was broken. Each module subclasses it with its own union of codes, and its
 * HTTP layer maps every code to a status in a table the compiler checks for completeness.
 */
export abstract class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

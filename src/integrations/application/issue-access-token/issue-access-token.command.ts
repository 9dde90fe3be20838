import { Command } from '@nestjs/cqrs';
import type { IssuedAccessToken } from '../access-tokens.js';

/** A token request whose client authentication was read (RFC 6749 section 4.4.2). */
export class IssueAccessTokenCommand extends Command<IssuedAccessToken> {
  constructor(
    readonly grantType: string,
    readonly clientId: string,
    readonly clientSecret: string,
    readonly scope: string | undefined,
  ) {
    super();
  }
}

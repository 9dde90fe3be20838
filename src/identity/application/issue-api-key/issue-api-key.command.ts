import { Command } from '@nestjs/cqrs';
import type { Scope } from '../../../shared/auth/scopes.js';

export interface IssuedApiKey {
  id: string;
  partnerId: string;
  apiKey: string;
  scopes: readonly Scope[] | null;
  expiresAt: Date | null;
  createdAt: Date;
}

export class IssueApiKeyCommand extends Command<IssuedApiKey> {
  constructor(
    readonly partnerId: string,
    readonly scopes?: unknown,
    readonly expiresAt?: unknown,
  ) {
    super();
  }
}

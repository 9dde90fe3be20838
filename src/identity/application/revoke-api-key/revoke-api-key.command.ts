import { Command } from '@nestjs/cqrs';

export class RevokeApiKeyCommand extends Command<void> {
  constructor(
    readonly partnerId: string,
    readonly keyId: string,
  ) {
    super();
  }
}

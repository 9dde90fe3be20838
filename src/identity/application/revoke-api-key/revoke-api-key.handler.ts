import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IdentityError } from '../../domain/identity.errors.js';
import { PartnerRepository } from '../../domain/partner.repository.js';
import { ApiKeyCache } from '../api-key-cache.js';
import { RevokeApiKeyCommand } from './revoke-api-key.command.js';

@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand> {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly cache: ApiKeyCache,
  ) {}

  async execute(command: RevokeApiKeyCommand): Promise<void> {
    const revoked = await this.partners.revokeKey(command.partnerId, command.keyId);
    if (!revoked) throw IdentityError.apiKeyNotFound();
    // Effective at once here and, through LISTEN/NOTIFY, in the other replicas.
    await this.cache.forgetKey(command.keyId);
  }
}

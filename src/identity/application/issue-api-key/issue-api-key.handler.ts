import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiKey } from '../../domain/api-key.js';
import { IdentityError } from '../../domain/identity.errors.js';
import { PartnerRepository } from '../../domain/partner.repository.js';
import { IssueApiKeyCommand, type IssuedApiKey } from './issue-api-key.command.js';

@CommandHandler(IssueApiKeyCommand)
export class IssueApiKeyHandler implements ICommandHandler<IssueApiKeyCommand> {
  constructor(private readonly partners: PartnerRepository) {}

  async execute(command: IssueApiKeyCommand): Promise<IssuedApiKey> {
    if (!(await this.partners.exists(command.partnerId))) throw IdentityError.partnerNotFound();
    const { key, plainText } = ApiKey.issue(command.partnerId, {
      scopes: command.scopes,
      expiresAt: command.expiresAt,
    });
    await this.partners.addKey(key);
    return {
      id: key.id,
      partnerId: key.partnerId,
      apiKey: plainText,
      scopes: key.scopes,
      expiresAt: key.expiresAt,
      createdAt: key.createdAt,
    };
  }
}

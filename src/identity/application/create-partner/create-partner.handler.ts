import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiKey } from '../../domain/api-key.js';
import { Partner } from '../../domain/partner.js';
import { PartnerRepository } from '../../domain/partner.repository.js';
import { CreatePartnerCommand, type CreatedPartner } from './create-partner.command.js';

@CommandHandler(CreatePartnerCommand)
export class CreatePartnerHandler implements ICommandHandler<CreatePartnerCommand> {
  constructor(private readonly partners: PartnerRepository) {}

  async execute(command: CreatePartnerCommand): Promise<CreatedPartner> {
    const partner = Partner.register({ name: command.name, email: command.email });
    const { key, plainText } = ApiKey.issue(partner.id);
    await this.partners.create(partner, key);
    return { id: partner.id, name: partner.name, email: partner.email, apiKeyId: key.id, apiKey: plainText };
  }
}

import { Command } from '@nestjs/cqrs';

export interface CreatedPartner {
  id: string;
  name: string;
  email: string;
  apiKeyId: string;
  apiKey: string;
}

export class CreatePartnerCommand extends Command<CreatedPartner> {
  constructor(
    readonly name: string | null | undefined,
    readonly email: string | null | undefined,
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';

export interface IssuedApiKey {
  id: string;
  partnerId: string;
  apiKey: string;
  createdAt: Date;
}

export class IssueApiKeyCommand extends Command<IssuedApiKey> {
  constructor(readonly partnerId: string) {
    super();
  }
}

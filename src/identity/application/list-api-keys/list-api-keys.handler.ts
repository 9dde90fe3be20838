import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { IdentityError } from '../../domain/identity.errors.js';
import { type ApiKeyView, PartnerRepository } from '../../domain/partner.repository.js';
import { ListApiKeysQuery } from './list-api-keys.query.js';

@QueryHandler(ListApiKeysQuery)
export class ListApiKeysHandler implements IQueryHandler<ListApiKeysQuery> {
  constructor(private readonly partners: PartnerRepository) {}

  async execute(query: ListApiKeysQuery): Promise<ApiKeyView[]> {
    if (!(await this.partners.exists(query.partnerId))) throw IdentityError.partnerNotFound();
    return this.partners.listKeys(query.partnerId);
  }
}

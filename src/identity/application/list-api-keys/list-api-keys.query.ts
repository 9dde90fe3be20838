import { Query } from '@nestjs/cqrs';
import type { ApiKeyView } from '../../domain/partner.repository.js';

export class ListApiKeysQuery extends Query<ApiKeyView[]> {
  constructor(readonly partnerId: string) {
    super();
  }
}

import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOperation } from '@nestjs/swagger';
import {
  ApiDocs,
  ApiHydraCollectionResponse,
  ApiJsonLdResponse,
  ApiProblems,
} from '../../shared/http/openapi-schemas.js';
import { IssueApiKeyRequest } from './issue-api-key.request.js';
import { ApiKeyIssuedResponse, ApiKeyResponse, PartnerCreatedResponse } from './partner.responses.js';

/** The OpenAPI documentation of each admin operation (partners and their API keys). */

export const CreatePartnerDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'createPartner', summary: 'Create a partner and its first API key' }),
    ApiConsumes('application/ld+json', 'application/json'),
    ApiJsonLdResponse(201, PartnerCreatedResponse, 'Partner created; the API key is shown once'),
    ApiProblems({ 400: 'Invalid input', 422: 'Validation error' }),
  );

export const IssueApiKeyDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'issueApiKey',
      summary: 'Issue a further API key for a partner, optionally restricted to scopes and an expiry',
    }),
    ApiConsumes('application/ld+json', 'application/json'),
    ApiBody({ type: IssueApiKeyRequest, required: false }),
    ApiJsonLdResponse(201, ApiKeyIssuedResponse, 'Key issued; shown once'),
    ApiProblems({
      400: 'Invalid input',
      404: 'Partner not found',
      422: 'Unknown or no scopes, or an expiry not in the future',
    }),
  );

export const ListApiKeysDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'listApiKeys',
      summary: "List a partner's API keys with their scopes, expiry and last use",
    }),
    ApiHydraCollectionResponse(ApiKeyResponse, 'API key collection', {
      context: '/api/contexts/ApiKey',
      id: '/api/admin/partners/3f6c1a9e-2d4b-4e8f-9a1c-7b5d0e2f4a6c/keys',
    }),
    ApiProblems({ 404: 'Partner not found' }),
  );

export const RevokeApiKeyDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'revokeApiKey', summary: 'Revoke an API key, effective immediately' }),
    ApiNoContentResponse({ description: 'Key revoked' }),
    ApiProblems({ 404: 'Partner or key not found' }),
  );

import { ApiConsumes, ApiNoContentResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import {
  ApiDocs,
  ApiHydraCollectionResponse,
  ApiJsonLdResponse,
  ApiProblems,
} from '../../shared/http/openapi-schemas.js';
import { IntegrationResponse, IntegrationWithSecretResponse } from './integration.responses.js';

/** The OpenAPI documentation of each integrations operation (access answers: the controller's rules). */

export const CreateIntegrationDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'createIntegration',
      summary: 'Create an integration; its client secret is shown once',
    }),
    ApiConsumes('application/ld+json', 'application/json'),
    ApiJsonLdResponse(201, IntegrationWithSecretResponse, 'Integration created, with its client secret'),
    ApiProblems({ 400: 'Invalid input', 422: 'Blank name, or no or unknown scopes' }),
  );

export const ListIntegrationsDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'listIntegrations', summary: "List the organization's active integrations" }),
    ApiQuery({ name: 'page', required: false, type: 'integer', description: 'The collection page number' }),
    ApiQuery({ name: 'itemsPerPage', required: false, type: 'integer', description: 'The number of items per page' }),
    ApiHydraCollectionResponse(IntegrationResponse, 'Integration collection', {
      context: '/api/contexts/Integration',
      id: '/api/organizations/0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d/integrations',
    }),
    ApiProblems({ 400: 'Invalid pagination' }),
  );

export const GetIntegrationDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'getIntegration', summary: 'Get an integration (never its secret)' }),
    ApiJsonLdResponse(200, IntegrationResponse, 'Integration resource'),
  );

export const RevokeIntegrationDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'revokeIntegration',
      summary: 'Revoke an integration: its secrets and tokens stop working on the next request',
    }),
    ApiNoContentResponse({ description: 'Integration revoked' }),
  );

export const RotateIntegrationSecretDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'rotateIntegrationSecret',
      summary: 'Issue a new client secret; the previous one works until previous_secret_expires_at',
    }),
    ApiJsonLdResponse(200, IntegrationWithSecretResponse, 'New secret, shown once'),
  );

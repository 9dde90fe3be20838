import { ApiOperation, ApiParam } from '@nestjs/swagger';
import { ApiDocs, ApiJsonLdResponse, ApiProblems } from '../../shared/http/openapi-schemas.js';
import { InstanceStatsResource } from './instance-stats.resource.js';

/** The OpenAPI documentation of the instance activity operation (access answers: the controller's rule). */

export const GetInstanceStatsDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'getInstanceStats',
      summary: 'Count what an organization did with instances',
      description:
        'Kept by the instance-activity module from InstanceCreated, InstanceRenamed, InstanceTransferred and InstanceDeleted events (eventually consistent).',
    }),
    ApiParam({ name: 'organizationId', description: 'Organization identifier', schema: { type: 'string' } }),
    ApiJsonLdResponse(200, InstanceStatsResource, 'Instance activity statistics'),
    ApiProblems({ 401: 'Missing or invalid API key' }),
  );

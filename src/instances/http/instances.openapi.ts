import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOperation, ApiParam, ApiQuery } from '@nestjs/swagger';
import {
  ApiConditionalGet,
  ApiConditionalWrite,
  ApiDocs,
  ApiHydraCollectionResponse,
  ApiJsonLdResponse,
  ApiProblems,
  type DocumentedProblem,
} from '../../shared/http/openapi-schemas.js';
import { ViolationList } from '../../shared/domain/violation.js';
import { checkHandle } from '../domain/instance-rules.js';
import { CreateInstanceRequest } from './create-instance.request.js';
import { IDENTIFIER } from './instance-params.js';
import { TransferInstanceRequest, UpdateInstanceRequest } from './instance.requests.js';
import { InstanceResource, INSTANCE_TYPE } from './instance.resource.js';
import { INSTANCE_SEARCH } from './list-instances.params.js';

/** The OpenAPI documentation of each instances operation (access answers: the controllers' rules). */

const INSTANCE_ID_PARAM = { name: 'instanceId', description: IDENTIFIER, schema: { type: 'string' } } as const;

/** The violations of a malformed handle, from the rule itself (the 422 example of a create). */
function malformedHandle(): DocumentedProblem {
  const violations = new ViolationList();
  checkHandle(violations, 'Not A Handle');
  return { description: 'Validation error', violations: violations.toError().violations };
}

export const CreateInstanceDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'createInstance',
      summary: 'Create an instance.',
      description:
        'Creates a new instance within an organization. Provide a display name and a unique handle. The instance becomes the scope your product data lives in.',
    }),
    ApiConsumes('application/ld+json', 'application/json'),
    ApiBody({ type: CreateInstanceRequest, description: 'The new instance' }),
    ApiJsonLdResponse(201, InstanceResource, 'Instance successfully created'),
    ApiProblems({ 400: 'Invalid input', 415: 'Unsupported media type', 422: malformedHandle() }),
  );

export const GetInstanceDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'getInstance',
      summary: 'Get an instance.',
      description:
        'Returns a single instance of an organization by id, including its name, handle and ownership metadata. Members of an organization the instance is authorized for may read it through their own organization; `authorized_organization_ids` is shown to the owner organization only.',
    }),
    ApiParam(INSTANCE_ID_PARAM),
    ApiJsonLdResponse(200, InstanceResource, `${INSTANCE_TYPE} resource`),
    ApiConditionalGet(),
  );

export const UpdateInstanceDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'updateInstance',
      summary: 'Update (rename) an instance.',
      description:
        'Updates an instance with a JSON merge patch (`application/merge-patch+json`). Only `name` can change; the handle is immutable, so a `handle` in the body is refused (422). Other read-only properties are ignored. `updated_at` moves when the name changes.',
    }),
    ApiParam(INSTANCE_ID_PARAM),
    ApiConsumes('application/merge-patch+json'),
    ApiBody({ type: UpdateInstanceRequest, description: 'The updated instance' }),
    ApiJsonLdResponse(200, InstanceResource, `${INSTANCE_TYPE} resource updated`),
    ApiConditionalWrite(),
    ApiProblems({
      400: 'Invalid input',
      415: 'Unsupported media type: use application/merge-patch+json',
      422: 'Validation error',
    }),
  );

export const DeleteInstanceDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'deleteInstance',
      summary: 'Delete an instance.',
      description:
        'Removes an instance: it no longer appears in lists or gets. Its handle stays reserved, so a new instance cannot reuse it.',
    }),
    ApiParam(INSTANCE_ID_PARAM),
    ApiNoContentResponse({ description: 'Instance deleted' }),
    ApiConditionalWrite(),
  );

const ORDER = { required: false, enum: ['asc', 'desc'] } as const;

export const ListInstancesDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'listInstances',
      summary: 'List instances accessible within an organization.',
      description:
        'Returns the paginated collection of instances accessible to the authenticated partner within an organization. Filter by name or handle, and order by any of the listed fields.',
    }),
    ApiQuery({
      name: 'name',
      required: false,
      type: String,
      description:
        'Partial case-insensitive search on the instance name. Combined as AND with handle when both are provided.',
    }),
    ApiQuery({
      name: 'handle',
      required: false,
      type: String,
      description:
        'Partial case-insensitive search on the instance handle. Combined as AND with name when both are provided.',
    }),
    ApiQuery({ name: 'order[name]', ...ORDER, description: 'Sort by name. Values: asc, desc.' }),
    ApiQuery({ name: 'order[handle]', ...ORDER, description: 'Sort by handle. Values: asc, desc.' }),
    ApiQuery({
      name: 'order[createdAt]',
      ...ORDER,
      description:
        'Sort by creation date. Values: asc, desc. Default order when no order parameter is provided: createdAt desc.',
    }),
    ApiQuery({ name: 'order[updatedAt]', ...ORDER, description: 'Sort by last update date. Values: asc, desc.' }),
    ApiQuery({
      name: 'page',
      required: false,
      schema: { type: 'integer', minimum: 1, default: 1 },
      description: 'The collection page number',
    }),
    ApiQuery({
      name: 'itemsPerPage',
      required: false,
      schema: { type: 'integer', minimum: 0, maximum: 100, default: 30 },
      description: 'The number of items per page',
    }),
    ApiHydraCollectionResponse(InstanceResource, `${INSTANCE_TYPE} collection`, {
      context: `/api/contexts/${INSTANCE_TYPE}`,
      id: '/api/organizations/7c0e2f8a-1b6d-4c3e-9a51-0f2d6b8e4a10/instances',
      search: INSTANCE_SEARCH,
    }),
    ApiConditionalGet(),
    ApiProblems({ 400: 'Invalid pagination', 422: 'Invalid order direction' }),
  );

const AUTHORIZED_ORGANIZATION_PARAM = {
  name: 'authorizedOrganizationId',
  description: 'Identifier of the organization to authorize (or no longer authorize)',
  schema: { type: 'string' },
} as const;

export const AuthorizeOrganizationDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'authorizeOrganization',
      summary: 'Authorize an organization for an instance.',
      description:
        "Adds an organization to the instance's authorized organizations: the instance may then be transferred to it, and its members may read the instance through their own organization. The receiving organization must consent: the caller must be an owner of it too. Idempotent: authorizing an organization twice changes nothing. The owner organization itself, an organization the caller does not own, or one that does not exist, is refused alike (422), so that the answer does not reveal whether an organization exists.",
    }),
    ApiParam(AUTHORIZED_ORGANIZATION_PARAM),
    ApiNoContentResponse({ description: 'The organization is authorized' }),
    ApiConditionalWrite('the instance'),
    ApiProblems({ 422: 'The organization cannot be authorized' }),
  );

export const UnauthorizeOrganizationDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'unauthorizeOrganization',
      summary: "Withdraw an organization's authorization for an instance.",
      description:
        "Removes an organization from the instance's authorized organizations. Idempotent: withdrawing an authorization that does not exist changes nothing.",
    }),
    ApiParam(AUTHORIZED_ORGANIZATION_PARAM),
    ApiNoContentResponse({ description: 'The organization is not authorized (any more)' }),
    ApiConditionalWrite('the instance'),
  );

export const TransferInstanceDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'transferInstance',
      summary: 'Transfer an instance to another organization.',
      description:
        "Gives the instance to one of its authorized organizations, which becomes its owner: `organization_id` changes, `created_by_organization_id` and `handle` do not. The former owner loses access unless the new owner authorizes it in turn. Answers the instance as its new owner sees it, `@id` under the new owner's path. The caller must still be an owner of the target (its consent). A target that is not authorized, is the current owner, is not owned by the caller, or does not exist is refused alike (422 on `organization_id`).",
    }),
    ApiConsumes('application/ld+json', 'application/json'),
    ApiBody({ type: TransferInstanceRequest, description: 'The organization that will own the instance' }),
    ApiJsonLdResponse(200, InstanceResource, `${INSTANCE_TYPE} resource, now owned by the target organization`),
    ApiConditionalWrite(),
    ApiProblems({
      400: 'Invalid input',
      415: 'Unsupported media type',
      422: "The target organization is not one of the instance's authorized organizations",
    }),
  );

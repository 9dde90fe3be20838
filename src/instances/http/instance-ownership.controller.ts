import { Body, Controller, Delete, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthenticatedPartner } from '../../shared/auth/authenticated-partner.js';
import { CurrentPartner } from '../../shared/auth/current-partner.decorator.js';
import { RequireOrganizationRole } from '../../shared/auth/organization-role.guard.js';
import { RequireScopes } from '../../shared/auth/scope.guard.js';
import { ifMatchCondition, markTag, versionTag } from '../../shared/http/conditional-requests.js';
import { markWritten } from '../../shared/http/json-ld.js';
import { ApiConditionalWrite, ApiJsonLdResponse, ApiProblems } from '../../shared/http/openapi-schemas.js';
import { notFoundUuid } from '../../shared/http/uuid-param.js';
import { AuthorizeOrganizationCommand } from '../application/authorize-organization/authorize-organization.command.js';
import { TransferInstanceCommand } from '../application/transfer-instance/transfer-instance.command.js';
import { UnauthorizeOrganizationCommand } from '../application/unauthorize-organization/unauthorize-organization.command.js';
import { IDENTIFIER, instanceIdPipe } from './instance-params.js';
import { TransferInstanceRequest } from './instance.requests.js';
import { instanceBody, InstanceResource, INSTANCE_TYPE } from './instance.resource.js';
import { Idempotent } from '../../shared/idempotency/idempotent.decorator.js';

const OWNERS_ONLY = 'Only organization owners can manage who may be given an instance.';
const authorizedOrganizationIdPipe = new ParseUUIDPipe({ exceptionFactory: notFoundUuid('Organization not found.') });
const AUTHORIZED_ORGANIZATION_PARAM = {
  name: 'authorizedOrganizationId',
  description: 'Identifier of the organization to authorize (or no longer authorize)',
  schema: { type: 'string' },
} as const;

/** Who may be given an instance, and giving it: authorized organizations and transfer. */
@ApiTags('Instances')
@ApiBearerAuth('apiKey')
@ApiParam({ name: 'organizationId', description: IDENTIFIER, schema: { type: 'string' } })
@ApiParam({ name: 'instanceId', description: IDENTIFIER, schema: { type: 'string' } })
@ApiProblems({ 401: 'Missing, invalid or revoked API key' })
@Controller('api/organizations/:organizationId/instances/:instanceId')
export class InstanceOwnershipController {
  constructor(private readonly commands: CommandBus) {}

  @Put('authorized-organizations/:authorizedOrganizationId')
  @RequireScopes('instances:write')
  @HttpCode(204)
  @RequireOrganizationRole('owner', OWNERS_ONLY)
  @ApiOperation({
    operationId: 'authorizeOrganization',
    summary: 'Authorize an organization for an instance.',
    description:
      "Adds an organization to the instance's authorized organizations: the instance may then be transferred to it, and its members may read the instance through their own organization. The receiving organization must consent: the caller must be an owner of it too. Idempotent: authorizing an organization twice changes nothing. The owner organization itself, an organization the caller does not own, or one that does not exist, is refused alike (422), so that the answer does not reveal whether an organization exists.",
  })
  @ApiParam(AUTHORIZED_ORGANIZATION_PARAM)
  @ApiNoContentResponse({ description: 'The organization is authorized' })
  @ApiConditionalWrite('the instance')
  @ApiProblems({
    403: OWNERS_ONLY,
    404: 'Instance not found',
    422: 'The organization cannot be authorized',
  })
  async authorize(
    @Param('organizationId') organizationId: string,
    @Param('instanceId', instanceIdPipe) instanceId: string,
    @Param('authorizedOrganizationId', authorizedOrganizationIdPipe) authorizedOrganizationId: string,
    @CurrentPartner() partner: AuthenticatedPartner,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.commands.execute(
      new AuthorizeOrganizationCommand(
        organizationId,
        instanceId,
        authorizedOrganizationId,
        partner.id,
        ifMatchCondition(ifMatch),
      ),
    );
  }

  @Delete('authorized-organizations/:authorizedOrganizationId')
  @RequireScopes('instances:write')
  @HttpCode(204)
  @RequireOrganizationRole('owner', OWNERS_ONLY)
  @ApiOperation({
    operationId: 'unauthorizeOrganization',
    summary: "Withdraw an organization's authorization for an instance.",
    description:
      "Removes an organization from the instance's authorized organizations. Idempotent: withdrawing an authorization that does not exist changes nothing.",
  })
  @ApiParam(AUTHORIZED_ORGANIZATION_PARAM)
  @ApiNoContentResponse({ description: 'The organization is not authorized (any more)' })
  @ApiConditionalWrite('the instance')
  @ApiProblems({ 403: OWNERS_ONLY, 404: 'Instance not found' })
  async unauthorize(
    @Param('organizationId') organizationId: string,
    @Param('instanceId', instanceIdPipe) instanceId: string,
    @Param('authorizedOrganizationId', authorizedOrganizationIdPipe) authorizedOrganizationId: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.commands.execute(
      new UnauthorizeOrganizationCommand(
        organizationId,
        instanceId,
        authorizedOrganizationId,
        ifMatchCondition(ifMatch),
      ),
    );
  }

  @Post('transfer')
  @RequireScopes('instances:write')
  @Idempotent()
  @HttpCode(200)
  @RequireOrganizationRole('owner', 'Only organization owners can transfer instances.')
  @ApiOperation({
    operationId: 'transferInstance',
    summary: 'Transfer an instance to another organization.',
    description:
      "Gives the instance to one of its authorized organizations, which becomes its owner: `organization_id` changes, `created_by_organization_id` and `handle` do not. The former owner loses access unless the new owner authorizes it in turn. Answers the instance as its new owner sees it, `@id` under the new owner's path. The caller must still be an owner of the target (its consent). A target that is not authorized, is the current owner, is not owned by the caller, or does not exist is refused alike (422 on `organization_id`).",
  })
  @ApiConsumes('application/ld+json', 'application/json')
  @ApiBody({ type: TransferInstanceRequest, description: 'The organization that will own the instance' })
  @ApiJsonLdResponse(200, InstanceResource, `${INSTANCE_TYPE} resource, now owned by the target organization`)
  @ApiConditionalWrite()
  @ApiProblems({
    400: 'Invalid input',
    403: 'Only organization owners can transfer instances',
    404: 'Instance not found',
    415: 'Unsupported media type',
    422: "The target organization is not one of the instance's authorized organizations",
  })
  async transfer(
    @Param('organizationId') organizationId: string,
    @Param('instanceId', instanceIdPipe) instanceId: string,
    @Body() body: TransferInstanceRequest,
    @CurrentPartner() partner: AuthenticatedPartner,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const instance = await this.commands.execute(
      new TransferInstanceCommand(
        organizationId,
        instanceId,
        body.organization_id,
        partner.id,
        ifMatchCondition(ifMatch),
      ),
    );
    markTag(reply, versionTag(instance.version));
    return markWritten(reply, instanceBody(instance));
  }
}

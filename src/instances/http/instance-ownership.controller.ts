import { Body, Controller, Delete, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { OwnersOnly } from '../../organizations/index.js';
import type { AuthenticatedPartner } from '../../shared/auth/authenticated-partner.js';
import { CurrentPartner } from '../../shared/auth/current-partner.decorator.js';
import { RequireScopes } from '../../shared/auth/scope.guard.js';
import { ifMatchCondition, markTag, versionTag } from '../../shared/http/conditional-requests.js';
import { markWritten } from '../../shared/http/json-ld.js';
import { ApiProblems } from '../../shared/http/openapi-schemas.js';
import { notFoundUuid } from '../../shared/http/uuid-param.js';
import { Idempotent } from '../../shared/idempotency/idempotent.decorator.js';
import { AuthorizeOrganizationCommand } from '../application/authorize-organization/authorize-organization.command.js';
import { TransferInstanceCommand } from '../application/transfer-instance/transfer-instance.command.js';
import { UnauthorizeOrganizationCommand } from '../application/unauthorize-organization/unauthorize-organization.command.js';
import { IDENTIFIER, instanceIdPipe } from './instance-params.js';
import { TransferInstanceRequest } from './instance.requests.js';
import { instanceBody } from './instance.resource.js';
import { AuthorizeOrganizationDocs, TransferInstanceDocs, UnauthorizeOrganizationDocs } from './instances.openapi.js';

const OWNERS_ONLY = 'Only organization owners can manage who may be given an instance.';
const authorizedOrganizationIdPipe = new ParseUUIDPipe({ exceptionFactory: notFoundUuid('Organization not found.') });

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
  @OwnersOnly(OWNERS_ONLY, { forbidden: OWNERS_ONLY, notFound: 'Instance not found' })
  @AuthorizeOrganizationDocs()
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
  @OwnersOnly(OWNERS_ONLY, { forbidden: OWNERS_ONLY, notFound: 'Instance not found' })
  @UnauthorizeOrganizationDocs()
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
  @OwnersOnly('Only organization owners can transfer instances.', { notFound: 'Instance not found' })
  @TransferInstanceDocs()
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

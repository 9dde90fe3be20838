import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IntegrationRepository } from '../../domain/integration.repository.js';
import { OAuthError } from '../../domain/oauth-error.js';
import { grantedScopes } from '../../domain/scope-request.js';
import { AccessTokens, type IssuedAccessToken } from '../access-tokens.js';
import { IssueAccessTokenCommand } from './issue-access-token.command.js';

const CLIENT_CREDENTIALS = 'client_credentials';

/** The client credentials grant: authenticate the client, check the grant type and the scope, sign. */
@CommandHandler(IssueAccessTokenCommand)
export class IssueAccessTokenHandler implements ICommandHandler<IssueAccessTokenCommand> {
  constructor(
    private readonly integrations: IntegrationRepository,
    private readonly tokens: AccessTokens,
  ) {}

  async execute(command: IssueAccessTokenCommand): Promise<IssuedAccessToken> {
    const integration = command.clientId.length <= 200 && (await this.integrations.findByClientId(command.clientId));
    if (!integration || !integration.acceptsSecret(command.clientSecret)) {
      throw new OAuthError('invalid_client', 'Client authentication failed: unknown client, wrong secret, or revoked.');
    }
    if (command.grantType !== CLIENT_CREDENTIALS) {
      throw new OAuthError(
        'unsupported_grant_type',
        `The grant type "${command.grantType}" is not supported; use client_credentials.`,
      );
    }
    return this.tokens.issue(integration, grantedScopes(command.scope, integration.scopes));
  }
}

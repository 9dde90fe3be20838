import type { SecuritySchemeObject } from '@nestjs/swagger';
import { OAUTH2_SCHEME } from './scope.guard.js';
import { SCOPES } from './scopes.js';

/** How callers authenticate, as the OpenAPI document names it (operations refer to these names). */
export const SECURITY_SCHEMES: Readonly<Record<string, SecuritySchemeObject>> = {
  apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'API key', description: 'Partner API key' },
  adminKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'API key',
    description: 'Operator key: the ADMIN_API_KEY the service was started with',
  },
  [OAUTH2_SCHEME]: {
    type: 'oauth2',
    description:
      "An integration's access token: exchange its client id and secret at /oauth/token (client " +
      'credentials grant, RFC 6749 section 4.4); metadata at /.well-known/oauth-authorization-server. ' +
      'Each operation names the scopes it needs.',
    flows: { clientCredentials: { tokenUrl: '/oauth/token', scopes: { ...SCOPES } } },
  },
};

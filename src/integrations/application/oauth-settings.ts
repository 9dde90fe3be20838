import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type Environment, oauthAudienceOf, publicUrlOf } from '../../config/environment.js';

/** The OAuth settings every part of the module shares, read once from the configuration. */
@Injectable()
export class OAuthSettings {
  /** PUBLIC_URL: the issuer, and the base of every URL in the metadata. */
  readonly issuer: string;
  readonly audience: string;
  readonly tokenTtlSeconds: number;
  readonly rotationMs: number;
  readonly previousSecretTtlMs: number;

  constructor(config: ConfigService<Environment, true>) {
    const env = {
      PUBLIC_URL: config.get('PUBLIC_URL', { infer: true }),
      PORT: config.get('PORT', { infer: true }),
      OAUTH_AUDIENCE: config.get('OAUTH_AUDIENCE', { infer: true }),
    };
    this.issuer = publicUrlOf(env);
    this.audience = oauthAudienceOf(env);
    this.tokenTtlSeconds = config.get('OAUTH_ACCESS_TOKEN_TTL_SECONDS', { infer: true });
    this.rotationMs = config.get('OAUTH_SIGNING_KEY_ROTATION_SECONDS', { infer: true }) * 1000;
    this.previousSecretTtlMs = config.get('OAUTH_PREVIOUS_SECRET_TTL_HOURS', { infer: true }) * 3_600_000;
  }

  /**
   * How long after its creation a key still verifies: it signs for one rotation period, and the
   * last token it signed lives one token lifetime more (plus a minute for clock skew).
   */
  get keyLifetimeMs(): number {
    return this.rotationMs + this.tokenTtlSeconds * 1000 + 60_000;
  }
}

import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../config/environment.js';
import { hostOf, isPublicAddress, urlProblem } from '../domain/network-rules.js';
import { WebhookUrlChecker } from '../domain/webhook-endpoint.js';

/**
 * Checks a webhook URL when it is registered or changed: the rules of network-rules.ts, then what
 * its host resolves to now. Delivery checks the addresses again (webhook-sender.ts), since DNS can change.
 */
@Injectable()
export class WebhookUrlPolicy extends WebhookUrlChecker {
  constructor(private readonly config: ConfigService<Environment, true>) {
    super();
  }

  async problem(url: string): Promise<string | undefined> {
    const allowPrivate = this.config.get('WEBHOOK_ALLOW_PRIVATE_NETWORKS', { infer: true });
    const problem = urlProblem(url, allowPrivate);
    if (problem || allowPrivate) return problem;
    const host = hostOf(new URL(url));
    if (isIP(host)) return undefined;
    try {
      const addresses = await lookup(host, { all: true });
      if (addresses.some((a) => !isPublicAddress(a.address))) {
        return 'The URL must not point to a loopback, private or link-local address.';
      }
    } catch {
      return 'The URL host could not be resolved.';
    }
    return undefined;
  }
}

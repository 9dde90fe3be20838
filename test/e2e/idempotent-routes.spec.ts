import { RequestMethod } from '@nestjs/common';
import { EXCEPTION_FILTERS_METADATA, GUARDS_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { IdempotencyGuard, IdempotentReplayFilter } from '../../src/shared/idempotency/idempotency.guard.js';
import { randomHandle } from '../support/handles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * `Idempotency-Key` is per route (@Idempotent()), not global: no POST route may lack it, but for the
 * OAuth token endpoint: RFC 6749 defines no idempotency there, and a replayed answer would hand one
 * client's access token to another client sending the same key (the endpoint has no partner scope).
 */
const NOT_IDEMPOTENT = ['OAuthController.token'];
describe('Idempotency-Key on every POST route', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('every POST handler of every controller carries the idempotency guard and its replay filter', () => {
    const postHandlers: string[] = [];
    const without: string[] = [];
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const controller of module.controllers.values()) {
        const metatype = controller.metatype;
        if (!metatype) continue;
        const prototype = metatype.prototype as Record<string, unknown>;
        for (const name of Object.getOwnPropertyNames(prototype)) {
          const handler = prototype[name];
          if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.POST) {
            continue;
          }
          postHandlers.push(`${controller.name}.${name}`);
          const declared = (key: string): unknown[] => [
            ...(Reflect.getMetadata(key, metatype) ?? []),
            ...(Reflect.getMetadata(key, handler) ?? []),
          ];
          const label = `${controller.name}.${name}`;
          if (
            !NOT_IDEMPOTENT.includes(label) &&
            (!declared(GUARDS_METADATA).includes(IdempotencyGuard) ||
              !declared(EXCEPTION_FILTERS_METADATA).includes(IdempotentReplayFilter))
          ) {
            without.push(label);
          }
        }
      }
    }
    expect(postHandlers).toEqual(expect.arrayContaining(NOT_IDEMPOTENT));
    expect(without).toEqual([]);
  });

  it('replays the first response to a retry with the same key', async () => {
    const owner = await t.api.createPartner('Owner');
    const organizationId = await t.api.createOrganization(owner);
    const body = { name: 'Retried', handle: randomHandle() };
    const headers = { 'idempotency-key': `retry-${randomHandle()}` };
    const path = `/api/organizations/${organizationId}/instances`;
    const first = await t.api.post(path, owner.apiKey, body, headers);
    const retry = await t.api.post(path, owner.apiKey, body, headers);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
  });
});

import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ORGANIZATION_ACCESS } from '../../src/shared/auth/organization-role.guard.js';
import { IS_PUBLIC } from '../../src/shared/auth/public.decorator.js';

export interface DeclaredRoute {
  method: string;
  path: string;
  /** 'public' (incl. admin routes), 'any partner', the required role, or undefined: nothing declared. */
  access: string | undefined;
}

/**
 * Every route of every controller the application registered, read from Nest's module container
 * (the same metadata the router uses), with what it declares about access.
 */
export function declaredRoutes(app: NestFastifyApplication): DeclaredRoute[] {
  const reflector = new Reflector();
  const routes: DeclaredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller) continue;
      const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const targets = [handler, controller];
        const declared = reflector.getAllAndOverride<string | { role: string } | undefined>(
          ORGANIZATION_ACCESS,
          targets,
        );
        const access = reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)
          ? 'public'
          : typeof declared === 'object'
            ? declared.role
            : declared;
        routes.push({
          method: RequestMethod[method],
          path: `/${[prefix, path].filter(Boolean).join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1'),
          access,
        });
      }
    }
  }
  return routes;
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Controller, Get, Module } from '@nestjs/common';
import { EXCEPTION_FILTERS_METADATA, FILTER_CATCH_EXCEPTIONS } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { InstanceError } from '../../src/instances/domain/instance.errors.js';
import { Public } from '../../src/shared/auth/public.decorator.js';
import { DomainError } from '../../src/shared/domain/domain-error.js';
import { DomainErrorStatuses } from '../../src/shared/http/domain-error-statuses.js';

/** A module's error class that registered no status table. */
class UnregisteredProbeError extends DomainError<'probe_failed'> {}

/** Names no exception filter: the global one must map what it throws. */
@Public()
@Controller('api/domain-error-probe')
class DomainErrorProbeController {
  @Get('registered')
  registered(): never {
    throw InstanceError.notFound();
  }

  @Get('unregistered')
  unregistered(): never {
    throw new UnregisteredProbeError('probe_failed', 'A message that must not leave the process.');
  }
}

@Module({ controllers: [DomainErrorProbeController] })
class DomainErrorProbeModule {}

type ErrorClass = abstract new (...args: never[]) => DomainError;

/** Every class in src/ that extends DomainError, imported from the file that declares it. */
async function domainErrorClasses(): Promise<Map<string, ErrorClass>> {
  const found = new Map<string, ErrorClass>();
  const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  for (const file of files) {
    const names = [...readFileSync(join('src', file), 'utf8').matchAll(/class (\w+) extends DomainError\b/g)];
    if (names.length === 0) continue;
    const exports = (await import(pathToFileURL(join(process.cwd(), 'src', file)).href)) as Record<string, unknown>;
    for (const [, name] of names) found.set(`${file}: ${name}`, exports[name] as ErrorClass);
  }
  return found;
}

describe('domain errors: one global filter, with the status tables modules register', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, undefined, [DomainErrorProbeModule]);
  });
  afterAll(() => t?.close());

  const get = async (path: string) => {
    const response = await fetch(`${t.baseUrl}/api/domain-error-probe/${path}`);
    return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
  };

  it("answers a module's domain error with the status of its table, from a controller that names no filter", async () => {
    const answer = await get('registered');
    expect(answer.status).toBe(404);
    expect(answer.type).toMatch(/^application\/(ld|problem)\+json/);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 404, detail: 'Instance not found.' });
  });

  it('answers a domain error whose class registered no table with a bare 500, its message kept in', async () => {
    const answer = await get('unregistered');
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 500, detail: 'Internal Server Error' });
    expect(answer.body).not.toContain('must not leave');
  });

  it('has a status table registered for every DomainError class in src/', async () => {
    const classes = await domainErrorClasses();
    // Sanity: the scan finds the modules' error classes (instances, organizations, identity, ...).
    expect(classes.size).toBeGreaterThanOrEqual(6);
    const statuses = t.app.get(DomainErrorStatuses);
    const unregistered = [...classes].filter(([, type]) => !statuses.isRegistered(type)).map(([name]) => name);
    expect(unregistered).toEqual([]);
  });

  it('has no controller or route naming a filter that catches domain errors (or everything)', () => {
    const offending: string[] = [];
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
        if (!controller) continue;
        const prototype = controller.prototype as Record<string, unknown>;
        const targets = [
          [controller.name, controller],
          ...Object.getOwnPropertyNames(prototype)
            .filter((name) => name !== 'constructor' && typeof prototype[name] === 'function')
            .map((name) => [`${controller.name}.${name}`, prototype[name]] as const),
        ] as const;
        for (const [name, target] of targets) {
          const filters = (Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, target as object) ?? []) as object[];
          for (const filter of filters) {
            const type = typeof filter === 'function' ? filter : filter.constructor;
            const catches = (Reflect.getMetadata(FILTER_CATCH_EXCEPTIONS, type) ?? []) as (abstract new (
              ...args: never[]
            ) => unknown)[];
            const domain = catches.some((error) => error === DomainError || error.prototype instanceof DomainError);
            if (catches.length === 0 || domain) offending.push(`${name}: ${type.name}`);
          }
        }
      }
    }
    expect(offending).toEqual([]);
  });
});

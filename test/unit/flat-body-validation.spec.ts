import 'reflect-metadata';
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import fc from 'fast-check';
import { CreatePartnerRequest } from '../../src/identity/http/create-partner.request.js';
import { CreateInstanceRequest } from '../../src/instances/http/create-instance.request.js';
import { TransferInstanceRequest, UpdateInstanceRequest } from '../../src/instances/http/instance.requests.js';
import {
  CreateOrganizationRequest,
  PutMemberRequest,
  RenameOrganizationRequest,
} from '../../src/organizations/http/organization.requests.js';
import { compileFlatBodyValidator } from '../../src/shared/http/flat-body-validator.js';
import { JsonBodyPipe } from '../../src/shared/http/json-body.pipe.js';
import { ProblemException } from '../../src/shared/http/problem.exception.js';

const REQUEST_DTOS = [
  CreateInstanceRequest,
  UpdateInstanceRequest,
  TransferInstanceRequest,
  CreatePartnerRequest,
  CreateOrganizationRequest,
  RenameOrganizationRequest,
  PutMemberRequest,
];

/** What the pipe answers: the DTO (class, keys in order, values) or the problem it throws. */
async function answer(run: () => Promise<unknown>): Promise<unknown> {
  try {
    const dto = (await run()) as object;
    return { class: dto.constructor.name, entries: Object.entries(dto) };
  } catch (error) {
    return error instanceof ProblemException ? error.problem : error;
  }
}

describe('JsonBodyPipe', () => {
  const pipe = new JsonBodyPipe();

  it('compiles a flat validator for every request DTO', () => {
    for (const dto of REQUEST_DTOS) expect(compileFlatBodyValidator(dto)).not.toBeNull();
  });

  it.each(REQUEST_DTOS.map((dto) => [dto.name, dto] as const))(
    '%s: answers flat bodies exactly as class-transformer and class-validator do',
    async (_name, dto) => {
      const metadata: ArgumentMetadata = { type: 'body', metatype: dto, data: '' };
      const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
      // The DTOs' properties, unknown ones, and keys of Object.prototype and the pipe's stripped ones.
      const key = fc.constantFrom(
        'name',
        'handle',
        'email',
        'role',
        'organization_id',
        'id',
        'toString',
        'constructor',
      );
      await fc.assert(
        fc.asyncProperty(fc.dictionary(key, value), async (body) => {
          const fast = await answer(() => pipe.transform({ ...body }, metadata));
          // The libraries' path: ValidationPipe's own transform, on a copy of the same body.
          const slow = await answer(() => ValidationPipe.prototype.transform.call(pipe, { ...body }, metadata));
          expect(fast).toEqual(slow);
        }),
        { numRuns: 300 },
      );
    },
  );

  it('leaves nested values to the libraries', () => {
    const validator = compileFlatBodyValidator(CreateInstanceRequest)!;
    expect(validator({ name: { first: 'a' } })).toBeUndefined();
    expect(validator({ name: ['a'] })).toBeUndefined();
    expect(validator({ name: 'a', handle: 'b' })).toEqual({ dto: expect.any(CreateInstanceRequest) });
  });
});

import { Injectable } from '@nestjs/common';
import { DISCOVERY_TAG } from './hydra-documentation.js';

/** A tag of the OpenAPI document: the group Swagger UI files a controller's operations under. */
export interface OpenApiTag {
  name: string;
  description: string;
  /** Where Swagger UI lists it: ascending; tags without one follow, in registration order. */
  order?: number;
}

/**
 * The tags of the OpenAPI document. Each module registers the tags its controllers use
 * (`@ApiTags(name)`) in its constructor: setupOpenApi builds the document before `onModuleInit`.
 * The discovery routes' tag is the kernel's own, registered here.
 */
@Injectable()
export class OpenApiTagRegistry {
  private readonly tags = new Map<string, OpenApiTag>([
    [
      DISCOVERY_TAG,
      {
        name: DISCOVERY_TAG,
        description:
          'Discovery: the Hydra entrypoint and API documentation, this document in OpenAPI 3.1, and the JSON-LD contexts the `@context` of every response refers to.',
        order: 60,
      },
    ],
  ]);

  register(...tags: OpenApiTag[]): void {
    for (const tag of tags) {
      if (this.tags.has(tag.name)) throw new Error(`The OpenAPI tag ${tag.name} is registered twice`);
      this.tags.set(tag.name, tag);
    }
  }

  /** Every registered tag, in the order Swagger UI lists them (a stable sort keeps registration order). */
  all(): OpenApiTag[] {
    return [...this.tags.values()].sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || 0);
  }
}

import { ViolationCode, ViolationList } from '../../shared/domain/violation.js';
import type { WebhookEndpointPatch } from '../domain/webhook-endpoint.js';

const DESCRIPTION_MAX = 500;

/**
 * The rules of an endpoint's fields, all reported at once (422). `urlProblem` is the URL policy's
 * answer (scheme, address, DNS); `knownTypes` the wire names of the public event types.
 */
export function checkEndpoint(
  fields: WebhookEndpointPatch,
  urlProblem: string | undefined,
  knownTypes: readonly string[],
  creating: boolean,
): void {
  const violations = new ViolationList();
  if (creating && (fields.url === undefined || fields.url === null || fields.url === '')) {
    violations.add('url', 'This value should not be blank.', ViolationCode.NotBlank);
  } else if (fields.url !== undefined && urlProblem) {
    violations.add('url', urlProblem, ViolationCode.Pattern);
  }
  if (fields.eventTypes) {
    const unknown = fields.eventTypes.filter((type) => !knownTypes.includes(type));
    if (unknown.length > 0) {
      violations.add(
        'event_types',
        `Unknown event type(s): ${unknown.join(', ')}. Known: ${knownTypes.join(', ')}.`,
        ViolationCode.InvalidChoice,
      );
    } else if (fields.eventTypes.length === 0) {
      violations.add(
        'event_types',
        'Leave it out (or null) for every type; an empty list would receive nothing.',
        ViolationCode.NotBlank,
      );
    }
  }
  if (fields.description && [...fields.description].length > DESCRIPTION_MAX) {
    violations.add(
      'description',
      `This value is too long. It should have ${DESCRIPTION_MAX} characters or less.`,
      ViolationCode.TooLong,
    );
  }
  violations.throwIfAny();
}

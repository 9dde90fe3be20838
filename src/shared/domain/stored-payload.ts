import type { DomainEventClass, StoredEvent } from './domain-event.js';

/** A stored event this code cannot read; the message names the event, its version and the field. */
export class MalformedStoredEvent extends Error {
  override readonly name = 'MalformedStoredEvent';
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a value is, for a message; never the value itself (payloads hold partners' data). */
function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * A stored event's payload, read field by field with each field checked, so that a malformed row
 * fails naming the event and the field instead of passing `undefined` on. Hand-written: a few
 * `typeof` checks per event on the delivery path, where a schema library would add more than it says.
 */
export class StoredPayload {
  private constructor(
    private readonly json: JsonObject,
    /** Where this object lies in the payload (`instance.`), for messages. */
    private readonly path: string,
    /** `InstanceRenamed event <id> (version 2)`, for messages. */
    private readonly event: string,
  ) {}

  /** The payload of `stored`, once its version is one `eventClass` reads (1 up to its current one). */
  static of(stored: StoredEvent, eventClass: Pick<DomainEventClass, 'eventType' | 'eventVersion'>): StoredPayload {
    const event = `${eventClass.eventType} event ${stored.eventId} (version ${stored.version})`;
    if (!Number.isInteger(stored.version) || stored.version < 1 || stored.version > eventClass.eventVersion) {
      // E.g. written by a newer replica during a deploy: retried, and one that knows the version reads it.
      throw new MalformedStoredEvent(`${event}: unknown version, this code reads 1 to ${eventClass.eventVersion}`);
    }
    if (!isObject(stored.payload)) {
      throw new MalformedStoredEvent(`${event}: the payload is ${kindOf(stored.payload)}, not an object`);
    }
    return new StoredPayload(stored.payload, '', event);
  }

  string(field: string): string {
    const value = this.json[field];
    if (typeof value !== 'string') throw this.invalid(field, 'a string', kindOf(value));
    return value;
  }

  /** A timestamp string (`created_at`), checked to parse. */
  timestamp(field: string): string {
    const value = this.string(field);
    if (Number.isNaN(Date.parse(value))) throw this.invalid(field, 'a timestamp', 'a string that is not one');
    return value;
  }

  /** An array of strings; `absent` when the field is missing (added after the event's first version). */
  strings(field: string, absent: string[]): string[] {
    const value = this.json[field];
    if (value === undefined) return absent;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw this.invalid(field, 'an array of strings', kindOf(value));
    }
    return value;
  }

  /** A nested object, read the same way. */
  object(field: string): StoredPayload {
    const value = this.json[field];
    if (!isObject(value)) throw this.invalid(field, 'an object', kindOf(value));
    return new StoredPayload(value, `${this.path}${field}.`, this.event);
  }

  /** An object taken as it is (its keys vary), or undefined when missing. */
  optionalRecord(field: string): JsonObject | undefined {
    const value = this.json[field];
    if (value === undefined) return undefined;
    if (!isObject(value)) throw this.invalid(field, 'an object', kindOf(value));
    return value;
  }

  private invalid(field: string, expected: string, got: string): MalformedStoredEvent {
    return new MalformedStoredEvent(
      `${this.event}: payload field ${this.path}${field} must be ${expected}, got ${got}`,
    );
  }
}

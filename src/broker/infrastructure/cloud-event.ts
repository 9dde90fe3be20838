/** A CloudEvents 1.0 event in the JSON format (structured mode). */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  /** Extension attribute: the organization the event belongs to (for a transfer: the one it left). */
  organizationid: string;
  data: Record<string, unknown>;
}

/** The subject an event type is published on: `<prefix>.<type>`, e.g. `instances.events.instance.created`. */
export const subjectOf = (prefix: string, type: string) => `${prefix}.${type}`;

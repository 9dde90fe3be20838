/** The public face of the events module: what webhooks and the broker relay import. */
export { eventIri, PublicEvents } from './application/public-events.js';
export { EventsModule } from './events.module.js';

/**
 * The public face of the instances module: what other modules may import. A module that reacts to
 * instance events imports the event classes from here and nothing else from src/instances.
 */
export { InstanceCreated } from './domain/instance-created.event.js';
export {
  InstanceDeleted,
  InstanceOrganizationAuthorized,
  InstanceOrganizationUnauthorized,
  InstanceRenamed,
  InstanceTransferred,
} from './domain/instance-lifecycle.events.js';

/** The public face of the instance-activity module: what other modules may import. */
export { InstanceActivityModule } from './instance-activity.module.js';

/** The public face of the health module: what other modules may import. */
export { HealthModule } from './health.module.js';

/** The public face of the identity module: what other modules may import. */
export { IdentityModule } from './identity.module.js';

/** Which store the config names (defined in core/, so that config/ resolves it without importing store/). */
export type { StoreTarget } from '../core/store-target.js';
export { describeStoreTarget, redactStoreUrl } from '../core/store-target.js';

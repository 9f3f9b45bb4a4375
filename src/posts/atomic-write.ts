/** Moved to io/; remove once scaffold imports it from there. */
export {
  removeStaleTempFiles,
  writeFileAtomic,
  type AtomicWriteOptions,
  type WriteStatus,
} from '../io/atomic-write.js';

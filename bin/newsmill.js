#!/usr/bin/env node
import module from 'node:module';

// Node keeps compiled code of the bundle in its compile cache (the folder NODE_COMPILE_CACHE names,
// else its own node-compile-cache folder in the temp directory; NODE_DISABLE_COMPILE_CACHE=1 turns
// it off): compiling the bundle is a fifth of a one-new-item build. The bundle is imported only
// after, because a static import would load it first.
module.enableCompileCache?.();
await import('../dist/bundle/main.js');

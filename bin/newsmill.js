#!/usr/bin/env node
import module from 'node:module';

// File system calls wait in libuv's thread pool, 4 threads unless told otherwise, and a publish's
// fsyncs and file creations block there on the file system's journal: with 16 threads more of them
// wait at once (20,000 Hexo posts: 7.9 s against 5.9 s, bench/RESULTS.md). Read when the pool
// starts, on its first task, so it is set before anything else runs; a value the user set wins.
process.env.UV_THREADPOOL_SIZE ??= '16';

// Node keeps compiled code of the bundle in its compile cache (the folder NODE_COMPILE_CACHE names,
// else its own node-compile-cache folder in the temp directory; NODE_DISABLE_COMPILE_CACHE=1 turns
// it off): compiling the bundle is a fifth of a one-new-item build. The bundle is imported only
// after, because a static import would load it first.
module.enableCompileCache?.();
await import('../dist/bundle/main.js');

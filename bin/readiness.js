#!/usr/bin/env node
// The compiled CLI lives in dist/ (`npm run build`); this shim keeps `bin` stable across builds.
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('readiness: the compiled code is missing; run `npm run build` first.');
    process.exit(1);
  }
  throw err;
});

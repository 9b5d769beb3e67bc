#!/usr/bin/env node
// Committed launcher so npm links the `bench` bin at install time, before `dist/` is built.
import('../dist/bin.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    console.error('bench: @bench/cli is not built yet; run `npm run build` at the repository root.');
    process.exit(1);
  }
  throw error;
});

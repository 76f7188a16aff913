import { defineConfig } from '@hey-api/openapi-ts';

// The API contract is exported by the backend (`python -m api.cli export-openapi`) and committed.
// KUMPPANI_CLIENT_OUT lets scripts/check-client.mjs generate into a temporary directory.
export default defineConfig({
  input: process.env.KUMPPANI_OPENAPI ?? '../openapi/openapi.json',
  output: {
    path: process.env.KUMPPANI_CLIENT_OUT ?? 'src/client',
  },
  plugins: ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'],
});

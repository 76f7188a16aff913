// Fails when src/client differs from what @hey-api/openapi-ts generates from ../openapi/openapi.json.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(root, 'src', 'client');
const spec = process.env.KUMPPANI_OPENAPI ?? join(root, '..', 'openapi', 'openapi.json');
if (!existsSync(spec)) {
  console.error(`check-client: OpenAPI document not found at ${spec}`);
  process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), 'kumppani-client-'));
const out = join(tmp, 'client');

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

try {
  execFileSync(join(root, 'node_modules', '.bin', 'openapi-ts'), [], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, KUMPPANI_CLIENT_OUT: out, KUMPPANI_OPENAPI: spec },
  });
  const expected = new Map(walk(out).map((p) => [relative(out, p), readFileSync(p, 'utf8')]));
  const actual = new Map(walk(committed).map((p) => [relative(committed, p), readFileSync(p, 'utf8')]));
  const problems = [];
  for (const [file, text] of expected) {
    if (!actual.has(file)) problems.push(`missing: src/client/${file}`);
    else if (actual.get(file) !== text) problems.push(`differs: src/client/${file}`);
  }
  for (const file of actual.keys()) if (!expected.has(file)) problems.push(`extra: src/client/${file}`);
  if (problems.length > 0) {
    console.error('check-client: the generated API client is out of date with openapi/openapi.json:');
    for (const p of problems) console.error(`  ${p}`);
    console.error('Run `npm run generate` in frontend/ and commit src/client.');
    process.exit(1);
  }
  console.log(`check-client: src/client matches ${relative(root, spec)} (${expected.size} files)`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

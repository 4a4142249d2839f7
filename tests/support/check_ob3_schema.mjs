// Checks a JSON document against the Open Badges 3.0 schemas in tests/support/ob3 with an
// independent JSON Schema validator (npm ajv + ajv-formats), not the server's code.
// Usage: node check_ob3_schema.mjs credential|profile JSON_FILE
// Prints "valid" and exits 0, or prints each violation (its path and message) and exits 1.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', '..', 'web', 'package.json'));
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const [which, file] = process.argv.slice(2);
const schemas = { credential: 'achievementcredential.schema.json', profile: 'profile.schema.json' };
if (!schemas[which] || !file) {
  console.log('usage: check_ob3_schema.mjs credential|profile JSON_FILE');
  process.exit(2);
}
// Strict about the schemas themselves (an unknown keyword is an error); open tuples such as @context are meant.
const ajv = new Ajv2020({ allErrors: true, strictSchema: true, strictTuples: false, strictTypes: false });
addFormats(ajv);
for (const name of Object.values(schemas)) {
  const schema = JSON.parse(readFileSync(join(here, 'ob3', name), 'utf8'));
  ajv.addSchema(schema, name);
}
const validate = ajv.getSchema(schemas[which]);
const doc = JSON.parse(readFileSync(file, 'utf8'));
if (validate(doc)) {
  console.log('valid');
} else {
  for (const e of validate.errors) console.log(`${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  process.exit(1);
}

// Checks the REST API's OpenAPI document and the API's answers against it, with independent
// implementations (npm @seriousme/openapi-schema-validator for the document, ajv for the
// answers), not the server's code.
// Usage: node check_openapi.mjs DOCUMENT [ANSWERS]
//   DOCUMENT: the served openapi.json; ANSWERS: a JSON array of
//   {method, path, status, type, body} as the HTTP tests received them.
// Prints "valid" and exits 0, or prints each violation and exits 1.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', '..', 'web', 'package.json'));
const { Validator } = await import(require.resolve('@seriousme/openapi-schema-validator'));
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const [docFile, answersFile] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(docFile, 'utf8'));
const problems = [];

const validator = new Validator();
const res = await validator.validate(doc);
if (!res.valid) problems.push('document: ' + JSON.stringify(res.errors));
if (validator.version !== '3.1') problems.push('document: not OpenAPI 3.1 but ' + validator.version);

if (answersFile) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema({ $id: 'doc', components: doc.components });
  const routes = Object.entries(doc.paths).map(([template, item]) => ({
    template,
    item,
    re: new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$'),
  }));
  const answers = JSON.parse(readFileSync(answersFile, 'utf8'));
  const seen = new Set();
  for (const a of answers) {
    const where = `${a.method} ${a.path} -> ${a.status}`;
    const path = a.path.split('?')[0];
    // The most specific template: literal segments beat parameters (/roles/remove before /{person}).
    const matches = routes.filter((r) => r.re.test(path) && r.item[a.method.toLowerCase()]);
    const params = (t) => (t.match(/\{/g) || []).length;
    matches.sort((x, y) => params(x.template) - params(y.template));
    const route = matches[0];
    if (!route) {
      problems.push(`${where}: no such operation in the document`);
      continue;
    }
    const op = route.item[a.method.toLowerCase()];
    seen.add(`${a.method.toLowerCase()} ${route.template}`);
    const answer = op.responses[String(a.status)];
    if (!answer) {
      problems.push(`${where}: status not in the document`);
      continue;
    }
    const content = answer.$ref ? doc.components.responses[answer.$ref.split('/').pop()].content : answer.content;
    if (!content) {
      if (a.body !== '') problems.push(`${where}: a body where the document has none`);
      continue;
    }
    const type = (a.type || '').split(';')[0].trim();
    if (!content[type]) {
      problems.push(`${where}: content type ${type} not in the document`);
      continue;
    }
    let body;
    try {
      body = JSON.parse(a.body);
    } catch {
      problems.push(`${where}: body is not JSON`);
      continue;
    }
    const schema = JSON.parse(JSON.stringify(content[type].schema).replaceAll('"#/components/', '"doc#/components/'));
    const validate = ajv.compile(schema);
    if (!validate(body)) problems.push(`${where}: ${ajv.errorsText(validate.errors)} in ${a.body.slice(0, 300)}`);
  }
  for (const r of routes)
    for (const m of Object.keys(r.item))
      if (!seen.has(`${m} ${r.template}`)) problems.push(`${m.toUpperCase()} ${r.template}: never answered in the tests`);
}

if (problems.length) {
  for (const p of problems) console.log(p);
  process.exit(1);
}
console.log('valid');

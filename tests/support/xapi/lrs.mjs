// A small xAPI statement endpoint for the tests (tests/http/xapi_test.cpp): it takes
// POST {base}/statements like a Learning Record Store, checks Basic auth and the
// X-Experience-API-Version header, validates every statement with an independent
// implementation of the xAPI 1.0.3 rules (npm @learninglocker/xapi-validation), and keeps the
// statements it accepted. Like Learning Locker, it answers 409 to a batch holding an id it
// already has, and keeps the first copy.
//
// Usage: node lrs.mjs [PORT]   (listens on 127.0.0.1, a free port when none is given, and
// prints "port=N pid=P"). It exits when its standard input closes, so a test that dies leaves
// no endpoint behind.
// Control: GET /control/mode?down=1 answers 503 to every POST until ?down=0;
// GET /control/statements lists what was accepted, refused and how often it was asked;
// GET /control/reset forgets everything.
import http from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(join(root, 'web', 'package.json'));
const validate = require('@learninglocker/xapi-validation').default;

export const KEY = 'lrs-key';
export const SECRET = 'lrs-secret';
const BASE = '/xapi';

let down = false;
let accepted = new Map();  // id -> statement
let order = [];            // ids in the order accepted
let refused = [];          // {status, reason, statements}
let posts = 0;

function reply(res, status, body) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'X-Experience-API-Version': '1.0.3',
  });
  res.end(text);
}

function authorised(req) {
  const want = 'Basic ' + Buffer.from(`${KEY}:${SECRET}`).toString('base64');
  return req.headers.authorization === want;
}

function statements(req, res, body) {
  posts++;
  if (down) return reply(res, 503, { error: 'the store is down for the test' });
  if (!authorised(req)) return reply(res, 401, { error: 'bad credentials' });
  if (req.headers['x-experience-api-version'] !== '1.0.3') return reply(res, 400, { error: 'X-Experience-API-Version 1.0.3 expected' });
  if (!(req.headers['content-type'] || '').startsWith('application/json')) return reply(res, 400, { error: 'JSON expected' });
  let parsed;
  try {
    parsed = JSON.parse(body);
  } catch {
    return reply(res, 400, { error: 'malformed JSON' });
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const problems = [];
  list.forEach((s, i) => {
    for (const w of validate(s)) problems.push({ index: i, path: (w.path || []).join('.'), message: String(w.message || w.constructor.name) });
    if (typeof s.id !== 'string') problems.push({ index: i, path: 'id', message: 'the platform must set the id' });
  });
  if (problems.length) {
    refused.push({ status: 400, reason: 'invalid', problems, statements: list });
    return reply(res, 400, { error: 'invalid statements', problems });
  }
  const ids = list.map((s) => s.id);
  if (new Set(ids).size !== ids.length) return reply(res, 400, { error: 'the same id twice in one batch' });
  const known = ids.filter((id) => accepted.has(id));
  if (known.length) {
    refused.push({ status: 409, reason: 'conflict', ids: known });
    return reply(res, 409, { error: 'statements already stored', ids: known });
  }
  for (const s of list) {
    accepted.set(s.id, s);
    order.push(s.id);
  }
  return reply(res, 200, ids);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    if (req.method === 'POST' && url.pathname === `${BASE}/statements`) return statements(req, res, body);
    if (url.pathname === '/control/mode') {
      down = url.searchParams.get('down') === '1';
      return reply(res, 200, { down });
    }
    if (url.pathname === '/control/reset') {
      accepted = new Map(); order = []; refused = []; posts = 0; down = false;
      return reply(res, 200, {});
    }
    if (url.pathname === '/control/statements')
      return reply(res, 200, { statements: order.map((id) => accepted.get(id)), refused, posts });
    reply(res, 404, { error: 'not found' });
  });
});

server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  process.stdout.write(`port=${server.address().port} pid=${process.pid}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));

// A deliberately misbehaving OpenID provider for the HTTP tests (tests/http/sso_test.cpp): it
// answers the code flow like a provider, but its ID token is whatever the test asks for — a
// wrong issuer or audience, another nonce, expired, unsigned (`alg: none`), HMAC-signed with
// its public key, signed by a key it does not publish — so that each refusal is tested against
// real signatures made by an independent JOSE implementation (npm `jose`).
//
// Usage: node rogue.mjs   (listens on a free loopback port and prints "port=N pid=P")
// Control: GET /mode?name=MODE&sub=S&email=E&verified=1|0&roles=R1,R2&org=SLUG sets what the next tokens look like.
// MODEs: good (RS256), es256, wrong_issuer, wrong_audience, wrong_nonce, expired, none, hs256,
// unknown_key, extra_audience, broken_discovery, discovery_other_issuer, plain_endpoints (discovery
// names a plain-http endpoint off this machine), userinfo_only (the ID token carries no e-mail;
// userinfo has it, for the same subject), userinfo_other_subject (userinfo speaks of someone else).
// Every token also carries the address as `contact`, a claim email_verified says nothing about.
// It exits when its standard input closes, so a test that dies leaves no provider behind.
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const jose = await import(pathToFileURL(join(root, 'web', 'node_modules', 'jose', 'dist', 'webapi', 'index.js')).href);

export const CLIENT_ID = 'rogue-client';
export const CLIENT_SECRET = 'rogue-secret';

const rsa = await jose.generateKeyPair('RS256', { extractable: true });
const ec = await jose.generateKeyPair('ES256', { extractable: true });
const stranger = await jose.generateKeyPair('RS256', { extractable: true });
const jwks = {
  keys: [
    { ...(await jose.exportJWK(rsa.publicKey)), kid: 'rsa-1', use: 'sig', alg: 'RS256' },
    { ...(await jose.exportJWK(ec.publicKey)), kid: 'ec-1', use: 'sig', alg: 'ES256' },
  ],
};
const rsaPem = await jose.exportSPKI(rsa.publicKey);

let mode = { name: 'good', sub: 'rogue-subject', email: 'rogue@example.org', verified: true };
const codes = new Map();  // code -> { nonce, challenge, redirect_uri, used }
let issuer = '';

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function idToken(nonce) {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: issuer, aud: CLIENT_ID, sub: mode.sub, nonce, iat: now, exp: now + 300,
    email: mode.email, email_verified: mode.verified, name: 'Rosa Rogue', contact: mode.email,
  };
  if (mode.name.startsWith('userinfo_')) { delete claims.email; delete claims.contact; }
  if (mode.roles?.length) claims.roles = mode.roles;
  if (mode.org) claims.org = mode.org;
  switch (mode.name) {
    case 'wrong_issuer': claims.iss = 'http://127.0.0.1:1/other'; break;
    case 'wrong_audience': claims.aud = 'another-client'; break;
    case 'wrong_nonce': claims.nonce = 'not-the-nonce-that-was-sent'; break;
    case 'expired': claims.iat = now - 3600; claims.exp = now - 1800; break;
    case 'extra_audience': claims.aud = [CLIENT_ID, 'another-client']; break;  // no azp
  }
  if (mode.name === 'none') return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
  if (mode.name === 'hs256')
    return new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' }).sign(new TextEncoder().encode(rsaPem));
  if (mode.name === 'es256') return new jose.SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'ec-1' }).sign(ec.privateKey);
  if (mode.name === 'unknown_key')
    return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).sign(stranger.privateKey);
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).sign(rsa.privateKey);
}

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function readBody(req) {
  let data = '';
  for await (const chunk of req) data += chunk;
  return new URLSearchParams(data);
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, issuer);
  try {
    if (url.pathname === '/mode') {
      mode = {
        name: url.searchParams.get('name') ?? 'good',
        sub: url.searchParams.get('sub') ?? 'rogue-subject',
        email: url.searchParams.get('email') ?? 'rogue@example.org',
        verified: url.searchParams.get('verified') !== '0',
        roles: (url.searchParams.get('roles') ?? '').split(',').filter(Boolean),
        org: url.searchParams.get('org') ?? '',
      };
      return send(res, 200, { ok: true });
    }
    if (url.pathname === '/.well-known/openid-configuration') {
      if (mode.name === 'broken_discovery') return send(res, 200, '{"issuer": "' + issuer + '", "authorization_endpoint": ');
      return send(res, 200, {
        issuer: mode.name === 'discovery_other_issuer' ? issuer + '/elsewhere' : issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        end_session_endpoint: `${issuer}/logout`,
        userinfo_endpoint: `${issuer}/userinfo`,
        ...(mode.name === 'plain_endpoints' ? { token_endpoint: 'http://idp.example.org/token' } : {}),
        // Nothing listens on port 1: the code cannot be redeemed.
        ...(mode.name === 'token_unreachable' ? { token_endpoint: 'http://127.0.0.1:1/token' } : {}),
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      });
    }
    if (url.pathname === '/jwks') return send(res, 200, jwks);
    if (url.pathname === '/userinfo') {
      if (req.headers.authorization !== 'Bearer rogue-access') return send(res, 401, { error: 'invalid_token' });
      const sub = mode.name === 'userinfo_other_subject' ? 'someone-else' : mode.sub;
      return send(res, 200, { sub, email: mode.email, email_verified: mode.verified, name: 'Rosa Rogue' });
    }
    if (url.pathname === '/authorize') {
      const p = url.searchParams;
      if (p.get('client_id') !== CLIENT_ID || p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge'))
        return send(res, 400, { error: 'invalid_request' });
      const code = randomBytes(16).toString('base64url');
      codes.set(code, { nonce: p.get('nonce'), challenge: p.get('code_challenge'), redirect_uri: p.get('redirect_uri'), used: false });
      const back = new URL(p.get('redirect_uri'));
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state'));
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      if (mode.name === 'token_down') return send(res, 503, { error: 'temporarily_unavailable' });
      const form = await readBody(req);
      const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      if (auth !== `${CLIENT_ID}:${CLIENT_SECRET}`) return send(res, 401, { error: 'invalid_client' });
      const entry = codes.get(form.get('code'));
      if (!entry || entry.used) return send(res, 400, { error: 'invalid_grant' });
      entry.used = true;  // a code is good once: a replay is refused
      const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
      if (challenge !== entry.challenge || form.get('redirect_uri') !== entry.redirect_uri)
        return send(res, 400, { error: 'invalid_grant' });
      if (mode.name === 'token_without_id_token') return send(res, 200, { access_token: 'rogue-access', token_type: 'Bearer' });
      return send(res, 200, { id_token: await idToken(entry.nonce), access_token: 'rogue-access', token_type: 'Bearer' });
    }
    send(res, 404, { error: 'not_found' });
  } catch (e) {
    send(res, 500, { error: String(e) });
  }
});

server.listen(0, '127.0.0.1', () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  console.log(`port=${server.address().port} pid=${process.pid}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
// The test holds our standard input: when it ends (the test finished or died), so do we.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

// A real OpenID Connect provider for the browser test (tests/e2e/sign_in_sso.mjs): npm `oidc-provider`
// on a loopback port, with one confidential client for cityskills and one test account.
//
// Usage: node provider.mjs PORT CITYSKILLS_BASE_URL
// The client: id "cityskills", secret "cityskills-test-secret", redirect URI
// BASE/sso/callback, sign-out redirect BASE/. The account: sign in with the login "ada" (the
// development login page takes any password) — Ada Lovelace, ada.sso@example.org, e-mail
// verified. Prints "ready ISSUER" once it listens.
import { generateKeyPairSync } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { default: Provider } = await import(
  pathToFileURL(join(root, 'web', 'node_modules', 'oidc-provider', 'lib', 'index.js')).href);

const [port, base] = process.argv.slice(2);
if (!port || !base) {
  console.error('usage: node provider.mjs PORT CITYSKILLS_BASE_URL');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

const accounts = {
  ada: { sub: 'ada', email: 'ada.sso@example.org', email_verified: true, name: 'Ada Lovelace' },
};

const key = (type, options, kid) => ({
  ...generateKeyPairSync(type, options).privateKey.export({ format: 'jwk' }), kid, use: 'sig',
});

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'cityskills',
    client_secret: 'cityskills-test-secret',
    redirect_uris: [`${base}/sso/callback`],
    post_logout_redirect_uris: [`${base}/`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [key('rsa', { modulusLength: 2048 }, 'rsa-test'), key('ec', { namedCurve: 'P-256' }, 'ec-test')] },
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return account; } };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The profile claims in the ID token too (cityskills also asks userinfo when they are not).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  cookies: { keys: ['cityskills-test-only-cookie-key'] },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
});
provider.on('server_error', (ctx, err) => console.error('oidc-provider:', err));

provider.listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));
process.on('SIGTERM', () => process.exit(0));

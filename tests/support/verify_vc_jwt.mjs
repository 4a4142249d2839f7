// Verifies a VC-JOSE JWT with an independent implementation (npm `jose`), not the server's code.
// Usage: node verify_vc_jwt.mjs JWT_FILE JWKS_FILE ISSUER
// Prints the credential's JSON payload and exits 0 when the signature verifies against a key of
// the set; prints the error and exits 1 otherwise.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const jose = await import(pathToFileURL(join(root, 'web', 'node_modules', 'jose', 'dist', 'webapi', 'index.js')).href);

const [jwtFile, jwksFile, issuer] = process.argv.slice(2);
const jwt = readFileSync(jwtFile, 'utf8').trim();
const jwks = jose.createLocalJWKSet(JSON.parse(readFileSync(jwksFile, 'utf8')));
try {
  const { payload, protectedHeader } = await jose.jwtVerify(jwt, jwks, {
    issuer,
    algorithms: ['EdDSA'],
    typ: 'vc+jwt',
  });
  if (!payload.type?.includes('OpenBadgeCredential')) throw new Error('not an OpenBadgeCredential');
  console.log(JSON.stringify({ header: protectedHeader, payload }));
} catch (e) {
  console.log(`${e.code ?? 'ERROR'}: ${e.message}`);
  process.exit(1);
}

// Verifies a VC-JOSE JWT with an independent implementation (npm `jose`), not the server's code.
// Usage: node verify_vc_jwt.mjs JWT_FILE JWKS_FILE ISSUER [STATUS_INDEX]
// Prints the credential's JSON payload and exits 0 when the signature verifies against a key of
// the set; prints the error and exits 1 otherwise. With STATUS_INDEX the JWT is a Bitstring
// Status List credential: it prints "bit=0" or "bit=1" for that index, decoded with node's zlib.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const jose = await import(pathToFileURL(join(root, 'web', 'node_modules', 'jose', 'dist', 'webapi', 'index.js')).href);

const [jwtFile, jwksFile, issuer, statusIndex] = process.argv.slice(2);
const jwt = readFileSync(jwtFile, 'utf8').trim();
const jwks = jose.createLocalJWKSet(JSON.parse(readFileSync(jwksFile, 'utf8')));
try {
  const { payload, protectedHeader } = await jose.jwtVerify(jwt, jwks, {
    issuer,
    algorithms: ['EdDSA'],
    typ: 'vc+jwt',
  });
  if (statusIndex !== undefined) {
    if (!payload.type?.includes('BitstringStatusListCredential')) throw new Error('not a status list');
    const encoded = payload.credentialSubject.encodedList;
    if (!encoded.startsWith('u')) throw new Error('encodedList is not multibase base64url');
    const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    if (bits.length * 8 < 131072) throw new Error('status list shorter than 131072 bits');
    const i = Number(statusIndex);
    console.log(`bit=${(bits[i >> 3] >> (7 - (i & 7))) & 1}`);
  } else {
    if (!payload.type?.includes('OpenBadgeCredential')) throw new Error('not an OpenBadgeCredential');
    console.log(JSON.stringify({ header: protectedHeader, payload }));
  }
} catch (e) {
  console.log(`${e.code ?? 'ERROR'}: ${e.message}`);
  process.exit(1);
}

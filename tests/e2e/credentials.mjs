// Browser test: certificates. The demo citizen holds a completed course: the certificate page,
// the PDF download, the public verification page, making it private (a visitor then gets 404)
// and public again, a pasted credential checked at /verify, the issuer's logo and signatory, the
// credential and the issuer's profile against the Open Badges 3.0 schema, and the issuer's list
// and certificate settings.
// axe-core checks every page visited (WCAG 2.1 A and AA) and must find nothing.
//
// Env: BASE_URL (running server), MAILDIR (SMTP sink folder), DB_LABEL (for the report).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { base, browser, check, audit, step, finish, stats, label } from './lib.mjs';

const schemaChecker = join(dirname(fileURLToPath(import.meta.url)), '..', 'support', 'check_ob3_schema.mjs');
// The Open Badges 3.0 schema check (tests/support/check_ob3_schema.mjs, npm ajv) of a JSON text.
function ob3Schema(which, json) {
  const file = join(mkdtempSync(join(tmpdir(), 'ob3-')), `${which}.json`);
  writeFileSync(file, json);
  try {
    execFileSync('node', [schemaChecker, which, file], { encoding: 'utf8' });
    return '';
  } catch (e) {
    return `${e.stdout}`.trim() || e.message;
  }
}

const password = 'cityskills-demo-2026';
const errors = [];

async function signIn(email) {
  const context = await browser.newContext({ locale: 'en-GB', acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4(04|22|13)/.test(m.text())) errors.push(m.text().slice(0, 300));
  });
  await page.goto(base + '/login');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.goto(base + '/?lang=en');  // the demo accounts' own language is Italian
  return page;
}

try {
  const citizen = await signIn('citizen@example.org');
  const visitor = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  let verifyUrl = '';

  await step('my certificates: the demo course, its PDF and its verification page', async () => {
    await citizen.goto(base + '/my/learning');
    await citizen.getByRole('link', { name: 'My certificates' }).click();
    await citizen.waitForURL('**/my/credentials');
    await audit(citizen, 'my certificates');
    const card = citizen.locator('main li.card').first();
    check(await card.isVisible(), 'the demo certificate is listed');
    const download = citizen.waitForEvent('download');
    await card.getByRole('link', { name: /Download the certificate \(PDF\)/ }).click();
    const pdf = await download;
    check(pdf.suggestedFilename().endsWith('.pdf'), 'a PDF is downloaded');
    await card.locator('h2 a').click();
    await citizen.waitForURL(/\/verify\/[a-z2-7]{26}$/);
    verifyUrl = citizen.url();
    await audit(citizen, 'verification page');
    check(await citizen.getByText('Valid.').isVisible(), 'the certificate is valid');
    // The issuing organisation's logo (drawn for the demo) and its signatory.
    const logo = citizen.locator('main img.cs-issuer-logo').first();
    check(await logo.isVisible(), 'the issuer\'s logo is shown');
    check(await logo.evaluate((img) => img.complete && img.naturalWidth > 0), 'the issuer\'s logo loads');
    check(await citizen.getByText('Signed by').first().isVisible(), 'the signatory is named');
  });

  await step('the demo credential and its issuer profiles pass the Open Badges 3.0 schema', async () => {
    const jwt = await (await visitor.request.get(verifyUrl + '/credential.jwt')).text();
    const payload = Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8');
    const credentialErrors = ob3Schema('credential', payload);
    check(credentialErrors === '', `credential: ${credentialErrors}`);
    const creator = JSON.parse(payload).credentialSubject.achievement.creator;
    check(creator?.image?.type === 'Image', 'the creator profile has an Image');
    const profile = await (await visitor.request.get(creator.id)).text();
    const profileErrors = ob3Schema('profile', profile);
    check(profileErrors === '', `organisation profile: ${profileErrors}`);
    check((await visitor.request.get(JSON.parse(profile).image.id)).ok(), 'the profile\'s image loads');
  });

  await step('private: a visitor gets 404; public again: the page is back', async () => {
    await citizen.goto(base + '/my/credentials');
    await citizen.getByRole('button', { name: /Make private/ }).first().click();
    await citizen.waitForURL('**/my/credentials');
    const hidden = await visitor.goto(verifyUrl);
    check(hidden.status() === 404, 'private: 404 for a visitor');
    await audit(visitor, 'private certificate (404)');
    await citizen.getByRole('button', { name: /Make public/ }).first().click();
    await citizen.waitForURL('**/my/credentials');
    const shown = await visitor.goto(verifyUrl);
    check(shown.status() === 200, 'public again: 200');
  });

  await step('a pasted credential is checked at /verify', async () => {
    const jwt = await (await visitor.request.get(verifyUrl + '/credential.jwt')).text();
    await visitor.goto(base + '/verify');
    await audit(visitor, 'check a credential');
    await visitor.getByLabel('Credential (text)').fill(jwt);
    await visitor.getByRole('button', { name: 'Check' }).click();
    await visitor.getByText('The signature is genuine').waitFor();
    await audit(visitor, 'credential verdict');
    await visitor.getByLabel('Credential (text)').fill('not a credential');
    await visitor.getByRole('button', { name: 'Check' }).click();
    await visitor.getByText('Not a valid credential.').waitFor();
    await audit(visitor, 'credential refused');
  });

  await step('the issuing organisation sees what it issued', async () => {
    const admin = await signIn('admin@valverde.example.org');
    await admin.goto(base + '/credentials/issued');
    await audit(admin, 'certificates issued');
    check((await admin.locator('main tbody tr').count()) >= 1, 'the demo certificate is listed');
    await admin.locator('main tbody tr a').first().click();
    await admin.waitForURL(/\/revoke$/);
    await audit(admin, 'revoke form');
    await admin.goto(base + '/admin/organisations');
    await admin.getByRole('link', { name: 'Comune di Valverde', exact: true }).click();
    await admin.locator('#certificates').waitFor();
    check(await admin.getByLabel('Name of the signatory').inputValue() === 'Elena Martini', 'the demo signatory');
    await audit(admin, 'organisation certificates');
  });

  await step('no errors in the browser console (CSP included)', async () => {
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  });
} catch (e) {
  if (!stats.failed) {
    stats.failed = 1;
    console.error(`FAIL ${label}: ${e.message}`);
  }
}
await finish();

// Browser test of single sign-on through a real OpenID Connect provider (npm `oidc-provider`,
// started by scripts/test.sh with tests/support/oidc/provider.mjs; OIDC_ISSUER names it): an
// administrator adds the provider (a plain-http issuer elsewhere is refused with an error; the
// secret is never shown again); a visitor signs in with it from the sign-in page — the
// provider's own login and consent pages, then back, with a new account linked to the
// identity shown on the profile; signing out offers the provider's sign-out, which comes back
// to the home page. Every cityskills page on the way passes axe-core. Named to run before
// signup_notice.mjs, which must stay last.
import { base, browser, check, audit, step, finish } from './lib.mjs';

const issuer = process.env.OIDC_ISSUER;
if (!issuer) {
  console.error('OIDC_ISSUER is required (scripts/test.sh starts the provider)');
  process.exit(2);
}
const demoPassword = 'cityskills-demo-2026';
const providerName = 'Valverde identity';

await step('an administrator adds the OpenID provider; a bad issuer is refused, the secret never shown', async () => {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(base + '/login');
  await page.locator('#email').fill('admin@valverde.example.org');
  await page.locator('#password').fill(demoPassword);
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname !== '/login');
  // The demo administrator reads Italian; the page is asked in English as the other tests do.
  await page.goto(base + '/admin?lang=en');
  await page.getByRole('link', { name: 'Single sign-on (OpenID Connect)' }).click();
  await page.waitForURL('**/admin/sso');
  await audit(page, 'single sign-on providers');
  await page.getByRole('link', { name: 'Add a provider' }).click();
  await page.getByLabel('Name shown on the button').fill(providerName);
  await page.getByLabel('Issuer URL').fill('http://id.example.org');
  await page.getByLabel('Client ID').fill('cityskills');
  await page.getByLabel('Client secret').fill('cityskills-test-secret');
  await page.getByRole('button', { name: 'Save provider' }).click();
  await page.locator('#error-summary').waitFor();
  check((await page.getByLabel('Issuer URL').getAttribute('aria-invalid')) === 'true', 'the issuer is marked');
  check((await page.getByLabel('Client ID').inputValue()) === 'cityskills', 'the input is kept');
  await audit(page, 'provider form with an error');
  await page.getByLabel('Issuer URL').fill(issuer);
  await page.getByLabel('Client secret').fill('cityskills-test-secret');
  await page.getByRole('button', { name: 'Save provider' }).click();
  await page.waitForURL('**/admin/sso');
  await page.getByRole('link', { name: providerName }).click();
  check((await page.getByLabel('Client secret').inputValue()) === '', 'the secret is not shown');
  check(!(await page.content()).includes('cityskills-test-secret'), 'the secret is nowhere on the page');
  await audit(page, 'provider form');
  await context.close();
});

await step('a visitor signs in through the provider and sees the linked identity; signing out offers the provider\'s', async () => {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(base + '/login');
  await audit(page, 'sign-in page with single sign-on');
  await page.getByRole('link', { name: `Sign in with ${providerName}` }).click();
  // The provider's own pages (oidc-provider's development login and consent).
  await page.waitForURL((u) => u.href.startsWith(issuer));
  await page.locator('input[name=login]').fill('ada');
  await page.locator('input[name=password]').fill('any-password');
  await page.locator('button[type=submit]').click();
  await page.locator('button:has-text("Continue")').click();
  await page.waitForURL((u) => u.href.startsWith(base));
  // A privacy notice published before this first sign-in is acknowledged first.
  if (new URL(page.url()).pathname === '/privacy/acknowledge') await page.locator('#acknowledge').click();
  await page.goto(base + '/profile');
  check((await page.locator('#display_name').inputValue()) === 'Ada Lovelace', 'the name came from the provider');
  const identities = page.getByRole('region', { name: 'Sign-in through identity providers' });
  check((await identities.getByText(providerName).count()) === 1, 'the identity is listed');
  check((await identities.getByRole('button', { name: /Remove/ }).count()) === 0, 'the only way in cannot be removed');
  await audit(page, 'profile with a linked identity');
  await page.locator('form[action="/logout"] button').click();
  await page.waitForURL('**/sso/signed-out/*');
  await audit(page, 'signed out, with the provider\'s sign-out offered');
  await page.getByRole('link', { name: 'Sign out at the identity provider too' }).click();
  await page.waitForURL((u) => u.href.startsWith(issuer));
  await page.locator('button[value=yes]').click();
  await page.waitForURL((u) => u.href === base + '/');
  await page.goto(base + '/profile');
  check(new URL(page.url()).pathname === '/login', 'signed out here');
  await context.close();
});

await finish();

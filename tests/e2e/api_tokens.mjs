// Browser test: API tokens. The demo citizen opens the tokens page from the profile, makes a
// personal token with one scope, sees it once, uses it on the REST API, and revokes it; a form
// without a scope is refused with the error summary. axe-core checks every page visited.
//
// Env: BASE_URL (running server), MAILDIR (SMTP sink folder), DB_LABEL (for the report).
import { base, browser, check, audit, step, finish } from './lib.mjs';

const password = 'cityskills-demo-2026';

try {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(base + '/login');
  await page.getByLabel('E-mail address').fill('citizen@example.org');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.goto(base + '/profile?lang=en');  // the demo accounts' own language is Italian
  let token = '';

  await step('a token without a scope is refused, with the error summary', async () => {
    await page.getByRole('link', { name: 'Manage API tokens' }).click();
    await page.waitForURL('**/api-tokens');
    await audit(page, 'API tokens');
    await page.getByLabel('Name', { exact: true }).fill('My spreadsheet');
    await page.getByRole('button', { name: 'Make the token' }).click();
    check((await page.locator('#scope-error').textContent()).includes('Choose at least one scope'), 'scope error shown');
    check((await page.getByLabel('Name', { exact: true }).inputValue()) === 'My spreadsheet', 'the name is kept');
    await audit(page, 'API tokens, refused form');
  });

  await step('a personal token is made, shown once and works on the API', async () => {
    // Bootstrap Italia draws its own checkboxes over the real ones: click the label, as people do.
    await page.locator('label[for="scope-courses-read"]').click();
    check(await page.getByLabel('Courses and paths — read').isChecked(), 'the scope is ticked');
    await page.getByLabel('Valid for').selectOption('30');
    await page.getByRole('button', { name: 'Make the token' }).click();
    token = await page.getByLabel('Copy it now: it will not be shown again.').inputValue();
    check(/^cs_[A-Za-z0-9_-]{43}$/.test(token), 'the token is shown');
    await audit(page, 'API token made');
    const r = await fetch(base + '/api/v1/courses?limit=1', { headers: { Authorization: 'Bearer ' + token } });
    check(r.status === 200, `the token reads the courses (${r.status})`);
    await page.goto(base + '/api-tokens');
    check(!(await page.content()).includes(token), 'the token is not shown again');
  });

  await step('the token is revoked and stops working', async () => {
    await page.getByRole('button', { name: 'Revoke My spreadsheet' }).click();
    await page.waitForURL('**/api-tokens');
    check(await page.getByText('The token has been revoked').isVisible(), 'revocation confirmed');
    const r = await fetch(base + '/api/v1/courses?limit=1', { headers: { Authorization: 'Bearer ' + token } });
    check(r.status === 401, `a revoked token is refused (${r.status})`);
    check((await r.json()).code === 'api.errors.token_revoked', 'as revoked');
  });
  await context.close();
} catch {
  // reported by step()
}
await finish();

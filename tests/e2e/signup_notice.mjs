// Browser test of the privacy notice administrators write: an administrator publishes one (an
// empty text is refused with an error, nothing published); sign-up links the version in force
// and refuses to go on until its box is ticked (by keyboard); after a new version is published,
// signing in leads to the acknowledgement page first — read and confirmed with the keyboard
// only and without JavaScript — and then to where the person was going; the data export is
// asked for and downloaded once the background job has built it. Every page passes axe-core.
//
// It publishes notices that every later sign-in must acknowledge, so it runs after the other
// browser tests (scripts/test.sh runs them in name order; keep this name last).
import { base, browser, check, audit, step, finish, waitForMail } from './lib.mjs';

const demoPassword = 'cityskills-demo-2026';
const email = `notice-${Date.now()}@example.org`;
const password = 'juniper-quarry-lantern';

async function signIn(context, who, pass) {
  const page = await context.newPage();
  await page.goto(base + '/login');
  await page.locator('#email').fill(who);
  await page.locator('#password').fill(pass);
  await page.locator('main form button[type=submit]').click();
  return page;
}

async function publish(page, text) {
  await page.goto(base + '/admin/privacy/notice?language=en');
  await page.locator('#lang').selectOption('en');
  await page.locator('#body').fill(text);
  await page.locator('button[value=publish]').click();
}

const admin = await browser.newContext({ locale: 'en-GB' });
let adminPage;

await step('an administrator publishes the privacy notice; an empty one is refused', async () => {
  adminPage = await signIn(admin, 'admin@valverde.example.org', demoPassword);
  await adminPage.waitForURL((u) => u.pathname !== '/login');
  await publish(adminPage, '');
  await adminPage.locator('#error-summary').waitFor();
  check((await adminPage.locator('#body').getAttribute('aria-invalid')) === 'true', 'the text field is marked');
  await audit(adminPage, 'privacy notice editor with an error');
  await publish(adminPage, '## Who we are\n\nThe City of Valverde runs this platform.\n\n## Your rights\n\nWrite to the DPO.');
  await adminPage.waitForURL((u) => u.pathname === '/admin/privacy/notice');
  check((await adminPage.locator('main a[href^="/privacy/versions/"]').count()) >= 1, 'the version is listed');
  await audit(adminPage, 'privacy notice editor');
});

await step('sign-up shows the notice in force and needs its box ticked', async () => {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(base + '/signup');
  const link = page.getByRole('link', { name: /Read the privacy notice \(version \d+ of/ });
  check(await link.isVisible(), 'the version in force is linked');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Your name').fill('Noor Privacy');
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.locator('#error-summary').waitFor();
  check(await page.getByText('Tick the box to confirm').first().isVisible(), 'the box is required');
  await audit(page, 'sign-up without the notice accepted');
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('I have read the privacy notice and accept it').focus();
  await page.keyboard.press('Space');
  check(await page.getByLabel('I have read the privacy notice and accept it').isChecked(), 'ticked by keyboard');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/signup/check-email');
  const mail = await waitForMail(email);
  const verify = /(https?:\/\/\S+\/verify-email\?token=\S+)/.exec(mail.body)?.[1];
  check(verify, 'verification link in the mail');
  await page.goto(verify);
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await page.waitForURL('**/login');
  await context.close();
});

await step('a new version is acknowledged at the next sign-in, by keyboard and without JavaScript', async () => {
  await publish(adminPage, '## Who we are\n\nThe City of Valverde runs this platform.\n\n## What changed\n\nEvents now keep attendance.');
  await adminPage.waitForURL((u) => u.pathname === '/admin/privacy/notice');
  const context = await browser.newContext({ locale: 'en-GB', javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base + '/login?next=/events');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === '/privacy/acknowledge');
  check((await page.locator('h1').textContent()).trim() === 'The privacy notice has changed', 'the acknowledgement page');
  check(await page.getByText('Events now keep attendance.').isVisible(), 'the new text is shown');
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = ((await page.locator(':focus').textContent()) || '').trim() === 'I have read it, continue';
  }
  check(reached, 'the button is reached with Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === '/events');
  await page.goto(base + '/');
  check(new URL(page.url()).pathname === '/', 'not asked again');
  await context.close();
});

await step('the acknowledgement page passes axe-core', async () => {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await signIn(context, 'citizen@example.org', demoPassword);
  await page.waitForURL((u) => u.pathname === '/privacy/acknowledge');
  await audit(page, 'privacy notice acknowledgement');
  await page.locator('#acknowledge').click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.goto(base + '/privacy');
  check(await page.getByText('What changed').isVisible(), '/privacy shows the version in force');
  await audit(page, 'privacy notice written by the administrators');
  await page.locator('main a[href="/privacy/versions"]').click();
  await audit(page, 'privacy notice versions');

  // The data export: asked for, prepared in the background, offered on the same page.
  await page.goto(base + '/my/data');
  await page.locator('form[action="/my/data/export"] button').click();
  await page.waitForURL((u) => u.pathname === '/my/data');
  let ready = false;
  for (let i = 0; i < 50 && !ready; i++) {
    ready = (await page.locator('a[href^="/my/data/exports/"]').count()) > 0;
    if (!ready) { await new Promise((r) => setTimeout(r, 200)); await page.reload(); }
  }
  check(ready, 'the zip is offered on the page');
  await audit(page, 'your data with a file ready');
  const [download] = await Promise.all([page.waitForEvent('download'),
                                        page.locator('a[href^="/my/data/exports/"]').first().click()]);
  check(download.suggestedFilename().endsWith('.zip'), 'a zip is downloaded');
  await context.close();
  await admin.close();
});

await finish();

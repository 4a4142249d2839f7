// Browser test: good practices and shared resources. A citizen submits a practice with an
// attachment (first with errors), the organisation's admin approves it from the moderation
// queue, the citizen marks "we did this too" and comments; an author shares a resource.
// axe-core checks every page visited (WCAG 2.1 A and AA) and must find nothing.
//
// Env: BASE_URL (running server), MAILDIR (SMTP sink folder), DB_LABEL (for the report).
import { base, browser, check, audit, step, finish, stats, label } from './lib.mjs';

const password = 'cityskills-demo-2026';

async function signIn(email) {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4(22|15|13)/.test(m.text())) errors.push(m.text().slice(0, 300));
  });
  await page.goto(base + '/login');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.goto(base + '/?lang=en');  // the demo accounts' own language is Italian
  return page;
}

const errors = [];
try {
  const title = `Tablet lending at the market ${Date.now()}`;
  const visitor = await (await browser.newContext({ locale: 'en-GB' })).newPage();

  await step('practices list, filters and a practice page, accessible', async () => {
    await visitor.goto(base + '/practices');
    await audit(visitor, 'practices list');
    check((await visitor.locator('main li.card').count()) >= 6, 'at least six demo practices');
    await visitor.getByLabel('Competence area').selectOption('4');
    await visitor.getByRole('button', { name: 'Show practices' }).click();
    await visitor.waitForURL('**/practices?area=4**');
    await audit(visitor, 'practices filtered');
    await visitor.locator('main li.card h2 a').first().click();
    await visitor.waitForURL(/\/practices\/\d+$/);
    await audit(visitor, 'practice page');
    check(await visitor.getByRole('link', { name: 'Sign in to say “we did this too”' }).isVisible(), 'sign-in prompt');
  });

  const citizen = await signIn('citizen@example.org');
  let practiceUrl = '';
  await step('submit a practice: errors first, then with an attachment', async () => {
    await citizen.goto(base + '/practices/new');
    await audit(citizen, 'practice form');
    await citizen.getByLabel('Title').fill(title);
    await citizen.getByRole('button', { name: 'Send for review' }).click();
    await citizen.locator('#error-summary').waitFor();
    check((await citizen.getByLabel('Title').inputValue()) === title, 'title kept on error');
    await audit(citizen, 'practice form with errors');
    await citizen.getByLabel('Organisation').selectOption({ label: 'Comune di Valverde' });
    await citizen.getByLabel('The problem').fill('Older people at the **market** never visit the library.');
    await citizen.getByLabel('What was done').fill('A facilitator with two tablets at the Tuesday market.');
    await citizen.getByLabel('Results', { exact: true }).fill('45 people helped in the first month.');
    await citizen.getByLabel('Key figures').fill('45 people\n4 markets');
    await citizen.getByLabel('Lessons learned').fill('Go where people already are.');
    // Nothing is preset: the author gives cost, effort, size and country.
    await citizen.getByLabel('Cost').selectOption('under_10k');
    await citizen.getByLabel('Effort').selectOption('low');
    await citizen.getByLabel('Municipality size').selectOption('10k_50k');
    await citizen.getByLabel('Country').selectOption('IT');
    await citizen.locator('label[for="area-2"]').click();  // Bootstrap Italia draws the box on the label
    await citizen.locator('label[for="theme-seniors"]').click();
    check(await citizen.getByLabel('Older people').isChecked(), 'theme checked');
    await citizen.getByLabel('Attachment (optional)').setInputFiles({
      name: 'flyer.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    });
    await citizen.getByRole('button', { name: 'Send for review' }).click();
    await citizen.waitForURL(/\/practices\/\d+$/);
    practiceUrl = citizen.url();
    check(await citizen.getByText('This practice is waiting for review').isVisible(), 'pending banner');
    check(await citizen.getByRole('link', { name: 'flyer.pdf' }).isVisible(), 'attachment listed');
    await audit(citizen, 'pending practice');
    const hidden = await visitor.goto(practiceUrl);
    check(hidden.status() === 404, 'invisible to visitors before approval');
  });

  await step('the organisation approves it from the moderation queue', async () => {
    const admin = await signIn('admin@valverde.example.org');
    await admin.goto(base + '/practices/moderation');
    await audit(admin, 'moderation queue');
    await admin.getByRole('link', { name: title }).click();
    await admin.locator('label[for="decision-approve"]').click();
    await admin.getByLabel('Reason').fill('Clear and useful, thank you.');
    await admin.getByRole('button', { name: 'Record the decision' }).click();
    await admin.waitForURL(practiceUrl);
    check(await admin.getByText('The practice has been published.').isVisible(), 'published message');
    await audit(admin, 'approved practice');
    const shown = await visitor.goto(practiceUrl);
    check(shown.status() === 200, 'public after approval');
  });

  await step('mark "we did this too" and comment', async () => {
    await citizen.goto(practiceUrl);
    await citizen.getByRole('button', { name: 'We did this too' }).click();
    await citizen.waitForURL(practiceUrl);
    check(await citizen.getByText('1 person did this too').isVisible(), 'count shown');
    await citizen.getByLabel('Your comment').fill('We started in **two** markets.');
    await citizen.getByRole('button', { name: 'Post comment' }).click();
    await citizen.waitForURL('**#comments');
    check(await citizen.locator('#comments strong', { hasText: 'two' }).isVisible(), 'comment rendered as Markdown');
    await audit(citizen, 'practice with comment');
  });

  await step('shared resources: list, share one with a link, see it', async () => {
    await visitor.goto(base + '/resources');
    await audit(visitor, 'resources list');
    const author = await signIn('author@valverde.example.org');
    await author.goto(base + '/resources/new');
    await audit(author, 'resource form');
    const name = `Checklist for facilitators ${Date.now()}`;
    await author.getByLabel('Title').fill(name);
    await author.getByLabel('Description').fill('What to prepare before a **session**.');
    await author.getByLabel('Link (http or https)').fill('javascript:alert(1)');
    await author.getByRole('button', { name: 'Save' }).click();
    await author.locator('#error-summary').waitFor();
    await audit(author, 'resource form with errors');
    await author.getByLabel('Link (http or https)').fill('https://valverde.example.org/checklist');
    await author.getByRole('button', { name: 'Save' }).click();
    await author.waitForURL(/\/resources\/\d+$/);
    check(await author.getByRole('heading', { level: 1, name }).isVisible(), 'resource page');
    await audit(author, 'resource page');
  });

  await step('no errors in the browser console (CSP included)', async () => {
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  });
} catch (e) {
  // Steps report their own failures; a failure outside any step (a sign-in) counts too.
  if (!stats.failed) {
    stats.failed = 1;
    console.error(`FAIL ${label}: ${e.message}`);
  }
}
await finish();

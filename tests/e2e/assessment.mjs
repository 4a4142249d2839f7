// Browser test of "How digital are you?": from the main navigation through all five areas
// (going back once to see the answers kept), the result's chart and its table, a
// recommendation followed, signing in from the result to keep it, the history, and the
// pages of organisation admins and authors. axe-core audits every page and must find nothing.
//
// Env: BASE_URL (running server), MAILDIR (SMTP sink folder), DB_LABEL (for the report).
import { base, browser, check, audit, step, finish } from './lib.mjs';

const password = 'cityskills-demo-2026';

// Answers one area: the weakest choices in `weakArea`, good ones elsewhere. Self-evaluation
// statements have five options, knowledge questions three (true, false, don't know).
async function answerArea(page, n, weakArea) {
  for (const set of await page.locator('main fieldset').all()) {
    const options = set.locator('input[type=radio]');
    const count = await options.count();
    const pick = count === 5 ? (n === weakArea ? 0 : 3) : n === weakArea ? 2 : 0;
    await set.locator('label').nth(pick).click();
  }
}

try {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 422/.test(m.text())) errors.push(m.text().slice(0, 300));
  });
  let resultUrl = '';

  await step('assessment: start from the main navigation and the home page call to action', async () => {
    await page.goto(base + '/');
    check(await page.getByRole('link', { name: 'Take the “How digital are you?” test' }).isVisible(), 'call to action on home');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'How digital are you?' }).click();
    await page.waitForURL('**/assessment');
    await audit(page, 'assessment intro');
    await page.getByRole('button', { name: 'Start the test' }).click();
    await page.waitForURL('**/assessment/area/1');
    await audit(page, 'assessment area');
    check((await page.locator('progress').getAttribute('value')) === '1', 'progress bar at area 1');
  });

  await step('assessment: answer area by area, go back and find the answers kept', async () => {
    await answerArea(page, 1, 4);
    const checked = await page.locator('main input[type=radio]:checked').count();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL('**/assessment/area/2');
    await page.getByRole('button', { name: 'Save and go back' }).click();
    await page.waitForURL('**/assessment/area/1');
    check((await page.locator('main input[type=radio]:checked').count()) === checked, 'answers of area 1 kept');
    await page.reload();
    check((await page.locator('main input[type=radio]:checked').count()) === checked, 'kept after a refresh');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    for (let n = 2; n <= 5; n++) {
      await page.waitForURL(`**/assessment/area/${n}`);
      await answerArea(page, n, 4);
      await page.getByRole('button', { name: n === 5 ? 'See my result' : 'Save and continue' }).click();
    }
    await page.waitForURL('**/assessment/result/*');
    resultUrl = page.url();
    await audit(page, 'assessment result');
  });

  await step('assessment: the chart and its table tell the same levels', async () => {
    const rows = page.locator('#levels-table tbody tr');
    check((await rows.count()) === 5, 'five areas in the table');
    const desc = await page.locator('svg[role=img] desc').textContent();
    for (let i = 0; i < 5; i++) {
      const level = Number(await rows.nth(i).locator('td').first().textContent());
      check(level >= 1 && level <= 8, `area ${i + 1} has a level 1-8`);
      check(desc.includes(`level ${level} of 8`), `the chart describes area ${i + 1} at level ${level}`);
    }
    const safety = Number(await rows.nth(3).locator('td').first().textContent());
    const info = Number(await rows.nth(0).locator('td').first().textContent());
    check(safety < info, 'the weak answers show in safety');
    check((await page.locator('#weakest li').first().textContent()).startsWith('4.1 Protecting devices'), 'the path starts with safety');
    check((await page.locator('#path-intro').count()) === 1, 'the path is introduced once');
  });

  await step('assessment: follow a recommended course and see the recommended events', async () => {
    // The demo catalogue tags foundation courses with 4.1 and 4.2: the weak safety answers
    // lead there.
    const links = page.locator('#recommended-courses a');
    check((await links.count()) >= 1, 'at least one course recommended');
    for (const link of await links.all())
      check(/^\/courses\/\d+$/.test(await link.getAttribute('href')), 'course links point at course pages');
    const events = page.locator('section[aria-labelledby=path-heading] a[href^="/events/"]');
    check((await events.count()) >= 1, 'an upcoming safety event recommended');
    const title = (await links.first().textContent()).trim();
    await links.first().click();
    await page.waitForURL('**/courses/*');
    check((await page.locator('h1').textContent()).includes(title), 'the recommended course opens');
    await audit(page, 'recommended course');
  });

  await step('assessment: sign in from the result to keep it, then see the history', async () => {
    await page.goto(resultUrl);
    await page.getByRole('region', { name: 'Want to keep this result?' }).getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('E-mail address').fill('citizen@example.org');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(resultUrl);
    // The demo citizen reads Italian: locate by address rather than by words from here on.
    check((await page.locator('#keep-heading').count()) === 0, 'kept: no longer offered');
    await page.locator('main a[href="/assessment/history"]').click();
    await page.waitForURL('**/assessment/history');
    check((await page.locator('#history-table tbody a').count()) >= 1, 'the attempt is in the history');
    await audit(page, 'assessment history');
    await page.locator('form[action="/logout"] button').click();
  });

  await step('assessment: organisation figures and the question bank', async () => {
    await page.goto(base + '/login');
    await page.getByLabel('E-mail address').fill('admin@valverde.example.org');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(base + '/');
    await page.goto(base + '/assessment');
    await page.locator('a[href="/assessment/org/valverde"]').click();
    await page.waitForURL('**/assessment/org/valverde');
    await audit(page, 'assessment organisation figures');
    await page.goto(base + '/assessment/manage');
    await audit(page, 'assessment question bank');
    await page.locator('main a[href^="/assessment/manage/"]').first().click();
    await audit(page, 'assessment questions');
    await page.locator('main a[href$="/questions/new"]').click();
    for (const lang of ['it', 'en', 'de', 'sv', 'fi']) await page.locator(`#prompt_${lang}`).fill('');
    await page.locator('main form button[type=submit]').click();
    await page.locator('#error-summary').waitFor();
    await audit(page, 'assessment question with errors');
    await page.locator('form[action="/logout"] button').click();
  });

  await step('assessment: no errors in the browser console', async () => {
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  });
} catch {
  // reported by step()
}
await finish();

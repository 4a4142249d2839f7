// Browser test of the learner's journey: an author builds and publishes a learning path (a
// course and an event) and makes the event's check-in code; a citizen takes the self-test,
// follows the path it suggests, completes the course, registers and checks in at the event,
// and finds the completed path in "My learning". axe-core audits every page.
import { base, browser, check, audit, step, finish } from './lib.mjs';

const password = 'cityskills-demo-2026';
const title = `First steps: scams and the library help desk ${Date.now() % 100000}`;

async function signIn(page, email) {
  await page.goto(base + '/login?lang=en');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(base + '/');
}

try {
  const errors = [];
  const watch = (p) => p.on('console', (m) => {
    if (m.type() === 'error' && !/status of (409|422)/.test(m.text())) errors.push(m.text().slice(0, 300));
  });
  const author = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  watch(author);
  watch(page);
  let pathUrl = '';
  let eventId = '';
  let code = '';

  await step('paths: an author builds and publishes a path of a course and an event', async () => {
    await signIn(author, 'author@valverde.example.org');
    await author.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Learning paths' }).click();
    await author.waitForURL('**/paths');
    await audit(author, 'learning paths');
    await author.getByRole('link', { name: 'New learning path' }).click();
    await audit(author, 'new learning path');
    await author.getByRole('button', { name: 'Create the path' }).click();
    await author.locator('#error-summary').waitFor();
    await audit(author, 'new learning path with errors');
    await author.getByLabel('Title', { exact: true }).fill(title);
    await author.getByLabel('Summary (one paragraph)').fill('Spot a scam message, then visit the library help desk.');
    await author.getByLabel('Level it leads to').selectOption('foundation');
    await author.getByRole('button', { name: 'Create the path' }).click();
    await author.waitForURL(/\/author\/paths\/\d+$/);
    await audit(author, 'learning path editor');
    for (let i = 0; i < 2; i++) {
      await author.getByRole('button', { name: 'Add a step' }).click();
      await author.waitForURL(/#steps-heading$/);
    }
    const steps = author.locator('ol.cs-steps > li');
    check((await steps.count()) === 2, 'two steps');
    await steps.nth(0).locator('summary', { hasText: 'Add a requirement' }).click();
    await steps.nth(0).locator('select[name=course_id]').selectOption({ label: 'Spotting phishing (en)' });
    await steps.nth(0).getByRole('button', { name: 'Add a requirement' }).click();
    await author.getByText('Requirement added.').waitFor();
    await steps.nth(1).locator('summary', { hasText: 'Add a requirement' }).click();
    await steps.nth(1).locator('label', { hasText: 'Event attended' }).first().click();
    const option = steps.nth(1).locator('select[name=event_id] option', { hasText: 'Sportello digitale in biblioteca' });
    eventId = await option.getAttribute('value');
    await steps.nth(1).locator('select[name=event_id]').selectOption(eventId);
    await steps.nth(1).getByRole('button', { name: 'Add a requirement' }).click();
    await author.getByText('Requirement added.').waitFor();
    await audit(author, 'learning path editor with steps');
    await author.getByRole('button', { name: 'Publish' }).click();
    await author.getByText('Learning path published.').waitFor();
    pathUrl = await author.getByRole('link', { name: 'View as learners see it' }).getAttribute('href');
    check(/^\/paths\/\d+$/.test(pathUrl), 'the path has a public page');
  });

  await step('paths: the organiser makes the event check-in code', async () => {
    await author.goto(`${base}/events/${eventId}/registrants`);
    await author.getByRole('button', { name: 'Create a check-in code' }).click();
    await author.getByText('New check-in code created').waitFor();
    await audit(author, 'registrants with check-in code');
    code = (await author.locator('#checkin-heading ~ p.display-6 strong').textContent()).trim();
    check(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/.test(code), `a readable code (${code})`);
  });

  await step('paths: the self-test suggests the path', async () => {
    await signIn(page, 'citizen@example.org');
    await page.goto(base + '/assessment');
    await page.getByRole('button', { name: 'Start the test' }).click();
    for (let n = 1; n <= 5; n++) {
      await page.waitForURL(`**/assessment/area/${n}`);
      for (const set of await page.locator('main fieldset').all()) {
        const count = await set.locator('input[type=radio]').count();
        await set.locator('label').nth(count === 5 ? 0 : 2).click();  // the lowest answer, or "don't know"
      }
      await page.getByRole('button', { name: n === 5 ? 'See my result' : 'Save and continue' }).click();
    }
    await page.waitForURL('**/assessment/result/*');
    const suggested = page.locator('#recommended-paths a', { hasText: title });
    check((await suggested.count()) === 1, 'the new foundation path is suggested');
    await audit(page, 'result with paths');
    await suggested.click();
    await page.waitForURL('**' + pathUrl);
    await audit(page, 'learning path page');
    await page.getByRole('button', { name: 'Follow this path' }).click();
    await page.getByText('You follow this path').waitFor();
    // The demo citizen may already hold the course in Italian (any translation counts).
    check(await page.getByText(/[01] of 2 steps done/).first().isVisible(), 'progress shown, the event still to do');
  });

  await step('paths: completing the course ticks the first step', async () => {
    await page.locator('main ol a', { hasText: 'Spotting phishing' }).click();
    await page.waitForURL('**/courses/*');
    const enrol = page.getByRole('button', { name: 'Enrol in this course' });
    if (await enrol.count()) await enrol.click();
    const lessons = await page.locator('main a[href*="/lessons/"]').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')))]);
    check(lessons.length === 3, `three lessons (${lessons.length})`);
    for (const href of lessons) {
      await page.goto(base + href);
      const done = page.getByRole('button', { name: 'Mark this lesson as done' });
      if (await done.count()) {
        await done.click();
        // The lesson reloads without the button once it is done (the flash message can be taken
        // by the video's own progress request racing the reload, so it is not waited for).
        await page.waitForLoadState('load');
        await page.getByRole('button', { name: 'Mark this lesson as done' }).waitFor({ state: 'detached' });
      }
      if (await page.getByRole('button', { name: 'Submit my answers' }).count()) {
        const choose = (text) => page.locator('label', { hasText: text }).click();
        await choose('Check on the courier\'s official website');
        await choose('It rushes you');
        await choose('The sender\'s address is odd');
        await choose('The link goes to another site');
        await page.locator('label', { hasText: /^False$/ }).click();
        await page.getByLabel('Your answer').fill('Phishing');
        await page.getByRole('button', { name: 'Submit my answers' }).click();
        await page.getByText('Passed: you scored 100%').waitFor();
      }
    }
    await page.goto(base + pathUrl);
    check(await page.getByText('1 of 2 steps done').isVisible(), 'the course step is done');
  });

  await step('paths: registering and checking in at the event completes the path', async () => {
    await page.goto(`${base}/events/${eventId}`);
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByLabel('Check-in code shown at the event').waitFor();
    await audit(page, 'event with check-in');
    await page.getByLabel('Check-in code shown at the event').fill('WRONG-CODE');
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.getByText('This is not the check-in code of this event').waitFor();
    await audit(page, 'wrong check-in code');
    await page.goto(`${base}/events/${eventId}`);
    await page.getByLabel('Check-in code shown at the event').fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.getByText('Thank you: your attendance is recorded.').waitFor();
    await page.goto(base + pathUrl);
    check(await page.getByText('You completed this path on').isVisible(), 'the path is completed');
    await page.goto(base + '/my/learning');
    await audit(page, 'my learning with paths');
    const awards = page.getByRole('region', { name: 'My completed paths and qualifications' });
    check(await awards.getByRole('link', { name: title }).isVisible(), 'the completed path is in My learning');
  });

  await step('paths: the author sees who completed', async () => {
    await author.goto(base + pathUrl.replace('/paths/', '/author/paths/') + '/completions');
    await audit(author, 'path completions');
    check((await author.locator('main table tbody tr').count()) === 1, 'one person completed');
  });

  await step('paths: no errors in the browser console (CSP included)', async () => {
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  });
} catch {
  // reported by step()
}
await finish();

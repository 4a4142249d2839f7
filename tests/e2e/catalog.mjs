// Browser test of the catalogue: a learner enrols, watches part of a video, reloads and
// resumes where they stopped, searches the transcript, passes a quiz and finds the course
// in "My learning"; an author opens the authoring pages. axe-core audits every page.
import { base, browser, check, audit, step, finish } from './lib.mjs';

async function signIn(page, email) {
  await page.goto(base + '/login?lang=en');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill('cityskills-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(base + '/');
}

try {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 422/.test(m.text())) errors.push(m.text().slice(0, 300));
  });

  await step('catalogue and course page', async () => {
    await signIn(page, 'citizen@example.org');
    await page.goto(base + '/courses?lang=en');
    await audit(page, 'catalogue');
    await page.getByLabel('Level').selectOption('foundation');
    await page.getByRole('button', { name: 'Show courses' }).click();
    await page.getByRole('link', { name: 'Spotting phishing' }).click();
    await audit(page, 'course page');
    const jsonld = await page.locator('script[type="application/ld+json"]').textContent();
    check(JSON.parse(jsonld)['@type'] === 'Course', 'schema.org Course JSON-LD');
    await page.getByRole('button', { name: 'Enrol in this course' }).click();
    await page.getByText('You are enrolled.').waitFor();
  });

  await step('watch part of a video, reload, resume', async () => {
    await page.getByRole('link', { name: 'Start the course' }).click();
    await audit(page, 'video lesson');
    const video = page.locator('#lesson-video');
    await video.evaluate((v) => new Promise((resolve, reject) => {
      if (v.readyState >= 1) return resolve();
      v.addEventListener('loadedmetadata', resolve, { once: true });
      v.addEventListener('error', () => reject(new Error('video failed to load')), { once: true });
    }));
    const saved = page.waitForResponse((r) => r.url().endsWith('/progress') && r.status() === 204);
    await video.evaluate((v) => { v.muted = true; v.currentTime = 7; v.dispatchEvent(new Event('pause')); });
    await saved;
    await page.reload();
    check((await video.getAttribute('data-resume')) === '7', 'position stored on the server');
    await page.getByText('You stopped at 0:07').waitFor();
    await page.waitForFunction(() => Math.abs(document.getElementById('lesson-video').currentTime - 7) < 1);
    await page.getByLabel('Search the transcript').fill('sender');
    const visible = await page.locator('.cs-cues li:not([hidden])').count();
    check(visible === 1, `transcript search leaves one cue (found ${visible})`);
    await audit(page, 'video lesson resumed');
  });

  await step('pass the quiz', async () => {
    await page.getByRole('link', { name: 'Check: phishing' }).first().click();
    await audit(page, 'quiz');
    // Bootstrap Italia draws its own radios and checkboxes: click the labels, as people do.
    const choose = (text) => page.locator('label', { hasText: text }).click();
    await choose('Check on the courier\'s official website');
    await choose('It rushes you');
    await choose('The sender\'s address is odd');
    await choose('The link goes to another site');
    await page.locator('label', { hasText: /^False$/ }).click();
    await page.getByLabel('Your answer').fill('Phishing');
    await page.getByRole('button', { name: 'Submit my answers' }).click();
    await page.getByText('Passed: you scored 100%').waitFor();
    await audit(page, 'quiz result');
    await page.goto(base + '/my/learning');
    await audit(page, 'my learning');
    check(await page.getByRole('link', { name: 'Spotting phishing', exact: true }).isVisible(), 'the course is in My learning');
  });

  await step('authoring pages', async () => {
    const ctx = await browser.newContext({ locale: 'en-GB' });
    const author = await ctx.newPage();
    author.on('console', (m) => { if (m.type() === 'error' && !/status of 422/.test(m.text())) errors.push(m.text().slice(0, 300)); });
    await signIn(author, 'author@valverde.example.org');
    await author.goto(base + '/author/courses?lang=en');
    await audit(author, 'authoring list');
    await author.getByRole('link', { name: 'Spotting phishing' }).click();
    await audit(author, 'authoring course');
    await author.getByRole('link', { name: 'Three signs of a scam message' }).click();
    await audit(author, 'authoring video lesson');
    await author.getByRole('button', { name: 'Save the captions' }).click();
    await author.locator('#error-summary').waitFor();
    await audit(author, 'captions with errors');
    await author.goto(base + '/author/courses/new');
    await audit(author, 'new course form');
    await ctx.close();
  });

  await step('no errors in the browser console (CSP included)', async () => {
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  });
} catch {
  // reported by step()
}
await finish();

// Browser test: a person signs up, confirms the address from the e-mail received by the
// SMTP sink, signs out and in, switches language, and uses a form without JavaScript.
// axe-core checks every page visited (WCAG 2.1 A and AA) and must find nothing.
//
// Env: BASE_URL (running server), MAILDIR (SMTP sink folder), DB_LABEL (for the report).
import { readFileSync } from 'node:fs';
import { base, browser, check, audit, waitForMail, step, finish } from './lib.mjs';

try {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  const errors = [];
  // Error pages the test provokes on purpose (422) are logged by the browser too; anything
  // else, a CSP violation above all, is a failure.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 422/.test(m.text())) errors.push(m.text().slice(0, 300));
  });
  const email = `e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
  const password = 'amber-lighthouse-meadow';

  await step('home page in the browser language, accessible', async () => {
    await page.goto(base + '/');
    check((await page.getAttribute('html', 'lang')) === 'en', 'English from Accept-Language');
    await audit(page, 'home');
    // The skip link is the first thing the keyboard reaches, and it is visible then.
    await page.keyboard.press('Tab');
    check(await page.evaluate(() => document.activeElement.classList.contains('skip-link')), 'skip link first in tab order');
    check(await page.locator('.skip-link').isVisible(), 'skip link visible on focus');
  });

  await step('sign up', async () => {
    await page.getByRole('link', { name: 'Create an account' }).first().click();
    await audit(page, 'signup');
    await page.getByRole('button', { name: 'Create account' }).click();
    check(page.url().endsWith('/signup'), 'stays on the form');
    await page.locator('#error-summary').waitFor();
    await audit(page, 'signup with errors');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Your name').fill('Erika Mustermann');
    await page.getByLabel('Password', { exact: true }).fill(password);
    // The design system draws the box over the input: ticked with the keyboard, as a person would.
    await page.getByLabel('I have read the privacy notice and accept it').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/signup/check-email');
    await audit(page, 'check e-mail');
  });

  await step('verify through the received e-mail', async () => {
    const mail = await waitForMail(email);
    const link = /(https?:\/\/\S+\/verify-email\?token=\S+)/.exec(mail.body)?.[1];
    check(link, 'verification link in the mail');
    await page.goto(link);
    await audit(page, 'verify');
    await page.getByRole('button', { name: 'Confirm my address' }).click();
    // The link confirms the address and never signs in: the password does.
    await page.waitForURL('**/login');
    check(await page.getByText('Your e-mail address is confirmed').isVisible(), 'confirmation message');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(base + '/');
    await page.goto(base + '/profile');
    await audit(page, 'profile');
  });

  await step('sign out and sign in again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(base + '/');
    await page.getByRole('link', { name: 'Sign in' }).first().click();
    await audit(page, 'login');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(base + '/');
    check(await page.getByRole('link', { name: 'Erika Mustermann' }).isVisible(), 'signed in');
  });

  await step('switch language and keep it', async () => {
    for (const [name, code, heading] of [['Italiano', 'it', null], ['Deutsch', 'de', null], ['Svenska', 'sv', null], ['Suomi', 'fi', null]]) {
      await page.getByRole('link', { name, exact: true }).click();
      check((await page.getAttribute('html', 'lang')) === code, `page in ${code}`);
      await audit(page, `home ${code}`);
    }
    await page.goto(base + '/profile');
    check((await page.getAttribute('html', 'lang')) === 'fi', 'choice remembered in this browser');
    await audit(page, 'profile fi');
    await page.getByRole('link', { name: 'English', exact: true }).click();
  });

  await step('a form works without JavaScript', async () => {
    const nojs = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    const p = await nojs.newPage();
    await p.goto(base + '/login');
    await p.getByLabel('E-mail address').fill(email);
    await p.getByLabel('Password').fill('not-the-password');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.locator('#error-summary').waitFor();
    // axe needs JavaScript in the page; this page was audited above with JavaScript on.
    check((await p.locator('h1').count()) === 1, 'one h1 without JavaScript');
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL(base + '/');
    await nojs.close();
  });

  await step('news: list, article and feed', async () => {
    await page.goto(base + '/news?lang=en');
    await audit(page, 'news');
    await page.getByRole('link', { name: 'Digital help points open in the city\'s pharmacies' }).click();
    await audit(page, 'news article');
    check(await page.getByRole('link', { name: 'events page' }).isVisible(), 'Markdown link rendered');
    const feed = await page.request.get(base + '/news.atom?lang=en');
    check(feed.ok() && (await feed.text()).includes('<feed xmlns="http://www.w3.org/2005/Atom"'), 'Atom feed');
  });

  await step('ideas: read, support and comment', async () => {
    await page.goto(base + '/ideas?lang=en');
    await audit(page, 'ideas');
    await page.getByRole('link', { name: 'Open data on public transport punctuality' }).click();
    await audit(page, 'idea');
    await page.getByRole('button', { name: 'Support this idea' }).click();
    await page.getByText('1 person supports this idea').waitFor();
    await page.getByLabel('Your comment').fill('Schools would use it **every day**.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.getByText('Your comment has been published.').waitFor();
    await audit(page, 'idea with comment');
    await page.goto(base + '/ideas/new');
    await audit(page, 'new idea form');
  });

  await step('events: wait-listed, promoted when a place frees up, calendar file', async () => {
    // The demo author publishes a one-place event and takes the place.
    const org = await browser.newContext({ locale: 'en-GB' });
    const author = await org.newPage();
    author.on('console', (m) => { if (m.type() === 'error' && !/status of 422/.test(m.text())) errors.push(m.text().slice(0, 300)); });
    await author.goto(base + '/login');
    await author.getByLabel('E-mail address').fill('author@valverde.example.org');
    await author.getByLabel('Password').fill('cityskills-demo-2026');
    await author.getByRole('button', { name: 'Sign in' }).click();
    await author.waitForURL(base + '/');
    await author.goto(base + '/news/new?lang=en');  // the demo author's own language is Italian
    await audit(author, 'new article form');
    await author.goto(base + '/events/new');
    await audit(author, 'new event form');
    const title = `One-seat workshop ${Date.now()}`;
    await author.getByLabel('Title').fill(title);
    await author.getByLabel('Short description').fill('Hands-on help with digital identity.');
    await author.getByLabel('Date', { exact: true }).fill('2031-06-12');
    await author.getByLabel('Start time').fill('10:00');
    await author.getByLabel('End time').fill('11:30');
    // Nothing is ticked for the organiser: this one is online.
    await author.locator('label', { hasText: 'This event takes place online' }).click();
    await author.getByLabel('Link to join (online events)').fill('https://meet.example.org/one-seat');
    await author.getByLabel('Number of places').fill('1');
    await author.getByRole('button', { name: 'Publish', exact: true }).click();  // not "Save as draft"
    await author.waitForURL(/\/events\/\d+$/);
    const eventUrl = author.url();
    await author.getByRole('button', { name: 'Register' }).click();
    await author.getByText('You have a place at this event.').waitFor();

    // Our person finds it in the list and is put on the waiting list.
    await page.goto(base + '/events');
    await audit(page, 'events');
    await page.getByRole('link', { name: title }).click();
    await audit(page, 'event');
    await page.getByRole('button', { name: 'Join the waiting list' }).click();
    await page.getByText('number 1 on the waiting list').waitFor();
    await audit(page, 'event wait-listed');

    // The author cancels: the place goes to the person waiting, with an e-mail.
    await author.goto(eventUrl);
    await author.getByRole('button', { name: 'Cancel my registration' }).click();
    await author.getByText('Your registration has been cancelled.').waitFor();
    await author.goto(eventUrl + '/registrants');
    await audit(author, 'registrants');
    await org.close();

    const promoted = await waitForMail(email, 15000, /place freed up/);
    check(promoted.body.includes(title), 'promotion e-mail names the event');
    await page.reload();
    await page.getByText('You have a place at this event.').waitFor();
    check(await page.getByRole('link', { name: 'https://meet.example.org/one-seat' }).isVisible(), 'join link shown');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Add to my calendar (.ics)' }).click(),
    ]);
    const ics = readFileSync(await download.path(), 'utf8');
    check(ics.includes('BEGIN:VCALENDAR') && ics.includes(title), 'the .ics file describes the event');
    await page.goto(base + '/events/calendar');
    await audit(page, 'events calendar');
    await page.goto(base + '/events/mine');
    await audit(page, 'my events');
  });

  await step('no errors in the browser console (CSP included)', async () => {
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  });
} catch {
  // reported by step()
}
await finish();

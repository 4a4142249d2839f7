// Browser test of the forum: a citizen starts a thread in the bootcamp category and replies
// (once quoting), another person reports the reply, and a moderator of the organisation that
// owns the category finds it in the report queue and hides it with a reason, which everyone
// else then sees in its place. axe-core checks every page visited.
//
// The demo accounts keep their own languages (it, sv, de), so the test finds things by
// address and field id rather than by translated text.
import { base, browser, check, audit, step, finish } from './lib.mjs';

const password = 'cityskills-demo-2026';

async function signIn(email) {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(base + '/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(base + '/');
  return { context, page };
}

try {
  const title = `Homework of week 2 (${Date.now()})`;
  const replyText = `I uploaded mine ${Date.now()}, is the deadline Friday?`;
  const hideReason = `Personal deadlines are answered by e-mail (${Date.now()})`;
  let threadUrl = '';
  const anna = await signIn('citizen@example.org');

  await step('forum index and the bootcamp category', async () => {
    const { page } = anna;
    await page.goto(base + '/forum');
    await audit(page, 'forum index');
    await page.locator('a[href="/forum/c/bootcamp-digital-city-expert"]').click();
    await audit(page, 'forum category');
  });

  await step('start a thread', async () => {
    const { page } = anna;
    await page.locator('a[href="/forum/c/bootcamp-digital-city-expert/new"]').click();
    await audit(page, 'new thread form');
    await page.locator('main form button[type=submit]').click();
    await page.locator('#error-summary').waitFor();
    await audit(page, 'new thread form with errors');
    await page.locator('#title').fill(title);
    await page.locator('#body').fill('Where do we hand in the **homework**?');
    await page.locator('main form button[type=submit]').click();
    await page.waitForURL(/\/forum\/t\/\d+$/);
    threadUrl = page.url();
    check((await page.locator('h1').textContent()).includes(title), 'thread title shown');
    await audit(page, 'thread');
  });

  await step('reply, then quote', async () => {
    const { page } = anna;
    await page.locator('#reply textarea#body').fill(replyText);
    await page.locator('#reply button[type=submit]').click();
    await page.waitForURL(/#p2$/);
    check(await page.getByText(replyText).isVisible(), 'reply shown');
    await page.locator('#p1 a[href*="/reply?quote="]').click();
    await audit(page, 'reply form with quote');
    const prefilled = await page.locator('#body').inputValue();
    check(/^> \*\*Anna Rossi\*\* \[.+\]\(\/forum\/p\/\d+\):/.test(prefilled), 'quote attributed to the author');
    check(prefilled.includes('> Where do we hand in the **homework**?'), 'quoted text');
    await page.locator('#body').fill(prefilled + 'Answering myself: in the shared folder.');
    await page.locator('main form button[type=submit]').click();
    await page.waitForURL(/#p3$/);
    check((await page.locator('#p3 blockquote').count()) === 1, 'quote rendered as a blockquote');
    await audit(page, 'thread with replies');
  });

  await step('quoting works without JavaScript', async () => {
    const nojs = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    const p = await nojs.newPage();
    await p.goto(base + '/login');
    await p.locator('#email').fill('citizen@example.org');
    await p.locator('#password').fill(password);
    await p.locator('main form button[type=submit]').click();
    await p.waitForURL(base + '/');
    await p.goto(threadUrl);
    await p.locator('#p2 a[href*="/reply?quote="]').click();
    check((await p.locator('#body').inputValue()).includes('> ' + replyText), 'quote prefilled by the server');
    check((await p.locator('h1').count()) === 1, 'one h1 without JavaScript');
    await nojs.close();
  });

  await step('another participant reports the reply', async () => {
    const { context, page } = await signIn('editor@nordic-dln.example.org');
    await page.goto(threadUrl);
    await page.locator('#p2 a[href$="/report"]').click();
    await audit(page, 'report form');
    await page.locator('main form button[type=submit]').click();
    await page.locator('#error-summary').waitFor();
    await audit(page, 'report form with errors');
    await page.locator('#reason').fill('Off-topic advertising');
    await page.locator('main form button[type=submit]').click();
    await page.waitForURL(/#p2$/);
    await context.close();
  });

  await step('the moderator hides it from the report queue, with a reason', async () => {
    const { context, page } = await signIn('team@buergerakademie.example.org');
    await page.goto(base + '/forum/reports');
    await audit(page, 'report queue');
    check(await page.getByText('Off-topic advertising').isVisible(), 'report in the queue');
    const section = page.locator('section', { hasText: title });
    await section.locator('a[href$="/moderate"]').first().click();
    await audit(page, 'moderate post');
    await page.locator('#reason').fill(hideReason);
    await page.locator('main form button[type=submit]').click();
    await page.waitForURL(/#p2$/);
    check(await page.getByText(replyText).isVisible(), 'the moderator still sees the text');
    await audit(page, 'thread as moderator');
    await page.goto(threadUrl + '/moderate');
    await audit(page, 'moderate thread');
    await page.goto(base + '/forum/log');
    await audit(page, 'moderation log');
    check(await page.getByText(hideReason).isVisible(), 'action logged with reason');
    await page.goto(base + '/forum/reports');
    check((await page.locator('section', { hasText: title }).count()) === 0, 'report resolved');
    await context.close();
  });

  await step('everyone else sees the reason in place of the post', async () => {
    const { page } = anna;
    await page.goto(threadUrl);
    check((await page.getByText(replyText).count()) === 0, 'hidden text gone');
    check(await page.getByText(hideReason).isVisible(), 'reason shown');
    await audit(page, 'thread with hidden post');
    await page.goto(base + '/forum/notifications');
    await audit(page, 'notifications');
    await anna.context.close();
  });
} catch {
  // reported by step()
}
await finish();

// Browser test of the cookie centre and the legal pages: on the first visit the notice is there
// and no cookie is set; a keyboard-only visitor reaches "Refuse all" with Tab from the top of the
// page and presses Enter, lands on the same page without the notice, and only technical cookies
// are set; "Cookie settings" in the footer changes the choice later; the privacy notice, legal
// notes and accessibility statement are linked from the footer. All of it with JavaScript and
// without, and every page passes axe-core.
import { base, browser, check, audit as axeAudit, step, finish } from './lib.mjs';

// axe needs JavaScript in the page: without it the same pages are audited in the other run.
const audit = (page, name, js) => (js ? axeAudit(page, name) : Promise.resolve());

for (const js of [false, true]) {
  await step(`cookie notice by keyboard ${js ? 'with' : 'without'} JavaScript`, async () => {
    const context = await browser.newContext({ javaScriptEnabled: js, locale: 'en-GB' });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text().slice(0, 300)); });
    await page.goto(base + '/events');
    const notice = page.getByRole('region', { name: 'This site uses cookies' });
    check(await notice.isVisible(), 'the notice is shown on the first visit');
    check((await context.cookies()).length === 0, 'no cookie before a choice');
    await audit(page, 'a page with the cookie notice', js);

    let reached = false;
    for (let i = 0; i < 8 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = ((await page.locator(':focus').textContent()) || '').trim() === 'Refuse all';
    }
    check(reached, '"Refuse all" is reached with Tab from the top of the page');
    await page.keyboard.press('Enter');
    await notice.waitFor({ state: 'detached' });
    check(new URL(page.url()).pathname === '/events', 'back on the same page');
    const names = (await context.cookies()).map((c) => c.name);
    check(names.includes('cs_consent'), 'the choice is remembered');
    check(names.every((n) => n.startsWith('cs_')), `only technical cookies: ${names.join(', ')}`);

    await page.getByRole('link', { name: 'Cookie settings' }).click();
    await audit(page, 'cookie settings', js);
    check(!(await page.getByLabel('Statistics').isChecked()), 'statistics refused');
    await page.getByLabel('Statistics').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Save my choice' }).click();
    check(await page.getByText('Your cookie choice has been saved.').isVisible(), 'choice changed');
    check(await page.getByLabel('Statistics').isChecked(), 'statistics now accepted');

    for (const [link, heading] of [['Privacy notice', 'Privacy notice'], ['Legal notes', 'Legal notes'],
                                   ['Accessibility statement', 'Accessibility statement']]) {
      await page.getByRole('contentinfo').getByRole('link', { name: link }).click();
      check((await page.locator('h1').textContent()).trim() === heading, `${link} page`);
      await audit(page, heading, js);
    }
    check(errors.length === 0, `no console errors: ${errors.join(' | ')}`);
    await context.close();
  });
}

await finish();

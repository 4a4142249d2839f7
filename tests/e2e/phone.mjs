// Browser test of the layout on a phone and a desktop: every kind of page, public and signed in
// as each demo role, at 320, 390 and 1280 px wide. No page scrolls sideways
// (document.scrollingElement.scrollWidth <= innerWidth) and axe-core finds nothing; on a phone
// the main menu starts folded and opens from its toggle.
import { base, browser, check, audit, step, finish } from './lib.mjs';

const password = 'cityskills-demo-2026';
const widths = [320, 390, 1280];

async function signIn(page, email) {
  await page.goto(base + '/login?lang=en');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(base + '/');
}

// The first link on `path` whose address matches `pattern` (the demo's objects have no fixed ids).
async function firstLink(page, path, pattern) {
  await page.goto(base + path);
  const hrefs = await page.$$eval('main a[href]', (as) => as.map((a) => a.getAttribute('href')));
  const href = hrefs.find((h) => pattern.test(h));
  check(href, `a link matching ${pattern} on ${path}`);
  return href;
}

async function fits(page, path, name) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: width < 1000 ? 800 : 900 });
    const response = await page.goto(base + path);
    check(response && response.status() < 400, `${name} (${path}) answers ${response && response.status()}`);
    const { scroll, inner } = await page.evaluate(() => ({
      scroll: document.scrollingElement.scrollWidth,
      inner: window.innerWidth,
    }));
    check(scroll <= inner, `${name} at ${width} px scrolls sideways (${scroll} > ${inner})`);
    await audit(page, `${name} at ${width} px`);
  }
}

try {
  const errors = [];
  const contexts = {};
  const pageFor = async (who) => {
    if (contexts[who]) return contexts[who];
    const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of (403|404|409|422)/.test(m.text())) errors.push(m.text().slice(0, 300));
    });
    if (who !== 'visitor') await signIn(page, who);
    contexts[who] = page;
    return page;
  };

  await step('public pages fit 320, 390 and 1280 px and pass axe', async () => {
    const page = await pageFor('visitor');
    const course = await firstLink(page, '/courses?lang=en', /^\/courses\/\d+$/);
    const path = await firstLink(page, '/paths', /^\/paths\/\d+$/);
    const event = await firstLink(page, '/events', /^\/events\/\d+$/);
    const article = await firstLink(page, '/news', /^\/news\/\d+$/);
    const idea = await firstLink(page, '/ideas', /^\/ideas\/\d+$/);
    const practice = await firstLink(page, '/practices', /^\/practices\/\d+$/);
    const forum = await firstLink(page, '/forum', /^\/forum\/c\/[^/]+$/);
    const pages = [
      ['/', 'home'], ['/courses', 'courses'], [course, 'course'], ['/paths', 'paths'], [path, 'path'],
      ['/assessment', 'self-test intro'], ['/news', 'news'], [article, 'article'], ['/events', 'events'],
      ['/events/calendar', 'calendar'], [event, 'event'], ['/ideas', 'ideas'], [idea, 'idea'],
      ['/practices', 'practices'], [practice, 'practice'], ['/resources', 'resources'], ['/forum', 'forum'],
      [forum, 'forum category'], ['/search?q=password', 'search'], ['/login', 'sign in'], ['/signup', 'sign up'],
      ['/privacy', 'privacy'], ['/cookies', 'cookies'], ['/accessibility', 'accessibility statement'],
    ];
    for (const [p, name] of pages) await fits(page, p, name);
  });

  await step('on a phone the main menu is folded and opens from its toggle', async () => {
    const page = await pageFor('visitor');
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(base + '/');
    const courses = page.locator('.cs-mainnav a[href="/courses"]');
    check(!(await courses.isVisible()), 'menu folded on a phone');
    await page.locator('.cs-menu-toggle').click();
    check(await courses.isVisible(), 'menu open after the toggle');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(base + '/');
    check(await courses.isVisible(), 'menu open on a desktop');
    check(!(await page.locator('.cs-menu-toggle').isVisible()), 'no toggle on a desktop');
  });

  await step('the citizen\'s pages fit', async () => {
    const page = await pageFor('citizen@example.org');
    for (const [p, name] of [['/my/learning', 'my learning'], ['/profile', 'profile'], ['/events/mine', 'my calendar'],
                             ['/my/credentials', 'my certificates'], ['/assessment/history', 'self-test history']])
      await fits(page, p, name);
  });

  await step('the author\'s pages fit', async () => {
    const page = await pageFor('author@valverde.example.org');
    const course = await firstLink(page, '/author/courses', /^\/author\/courses\/\d+$/);
    const pathEdit = await firstLink(page, '/author/paths', /^\/author\/paths\/\d+$/);
    for (const [p, name] of [['/author/courses', 'author courses'], [course, 'author course'],
                             [course + '/report', 'course report'], ['/author/paths', 'author paths'],
                             [pathEdit, 'author path'], ['/events/new', 'new event'], ['/news/manage', 'news manage'],
                             ['/organisations/reports', 'organisation reports']])
      await fits(page, p, name);
  });

  await step('the administrator\'s pages fit', async () => {
    const page = await pageFor('admin@valverde.example.org');
    const org = await firstLink(page, '/admin/organisations', /^\/admin\/organisations\/\d+$/);
    const id = org.split('/').pop();
    for (const [p, name] of [['/admin', 'administration'], ['/admin/organisations', 'organisations'], [org, 'organisation'],
                             ['/admin/users', 'people'], [`/organisations/${id}/reports`, 'reports index'],
                             [`/organisations/${id}/reports/members`, 'members report'],
                             [`/organisations/${id}/reports/events`, 'events report'],
                             ['/assessment/org/valverde', 'skills map']])
      await fits(page, p, name);
  });

  await step('the moderator\'s pages fit', async () => {
    const page = await pageFor('team@buergerakademie.example.org');
    for (const [p, name] of [['/forum/reports', 'forum reports'], ['/practices/moderation', 'practice moderation'],
                             ['/forum/log', 'moderation log']])
      await fits(page, p, name);
  });

  check(errors.length === 0, `no console errors: ${errors.join(' | ')}`);
} catch (e) {
  console.error(e.message);
} finally {
  await finish();
}

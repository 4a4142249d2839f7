// Browser test of the tools of people who run the platform: the "Manage" menu of each demo role
// (what it shows and what it does not, opened with the keyboard alone), the administrator's
// dashboard, people and settings pages, and a course report: a new person enrols and passes the
// quiz, and the course's author finds them in the report with their progress and score, and
// downloads it as CSV. axe-core audits every page.
import { readFileSync } from 'node:fs';
import { base, browser, check, audit, waitForMail, step, finish } from './lib.mjs';

const password = 'cityskills-demo-2026';

async function signIn(page, email, pass = password) {
  await page.goto(base + '/login?lang=en');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(pass);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(base + '/');
}

// Every item of the Manage menu, by its address.
const items = {
  courses: '/author/courses', newCourse: '/author/courses/new', paths: '/author/paths', newEvent: '/events/new',
  news: '/news/manage', newResource: '/resources/new', questions: '/assessment/manage',
  orgReports: '/organisations/reports', forumReports: '/forum/reports', practices: '/practices/moderation',
  log: '/forum/log', admin: '/admin',
};
// The self-test's question bank is the built-in DigComp framework's, which platform
// administrators edit: an author is not offered a page that would refuse them.
const publishing = ['courses', 'newCourse', 'paths', 'newEvent', 'news', 'newResource', 'orgReports'];
const moderating = ['forumReports', 'practices', 'log'];

// Who sees what: every other item must be absent.
const roles = [
  ['citizen@example.org', 'a citizen', []],
  ['author@valverde.example.org', 'an author', publishing],
  ['team@buergerakademie.example.org', 'a moderator', moderating],
  ['editor@nordic-dln.example.org', 'an organisation admin and author', [...publishing, ...moderating, 'admin']],
  ['admin@valverde.example.org', 'a platform administrator', [...publishing, 'questions', ...moderating, 'admin']],
];

try {
  const errors = [];
  const newPage = async () => {
    const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } })).newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of (403|404|422)/.test(m.text())) errors.push(m.text().slice(0, 300));
    });
    return page;
  };

  await step('a visitor has no Manage menu', async () => {
    const page = await newPage();
    await page.goto(base + '/?lang=en');
    check((await page.locator('.cs-manage').count()) === 0, 'no Manage menu for visitors');
    await page.context().close();
  });

  for (const [email, who, expected] of roles) {
    await step(`the Manage menu of ${who} shows their tools and nothing else`, async () => {
      const page = await newPage();
      await signIn(page, email);
      await page.goto(base + '/?lang=en');
      const menu = page.locator('.cs-manage');
      if (!expected.length) {
        check((await menu.count()) === 0, `no Manage menu for ${who}`);
        await page.context().close();
        return;
      }
      check((await menu.count()) === 1, `one Manage menu for ${who}`);
      const hrefs = await menu.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const [name, href] of Object.entries(items)) {
        const shown = hrefs.includes(href);
        check(shown === expected.includes(name), `${who}: ${href} ${shown ? 'shown' : 'missing'}`);
      }
      // Folded until opened; every link it shows leads to a page this person may open.
      check(!(await menu.locator('a').first().isVisible()), 'the menu starts folded');
      await menu.locator('summary').click();
      check(await menu.locator('a').first().isVisible(), 'the menu opens');
      await audit(page, `home with the Manage menu open (${who})`);
      for (const href of hrefs) {
        const response = await page.request.get(base + href);
        check(response.status() === 200, `${who}: ${href} answers ${response.status()}`);
      }
      // And what is not in the menu is refused.
      for (const [name, href] of Object.entries(items)) {
        if (expected.includes(name) || name === 'admin') continue;
        const response = await page.request.get(base + href, { maxRedirects: 0 });
        check(response.status() >= 300, `${who}: ${href} not offered and not open (${response.status()})`);
      }
      await page.context().close();
    });
  }

  await step('the Manage menu opens and is used with the keyboard alone', async () => {
    const page = await newPage();
    await signIn(page, 'author@valverde.example.org');
    await page.goto(base + '/?lang=en');
    const summary = page.locator('.cs-manage summary');
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await summary.evaluate((s) => s === document.activeElement);
    }
    check(reached, 'Tab reaches the Manage menu');
    check(await summary.evaluate((s) => getComputedStyle(s).outlineStyle !== 'none' || getComputedStyle(s).boxShadow !== 'none'),
      'the focused menu is visibly marked');
    await page.keyboard.press('Enter');
    check(await page.locator('.cs-manage details').evaluate((d) => d.open), 'Enter opens the menu');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement.getAttribute('href'));
    check(focused === '/author/courses', `Tab moves to the first tool (${focused})`);
    await page.keyboard.press('Enter');
    await page.waitForURL(base + '/author/courses');
    await audit(page, 'author courses reached by keyboard');
    await page.goto(base + '/?lang=en');
    await summary.focus();
    await page.keyboard.press('Space');
    check(await page.locator('.cs-manage details').evaluate((d) => d.open), 'Space opens it too');
    await page.keyboard.press('Space');
    check(!(await page.locator('.cs-manage details').evaluate((d) => d.open)), 'and closes it');
    await page.context().close();
  });

  await step('the administrator\'s dashboard, a person\'s page and the settings', async () => {
    const page = await newPage();
    await signIn(page, 'admin@valverde.example.org');
    await page.goto(base + '/admin?lang=en');
    await audit(page, 'dashboard');
    const main = page.locator('main');
    for (const heading of ['People', 'Content', 'Background jobs', 'Outgoing mail', 'System']) {
      check(await main.getByRole('heading', { name: heading, exact: false }).first().isVisible(), `dashboard section ${heading}`);
    }
    const text = await main.innerText();
    check(/SQLite|PostgreSQL/.test(text), 'the database is named');
    for (const link of ['/admin/users', '/admin/organisations', '/admin/audit', '/admin/settings', '/forum/reports',
                        '/practices/moderation', '/assessment/manage', '/news/manage'])
      check((await main.locator(`a[href="${link}"]`).count()) > 0, `dashboard links ${link}`);
    await main.locator('a[href="/admin/users"]').first().click();
    await page.waitForURL(/\/admin\/users/);
    await audit(page, 'people');
    const person = await page.$$eval('main a[href^="/admin/users/"]', (as) =>
      as.map((a) => a.getAttribute('href')).find((h) => /^\/admin\/users\/\d+$/.test(h)));
    check(person, 'a person\'s page is linked');
    await page.goto(base + person);
    await audit(page, 'person');
    check(await page.getByRole('heading', { name: 'Roles' }).isVisible(), 'roles on the person\'s page');
    check((await page.locator('main a[href$="/data"]').count()) === 1, 'export or erase is one click away');
    await page.goto(base + '/admin/settings');
    await audit(page, 'settings');
    const zones = await page.locator('#time_zone option').allInnerTexts();
    check(zones.some((z) => /^Rome \(GMT\+0[12]:00\)$/.test(z)), `zones by city and offset (${zones.slice(0, 3).join(', ')})`);
    check(!zones.some((z) => z.includes('/')), 'no raw time-zone ids');
    await page.goto(base + '/admin/audit');
    await audit(page, 'audit log');
    await page.context().close();
  });

  await step('a course report: a new learner\'s progress and score, then the CSV', async () => {
    // A new person signs up, confirms the address, enrols and passes the quiz.
    const learner = await newPage();
    const email = `report-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
    const name = `Report Learner ${Date.now() % 100000}`;
    const pass = 'amber-lighthouse-meadow';
    await learner.goto(base + '/signup?lang=en');
    await learner.getByLabel('E-mail address').fill(email);
    await learner.getByLabel('Your name').fill(name);
    await learner.getByLabel('Password', { exact: true }).fill(pass);
    await learner.getByLabel('I have read the privacy notice and accept it').focus();
    await learner.keyboard.press('Space');
    await learner.getByRole('button', { name: 'Create account' }).click();
    await learner.waitForURL('**/signup/check-email');
    const mail = await waitForMail(email);
    await learner.goto(/(https?:\/\/\S+\/verify-email\?token=\S+)/.exec(mail.body)[1]);
    await learner.getByRole('button', { name: 'Confirm my address' }).click();
    await learner.waitForURL('**/login');
    await signIn(learner, email, pass);
    await learner.goto(base + '/courses?lang=en');
    await learner.getByRole('link', { name: 'Spotting phishing' }).click();
    const courseUrl = learner.url();
    const courseId = /\/courses\/(\d+)/.exec(courseUrl)[1];
    await learner.getByRole('button', { name: 'Enrol in this course' }).click();
    await learner.getByText('You are enrolled.').waitFor();
    await learner.getByRole('link', { name: 'Check: phishing' }).first().click();
    const choose = (text) => learner.locator('label', { hasText: text }).click();
    await choose('Check on the courier\'s official website');
    await choose('It rushes you');
    await choose('The sender\'s address is odd');
    await choose('The link goes to another site');
    await learner.locator('label', { hasText: /^False$/ }).click();
    await learner.getByLabel('Your answer').fill('Phishing');
    await learner.getByRole('button', { name: 'Submit my answers' }).click();
    await learner.getByText('Passed: you scored 100%').waitFor();
    await learner.context().close();

    // The author of the course's organisation opens the report from the course's page.
    const author = await newPage();
    await signIn(author, 'author@valverde.example.org');
    await author.goto(base + `/author/courses/${courseId}?lang=en`);
    await author.getByRole('link', { name: 'Course report' }).click();
    await author.waitForURL(`**/author/courses/${courseId}/report`);
    await audit(author, 'course report');
    const facts = await author.locator('dl.cs-facts').innerText();
    const enrolled = Number(/Enrolled\s+(\d+)/.exec(facts)?.[1]);
    check(enrolled >= 1, `the report counts the people enrolled (${facts.replace(/\s+/g, ' ')})`);
    check(/Average progress\s+\d+%/.test(facts), 'average progress shown');
    const row = author.locator('tbody tr', { hasText: name });
    check((await row.count()) === 1, 'the new learner has a row');
    const cells = await row.locator('td').allInnerTexts();
    check(/^\d+% \(\d+ of \d+\)$/.test(cells[2]), `progress in words and percent (${cells[2]})`);
    check(cells.slice(4).includes('100%'), `best quiz score shown (${cells.join(' | ')})`);
    check(await author.getByRole('heading', { name: 'Quiz questions on first attempts' }).isVisible(), 'questions section');
    const [download] = await Promise.all([
      author.waitForEvent('download'),
      author.getByRole('link', { name: 'Download as CSV (spreadsheet)' }).click(),
    ]);
    check(download.suggestedFilename() === `course-${courseId}-report.csv`, `CSV file name (${download.suggestedFilename()})`);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    // Cells are quoted where needed ("a ""b"", c"); none of ours spans lines.
    const cellsOf = (line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)]
      .map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, -1);
    const lines = csv.trim().split('\r\n').map(cellsOf);
    check(lines[0].slice(0, 5).join('|') === 'Person|Enrolled on|Lessons done|Progress|Completed on', `CSV header (${lines[0]})`);
    check(lines[0].includes('Check: phishing'), 'a column per quiz');
    check(lines.length === enrolled + 1, `one CSV line per person (${lines.length - 1} for ${enrolled})`);
    const mine = lines.find((l) => l[0] === name);
    check(mine && mine[lines[0].indexOf('Check: phishing')] === '100', `the learner's quiz score in the CSV (${mine})`);
    check(mine && /^\d{4}-\d\d-\d\dT/.test(mine[1]), `the enrolment date as ISO 8601 (${mine && mine[1]})`);

    // Another organisation's author gets the 404 of a course that does not exist.
    const other = await newPage();
    await signIn(other, 'team@buergerakademie.example.org');
    const refused = await other.request.get(base + `/author/courses/${courseId}/report`, { maxRedirects: 0 });
    check(refused.status() === 404 || refused.status() === 403, `another organisation is refused (${refused.status()})`);
    await other.context().close();
    await author.context().close();
  });

  await step('no errors in the browser console (CSP included)', async () => {
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  });
} catch {
  // reported by step()
}
await finish();

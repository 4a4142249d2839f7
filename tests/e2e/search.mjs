// Browser test of the search: a visitor types a word in the header box on the home page and
// presses Enter, reads the results with the matching words marked, filters them by kind and
// opens one; a query with no results shows suggestions; a too-long query shows the error in the
// visitor's language with the text kept; switching language searches the other language's
// content; all of it also works without JavaScript. A moderator then hides a forum thread and
// its posts leave the results (and come back when it is shown again). axe-core checks every
// search page (results, filtered, no results, error).
//
// Other browser tests run before this one on the same server and add content, so counts are
// checked against each other and against the page, never against fixed numbers.
import { base, browser, check, audit, step, finish } from './lib.mjs';

const password = 'cityskills-demo-2026';
// A word no content has: letters only, so that every stemmer and PostgreSQL's parser keep it
// one word, and new on every run.
const unique = 'zq' + Date.now().toString(36).replace(/[0-9]/g, (d) => 'bcdfghjklm'[Number(d)]) + 'x';

function watchConsole(page, errors) {
  // The error page the test provokes on purpose answers 422; anything else (CSP above all) fails.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 422/.test(m.text())) errors.push(m.text().slice(0, 300));
  });
}

// The number in "N results for “q”" (any language: the first number in the status line).
async function resultCount(page) {
  const text = await page.locator('main p[role=status]').textContent();
  const n = /\d+/.exec(text)?.[0];
  check(n !== undefined, `result count in "${text}"`);
  return Number(n);
}

function resultLinks(page) {
  return page.locator('main ol.cs-search-results h2 a');
}

// Searches from the search page's own box, as a person who changes the words would.
async function searchAgain(page, query) {
  const form = page.getByRole('main').getByRole('search');
  await form.getByRole('searchbox').fill(query);
  await Promise.all([page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === query),
                     form.getByRole('button').click()]);
}

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
  const errors = [];
  const visitor = await browser.newContext({ locale: 'en-GB' });
  const page = await visitor.newPage();
  watchConsole(page, errors);

  await step('search from the header box on the home page', async () => {
    await page.goto(base + '/');
    const box = page.getByRole('search', { name: 'Search the site' }).getByRole('searchbox', { name: 'Search the site' });
    await box.fill('digital');
    await box.press('Enter');
    await page.waitForURL(base + '/search?q=digital');
    check((await page.locator('h1').textContent()).trim() === 'Search', 'search page heading');
    check((await page.getByLabel('What are you looking for?').inputValue()) === 'digital', 'the words stay in the box');
    const n = await resultCount(page);
    check(n >= 3, `several results for "digital" (found ${n})`);
    check(/^\d+ results for “digital”$/.test((await page.locator('main p[role=status]').textContent()).trim()),
          'count sentence in English');
    check((await resultLinks(page).count()) === Math.min(n, 10), 'one item per result on the first page');
    const all = page.getByRole('navigation', { name: 'Kind of content' }).getByRole('link', { name: `All (${n})` });
    check((await all.getAttribute('aria-current')) === 'page', '"All" is the current kind, with the same count');
    const marks = await page.locator('main ol.cs-search-results mark').allTextContents();
    check(marks.length >= Math.min(n, 10), `every result has a match marked (${marks.length} marks)`);
    check(marks.every((m) => /^digit/i.test(m)), `only words of the searched stem are marked: ${marks.join(', ')}`);
    await audit(page, 'search results');
  });

  await step('filter by kind, then open a result', async () => {
    const kinds = page.getByRole('navigation', { name: 'Kind of content' });
    const news = kinds.getByRole('link', { name: /^News \(\d+\)$/ });
    const expected = Number(/\((\d+)\)/.exec(await news.textContent())[1]);
    await Promise.all([page.waitForURL(/[?&]type=news(&|$)/), news.click()]);
    check((await kinds.getByRole('link', { name: /^News \(/ }).getAttribute('aria-current')) === 'page', 'News is current');
    check((await kinds.getByRole('link', { name: /^All \(/ }).getAttribute('aria-current')) === null, 'All is not');
    check((await resultCount(page)) === expected, 'the count the filter link promised');
    const labels = await page.locator('main ol.cs-search-results li p.small strong').allTextContents();
    check(labels.length === Math.min(expected, 10) && labels.every((l) => l === 'News'), `only news: ${labels.join(', ')}`);
    await audit(page, 'search results filtered');

    const first = resultLinks(page).first();
    const title = (await first.textContent()).trim();
    await Promise.all([page.waitForURL(/\/news\/\d+$/), first.click()]);
    check((await page.locator('h1').textContent()).trim() === title, `the article "${title}" opens`);
  });

  await step('a search with no results shows suggestions', async () => {
    await page.goto(base + '/search');
    await searchAgain(page, `${unique} nothingness`);
    check((await resultCount(page)) === 0, 'no results');
    check(await page.getByText('Some suggestions:').isVisible(), 'suggestions shown');
    check(await page.getByText('check the spelling of the words;').isVisible(), 'spelling suggestion');
    check((await page.getByRole('navigation', { name: 'Kind of content' }).count()) === 0, 'no kind filter');
    await audit(page, 'search no results');
  });

  await step('a too-long search shows the error in the visitor\'s language and keeps the text', async () => {
    const long = 'digital identity at the pharmacy on tuesday morning '.repeat(5).trim();
    check(long.length > 200, 'longer than the limit');
    await searchAgain(page, long);
    const box = page.getByRole('main').getByRole('searchbox');
    check((await box.inputValue()) === long, 'typed text kept');
    check((await box.getAttribute('aria-invalid')) === 'true', 'box marked invalid');
    const alert = page.getByRole('alert');
    check((await alert.textContent()).trim() === `The search text is too long: ${long.length} characters, at most 200.`, 'error in English');
    check((await page.locator('ol.cs-search-results').count()) === 0, 'no results listed');
    await audit(page, 'search error');

    await page.getByRole('link', { name: 'Deutsch', exact: true }).click();
    await page.waitForURL(/[?&]lang=de(&|$)/);
    check((await page.getAttribute('html', 'lang')) === 'de', 'page in German');
    check((await page.getByRole('alert').textContent()).trim() === `Der Suchtext ist zu lang: ${long.length} Zeichen, höchstens 200.`, 'error in German');
    check((await page.getByRole('main').getByRole('searchbox').inputValue()) === long, 'text kept in German too');
    await audit(page, 'search error de');
    await page.getByRole('link', { name: 'English', exact: true }).click();
    await page.waitForURL(/[?&]lang=en(&|$)/);
  });

  await step('switching language searches that language\'s content', async () => {
    await page.goto(base + '/search');
    await searchAgain(page, 'digital');
    const english = await resultLinks(page).allTextContents();
    check(english.includes('Digital help points open in the city\'s pharmacies'), `English article found: ${english.join(' | ')}`);
    check(!english.includes('Aprono i punti digitali nelle farmacie comunali'), 'no Italian article in English');

    await page.getByRole('link', { name: 'Italiano', exact: true }).click();
    await page.waitForURL(/[?&]lang=it(&|$)/);
    check((await page.getAttribute('html', 'lang')) === 'it', 'page in Italian');
    check((await page.getByRole('main').getByRole('searchbox').inputValue()) === 'digital', 'same words searched');
    const italian = await resultLinks(page).allTextContents();
    check(italian.includes('Aprono i punti digitali nelle farmacie comunali'), `Italian article found: ${italian.join(' | ')}`);
    check(!italian.includes('Digital help points open in the city\'s pharmacies'), 'no English article in Italian');
    // Stems: "digital" finds and marks the Italian plural "digitali".
    const marks = await page.locator('main ol.cs-search-results mark').allTextContents();
    check(marks.some((m) => m.toLowerCase() === 'digitali'), `"digitali" marked: ${marks.join(', ')}`);
    await audit(page, 'search results it');

    await page.getByRole('link', { name: 'English', exact: true }).click();
    await page.waitForURL(/[?&]lang=en(&|$)/);
    check((await page.getAttribute('html', 'lang')) === 'en', 'back in English');
  });

  await step('the search works without JavaScript', async () => {
    const nojs = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    const p = await nojs.newPage();
    await p.goto(base + '/');
    const box = p.getByRole('searchbox', { name: 'Search the site' });
    await box.fill('digital');
    await box.press('Enter');
    await p.waitForURL(base + '/search?q=digital');
    check((await resultCount(p)) > 0, 'results without JavaScript');
    check((await p.locator('main ol.cs-search-results mark').count()) > 0, 'matches marked');
    const practices = p.getByRole('navigation', { name: 'Kind of content' }).getByRole('link', { name: /^Good practices \(\d+\)$/ });
    await Promise.all([p.waitForURL(/[?&]type=practice(&|$)/), practices.click()]);
    check((await p.getByRole('navigation', { name: 'Kind of content' }).getByRole('link', { name: /^Good practices \(/ })
      .getAttribute('aria-current')) === 'page', 'filter applied without JavaScript');
    // The page's own box and its button submit without JavaScript too.
    await searchAgain(p, `${unique} nothingness`);
    check(await p.getByText('Some suggestions:').isVisible(), 'suggestions without JavaScript');
    // axe needs JavaScript in the page; these pages were audited above with JavaScript on.
    check((await p.locator('h1').count()) === 1, 'one h1 without JavaScript');
    await nojs.close();
  });

  let threadUrl = '';
  await step('a new forum thread is found by its words', async () => {
    const anna = await signIn('citizen@example.org');
    const a = anna.page;
    watchConsole(a, errors);
    await a.goto(base + '/forum/c/bootcamp-digital-city-expert/new');
    await a.locator('#title').fill(`A quiet room for the ${unique} exercise`);
    await a.locator('#lang').selectOption('en');
    await a.locator('#body').fill(`Is there a room where we can practise the ${unique} exercise together?`);
    await a.locator('main form button[type=submit]').click();
    await a.waitForURL(/\/forum\/t\/\d+$/);
    threadUrl = a.url();
    await a.locator('#reply textarea#body').fill(`The library has a room for the ${unique} exercise on Fridays.`);
    await a.locator('#reply button[type=submit]').click();
    await a.waitForURL(/#p2$/);
    await anna.context.close();

    await page.goto(base + '/search?q=' + unique);
    check((await resultCount(page)) === 2, 'the opening post and the reply');
    const hrefs = await resultLinks(page).evaluateAll((as) => as.map((x) => x.getAttribute('href')));
    // The title weighs more: the opening post, which has the word in the title too, comes first.
    check(hrefs[0] === new URL(threadUrl).pathname, `opening post first: ${hrefs.join(', ')}`);
    check(/^\/forum\/p\/\d+$/.test(hrefs[1] || ''), 'then the reply');
    const labels = await page.locator('main ol.cs-search-results li p.small strong').allTextContents();
    check(labels.every((l) => l === 'Forum post'), 'both are forum posts');
    check((await page.locator('main ol.cs-search-results mark', { hasText: unique }).count()) >= 3,
          'the word marked in titles and texts');
  });

  await step('a thread hidden by a moderator leaves the results, and comes back when shown', async () => {
    const mod = await signIn('team@buergerakademie.example.org');
    const m = mod.page;
    watchConsole(m, errors);
    await m.goto(threadUrl + '/moderate');
    await m.locator('#hide_reason').fill('Duplicate of the pinned thread');
    await Promise.all([m.waitForURL(threadUrl), m.locator('form[action$="/hide"] button[type=submit]').click()]);

    await page.goto(base + '/search?q=' + unique);
    check((await resultCount(page)) === 0, 'hidden thread not found');
    check(await page.getByText('Some suggestions:').isVisible(), 'suggestions instead');
    await page.goto(base + '/search?type=forum&q=' + unique);
    check((await resultCount(page)) === 0, 'not among the forum posts either');

    await m.goto(threadUrl + '/moderate');
    await m.locator('#hide_reason').fill('Not a duplicate after all');
    await Promise.all([m.waitForURL(threadUrl), m.locator('form[action$="/unhide"] button[type=submit]').click()]);
    await mod.context.close();
    await page.goto(base + '/search?q=' + unique);
    check((await resultCount(page)) === 2, 'found again once shown');
  });

  await step('no errors in the browser console (CSP included)', async () => {
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
    await visitor.close();
  });
} catch {
  // reported by step()
}
await finish();

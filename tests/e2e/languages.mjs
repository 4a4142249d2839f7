// Browser test of the demo in each of the five languages: the home page, a course and its
// video lesson (captions in the page's language), each audited by axe-core.
import { base, browser, check, audit, step, finish } from './lib.mjs';

try {
  for (const lang of ['it', 'en', 'de', 'sv', 'fi']) {
    const context = await browser.newContext({ locale: lang });
    const page = await context.newPage();
    await step(`home page, a course and a video lesson in ${lang}`, async () => {
      await page.goto(`${base}/?lang=${lang}`);
      check((await page.getAttribute('html', 'lang')) === lang, `home page in ${lang}`);
      await audit(page, `home (${lang})`);
      // A Foundation course for citizens: open to everyone, its first lesson a narrated video.
      await page.goto(`${base}/courses?level=foundation&lang=${lang}`);
      await audit(page, `catalogue (${lang})`);
      await page.locator('main a[href^="/courses/"]').first().click();
      await page.waitForURL(/\/courses\/\d+$/);
      check((await page.getAttribute('html', 'lang')) === lang, `course page in ${lang}`);
      await audit(page, `course (${lang})`);
      await page.locator('main a[href*="/lessons/"]').first().click();
      await page.locator('#lesson-video').waitFor();
      const track = page.locator(`#lesson-video track[srclang="${lang}"]`);
      check((await track.count()) === 1, `captions in ${lang}`);
      await audit(page, `video lesson (${lang})`);
    });
    await context.close();
  }
} catch {
  // reported by step()
}
await finish();

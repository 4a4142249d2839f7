// Shared by every browser test: launching Debian's Chromium, axe-core audits (WCAG 2.1 A
// and AA, one h1, a lang attribute), reading mail from the SMTP sink, and named steps.
// Each tests/e2e/*.mjs file other than this one is a browser test that scripts/test.sh runs.
//
// Env: BASE_URL (running server), MAILDIR (SMTP sink folder), DB_LABEL (for the report).
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const { default: AxeBuilder } = require('@axe-core/playwright');

export const base = process.env.BASE_URL;
export const maildir = process.env.MAILDIR;
export const label = process.env.DB_LABEL || 'default';
if (!base || !maildir) {
  console.error('BASE_URL and MAILDIR are required');
  process.exit(2);
}

export const stats = { passed: 0, failed: 0, audited: new Set() };

export function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`);
}

export async function audit(page, name) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  stats.audited.add(name);
  if (results.violations.length) {
    for (const v of results.violations) {
      console.error(`axe [${name}] ${v.id} (${v.impact}): ${v.help}`);
      for (const n of v.nodes.slice(0, 3)) console.error(`   at ${n.target.join(' ')}: ${n.failureSummary}`);
    }
    throw new Error(`${results.violations.length} accessibility violation(s) on ${name}`);
  }
  const h1 = await page.locator('h1').count();
  check(h1 === 1, `${name} has exactly one h1 (found ${h1})`);
  const lang = await page.getAttribute('html', 'lang');
  check(/^(it|en|de|sv|fi)$/.test(lang || ''), `${name} has a lang attribute`);
}

export function decodeMail(raw) {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const to = /\nTo: <([^>]+)>/.exec(head)?.[1];
  let text = rest.join('\r\n\r\n');
  const boundary = /boundary="([^"]+)"/.exec(head)?.[1];
  if (boundary) {
    // multipart: the first part is the text
    const part = text.split('--' + boundary)[1];
    text = part.slice(part.indexOf('\r\n\r\n') + 4);
  }
  const body = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { to, body };
}

export async function waitForMail(to, timeoutMs = 15000, pattern = null) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const f of readdirSync(maildir).filter((n) => n.endsWith('.eml')).sort()) {
      const mail = decodeMail(readFileSync(join(maildir, f), 'utf8'));
      if (mail.to === to && (!pattern || pattern.test(mail.body))) return mail;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail for ${to}`);
}

export async function step(name, fn) {
  try {
    await fn();
    stats.passed++;
    console.log(`ok   ${label}: ${name}`);
  } catch (e) {
    stats.failed++;
    console.error(`FAIL ${label}: ${name}\n     ${e.message}`);
    throw e;
  }
}

export const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});

// Prints the summary and exits with the outcome; call once at the end of a test file.
export async function finish() {
  await browser.close();
  console.log(`pages audited with axe-core: ${stats.audited.size}`);
  console.log(`browser tests on ${label} done`);
  console.log(`e2e: ${stats.passed} passed, ${stats.failed} failed`);
  process.exit(stats.failed ? 1 : 0);
}

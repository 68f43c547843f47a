// Shared plumbing of the browser tests: Debian's Chromium driven by
// playwright-core, one browser context (cookie jar) per person, every
// console message and page error recorded, screenshots kept as artifacts,
// and axe-core's WCAG 2.1 AA checks.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const env = {
  url: (process.env.RF_CONSOLE_URL ?? '').replace(/\/$/, ''),
  passwords: process.env.RF_PASSWORDS_DIR ?? '',
  artifacts: process.env.RF_ARTIFACTS_DIR ?? 'artifacts',
  spki: process.env.RF_CONSOLE_SPKI ?? '',
  chromium: process.env.RF_CHROMIUM ?? '/usr/bin/chromium',
  maildir: process.env.RF_MAILDIR ?? '',
};
if (!env.url || !env.passwords) throw new Error('RF_CONSOLE_URL and RF_PASSWORDS_DIR must be set');
mkdirSync(env.artifacts, { recursive: true });

let checks = 0;
export function check(condition, what) {
  checks++;
  if (!condition) throw new Error(`FAIL: ${what}`);
  console.log(`ok ${checks} - ${what}`);
}
export const checksRun = () => checks;

export async function launch() {
  const args = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];
  // Trust exactly the console's certificate (from the local CA), nothing else.
  if (env.spki) args.push(`--ignore-certificate-errors-spki-list=${env.spki}`);
  return chromium.launch({ executablePath: env.chromium, headless: true, args });
}

/** A signed-in page for `who` (the demo cast's file name, e.g. "review-1"). */
export async function signIn(browser, who, account, options = {}) {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1366, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  page.problems = [];
  page.expectedRefusals = 0;
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      page.problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
  await page.goto(`${env.url}/login`);
  await page.locator('#login-person').fill(account);
  await page.locator('#login-password').fill(readFileSync(join(env.passwords, `${who}.password`), 'utf8').trim());
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/inbox$/);
  return page;
}

/** Fails on any console error or warning except the refusals the test provoked on purpose. */
export function checkNoConsoleErrors(page, who) {
  // Each refusal the test provoked (CSRF, permission, stale digest) is logged
  // once by Chromium as a failed load; exactly that many are excused.
  let excused = page.expectedRefusals;
  const problems = page.problems.filter((p) => {
    if (excused > 0 && /Failed to load resource: the server responded with a status of 4\d\d/.test(p)) {
      excused--;
      return false;
    }
    return true;
  });
  check(problems.length === 0, `${who}: no console error or warning (${problems.join(' | ') || 'none'})`);
}

export async function shot(page, name) {
  await page.screenshot({ path: join(env.artifacts, `${name}.png`) });
}

/** axe-core WCAG 2.0/2.1 A and AA: no serious or critical violation. */
export async function accessible(page, screen) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const detail = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`).join('; ');
  check(bad.length === 0, `${screen}: axe finds no serious or critical WCAG 2.1 AA violation${detail ? ` — ${detail}` : ''}`);
}

/** Reloads `page` until `locator` shows up (the services work asynchronously through outboxes). */
export async function waitFor(page, locator, what, seconds = 30) {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    try {
      await locator.first().waitFor({ timeout: 2000 });
      return;
    } catch {
      if (Date.now() > until) {
        await shot(page, `failed-${what.replace(/[^a-z0-9]+/gi, '-')}`);
        throw new Error(`FAIL: ${what} did not appear within ${seconds} s on ${page.url()}`);
      }
      await page.reload();
    }
  }
}

/** Waits for `text` on `page`; on timeout the failure quotes the screen's error message. */
export async function expectText(page, text, seconds = 30) {
  try {
    await page.getByText(text).first().waitFor({ timeout: seconds * 1000 });
  } catch {
    const errors = await page.locator('.error-box').allInnerTexts();
    throw new Error(`FAIL: "${text}" did not appear on ${page.url()}; the screen says: ${errors.join(' | ') || '(nothing)'}`);
  }
}

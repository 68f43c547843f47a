// The console's first screen, measured: against a running local stack
// (deploy/local/up; source .local/env), opens the sign-in screen N times in
// Debian's Chromium, each time in a fresh browser context (no cache, no
// cookies: a person's first visit), and once more per run with the cache
// warm (the content-hashed assets are immutable). Prints the time from
// navigation to the account field being usable, and the JavaScript the
// first screen loads, gzipped. Run: bench/console_first_screen.sh [N] (from the repository root).
import { chromium } from 'playwright-core';
import { gzipSync } from 'node:zlib';

const url = (process.env.RF_CONSOLE_URL ?? '').replace(/\/$/, '');
const runs = Number(process.argv[2] ?? 20);
const args = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];
if (process.env.RF_CONSOLE_SPKI) args.push(`--ignore-certificate-errors-spki-list=${process.env.RF_CONSOLE_SPKI}`);
const browser = await chromium.launch({ executablePath: process.env.RF_CHROMIUM ?? '/usr/bin/chromium', args });

async function once(context) {
  const page = await context.newPage();
  const start = Date.now();
  await page.goto(`${url}/login`);
  await page.locator('#login-person').waitFor();
  await page.locator('#login-person').fill('u');
  const ms = Date.now() - start;
  await page.close();
  return ms;
}

const cold = [];
const warm = [];
let gzipped = 0;
for (let i = 0; i < runs + 2; i++) {
  const context = await browser.newContext();
  const first = await once(context);
  const second = await once(context);
  if (i >= 2) { // two warm-up rounds: Chromium's own start-up is not the console's
    cold.push(first);
    warm.push(second);
  }
  if (i === 0) {
    const page = await context.newPage();
    await page.goto(`${url}/login`);
    const srcs = await page.evaluate(() =>
      [...document.querySelectorAll('script[src], link[rel=modulepreload]')].map((e) => e.src || e.href));
    for (const src of srcs) {
      const bytes = await page.evaluate(async (u) => Array.from(new Uint8Array(await (await fetch(u)).arrayBuffer())), src);
      gzipped += gzipSync(Buffer.from(bytes), { level: 9 }).length;
    }
  }
  await context.close();
}
await browser.close();

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return `median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${s[s.length - 1]} ms`;
};
console.log(`first screen (登录), ${runs} runs, fresh context (first visit): ${stats(cold)}`);
console.log(`first screen (登录), same context again (cache warm):          ${stats(warm)}`);
console.log(`initial JavaScript: ${(gzipped / 1024).toFixed(1)} KB gzipped (target < 350 KB)`);

// Screenshots a Bench HTML report in headless Chromium once every chart has rendered: the whole
// page, or the element a CSS selector names (e.g. `#experiment-e3`). Used for the example READMEs:
//   node packages/report/scripts/screenshot.mjs report.html out.png [selector]
// Needs playwright-core (a dev dependency) and Chromium (CHROMIUM, default /usr/bin/chromium).
import { chromium } from 'playwright-core';

const [file, out, selector] = process.argv.slice(2);
if (!file || !out) {
  console.error('usage: node screenshot.mjs report.html out.png [selector]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(new URL(file, `file://${process.cwd()}/`).href);
  await page.waitForFunction(() => globalThis.__benchCharts?.done === true, null, { timeout: 120_000 });
  const state = await page.evaluate(() => globalThis.__benchCharts);
  if (state.failed.length || errors.length)
    throw new Error(`charts failed: ${[...state.failed, ...errors].join('; ')}`);
  if (selector) await page.locator(selector).screenshot({ path: out });
  else await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out} (${state.rendered} charts)`);
} finally {
  await browser.close();
}

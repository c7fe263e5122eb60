/**
 * The browser tests' Jest environment: when a test fails, it saves what the
 * browser showed at that moment (FAILED-<test>.png and the page's URL in
 * tests/artifacts/), because a timeout alone says nothing about why a click
 * led nowhere. helpers/browser.ts registers the open page on the test's global.
 */
const fs = require('fs');
const path = require('path');
const { TestEnvironment } = require('jest-environment-node');

const ARTIFACTS = path.resolve(__dirname, '../../artifacts');

class BrowserTestEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    if (event.name !== 'test_fn_failure') return;
    const page = this.global.__messagingE2ePage;
    if (!page || page.isClosed()) return;
    const name = `FAILED-${event.test.name}`.replace(/[^\w.-]+/g, '-').slice(0, 120);
    try {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({
        path: path.join(ARTIFACTS, `${name}.png`),
        fullPage: true,
        timeout: 10000,
      });
      // CI keeps only the console output of a failed run: the page's text goes there too
      const text = (await page.evaluate(() => globalThis.document.body.innerText))
        .replace(/\s+/g, ' ')
        .slice(0, 800);
      fs.writeFileSync(path.join(ARTIFACTS, `${name}.txt`), `${page.url()}\n${text}\n`);
      console.error(
        `[e2e] failed at ${page.url()}; screenshot tests/artifacts/${name}.png; the page said: ${text}`
      );
    } catch (error) {
      console.error(`[e2e] no failure screenshot: ${error.message}`);
    }
  }
}

module.exports = BrowserTestEnvironment;

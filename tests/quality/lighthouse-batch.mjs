// Lighthouse (npm package of package.json) on several pages with one Chromium:
//   CHROME_PATH=/usr/bin/chromium node lighthouse-batch.mjs OUT_DIR PROFILE_DIR URL...
// writes OUT_DIR/0.json, OUT_DIR/1.json… (Lighthouse's JSON report of each URL, mobile
// emulation, the four categories). One browser for all pages saves its start-up each time;
// Lighthouse still clears the cache and storage before each page.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const [outDir, profileDir, ...urls] = process.argv.slice(2);
mkdirSync(profileDir, { recursive: true });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  userDataDir: profileDir,
  chromeFlags: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  for (const [index, url] of urls.entries()) {
    let result;
    // a second try when Chromium hiccups (the report's runtimeError says so)
    for (let attempt = 0; attempt < 2 && (!result || result.lhr.runtimeError); attempt += 1) {
      result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      });
    }
    writeFileSync(join(outDir, `${index}.json`), result.report);
  }
} finally {
  await chrome.kill();
}

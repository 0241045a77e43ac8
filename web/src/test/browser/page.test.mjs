// Drives the gbscan web page in Debian's headless Chromium through playwright-core.
// Started by the JUnit test WebPageBrowserTest, which runs the server and passes what to check:
//   GBSCAN_URL         base URL of the running server (http://127.0.0.1:PORT)
//   GBSCAN_PHOTO       path of a phantom phone photo (JPEG)
//   GBSCAN_EXPECTED    probability text the page must show for it (e.g. "63.2 %")
//   GBSCAN_TOKEN       bearer token of the server
//   GBSCAN_STUDY_ID    id of a study stored in the report store before the run
//   GBSCAN_SHOTS       folder for screenshots
//   GBSCAN_UPLOADS     uploads to time (default 20)
// Prints one JSON line "RESULT {...}" with the timings; exits non-zero with a message on any failure.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) {
    throw new Error(`environment variable ${name} is not set`);
  }
  return v;
};
const base = env('GBSCAN_URL');
const photo = env('GBSCAN_PHOTO');
const expected = env('GBSCAN_EXPECTED');
const token = env('GBSCAN_TOKEN');
const studyId = env('GBSCAN_STUDY_ID');
const shots = env('GBSCAN_SHOTS');
const uploads = Number(env('GBSCAN_UPLOADS', '20'));
mkdirSync(shots, { recursive: true });

/** A full-page screenshot from the top (a sticky header would otherwise land mid-page). */
async function shot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, name), fullPage: true });
}

function check(condition, message) {
  if (!condition) {
    throw new Error('check failed: ' + message);
  }
}

// A new, empty profile for every run; playwright takes it as the persistent context's user data dir
// (it refuses a --user-data-dir flag of its own).
const profile = mkdtempSync(join(tmpdir(), 'gbscan-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
});
const consoleErrors = [];
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));

  // 1. The page at phone size, before anything is chosen.
  await page.goto(base + '/', { waitUntil: 'load' });
  check(await page.locator('#file').getAttribute('capture') === 'environment', 'file input asks for the rear camera');
  check((await page.locator('#file').getAttribute('accept')).includes('.dcm'), 'file input accepts DICOM');
  await shot(page, '01-start-375.png');
  // Uploads need the access token (as after signing in); step 5 signs in through the form itself.
  await page.evaluate((t) => sessionStorage.setItem('gbscan.token', t), token);

  // 2. Upload the phantom phone photo and wait for the result.
  async function upload() {
    const seq = Number(await page.locator('#result').getAttribute('data-seq') || '0');
    const t0 = Date.now();
    await page.locator('#file').setInputFiles(photo);
    await page.waitForFunction((s) => Number(document.getElementById('result').dataset.seq || '0') > s, seq, { timeout: 60000 });
    const wall = Date.now() - t0;
    const pageMs = Number(await page.locator('#result').getAttribute('data-roundtrip-ms'));
    return { wall, pageMs };
  }
  await upload();
  const probabilityText = (await page.locator('#probability').textContent()).trim();
  check(probabilityText === expected, `probability shown is "${probabilityText}", expected "${expected}"`);
  check(await page.locator('#result').isVisible(), 'result card is visible');
  const camWidth = await page.locator('#cam').evaluate((img) => img.naturalWidth);
  check(camWidth > 0, `CAM image loaded (naturalWidth ${camWidth})`);
  const photoWidth = await page.locator('#photo').evaluate((img) => img.naturalWidth);
  check(photoWidth > 0, `photo loaded (naturalWidth ${photoWidth})`);
  const label = (await page.locator('#label').textContent()).trim();
  check(label === 'BA suspected' || label === 'BA not suspected', `label shown: "${label}"`);
  check((await page.locator('#model').textContent()).trim().length > 2, 'model name and version shown');
  check(/ms/.test(await page.locator('#timing').textContent()), 'scoring time shown');
  check((await page.locator('#disclaimer').textContent()).includes('AI-generated - not for diagnostic use'), 'disclaimer shown');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `no horizontal scrolling at 375 px (overflow ${overflow} px)`);
  await shot(page, '02-result-375.png');

  // 3. Time from upload to result, over repeated uploads (the first one above warmed up).
  const walls = [];
  const pageTimes = [];
  for (let i = 0; i < uploads; i++) {
    const t = await upload();
    walls.push(t.wall);
    pageTimes.push(t.pageMs);
  }
  const p50 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

  // 4. A file that is not an image: the page says why.
  await page.locator('#file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await page.locator('#score-error').waitFor({ state: 'visible' });
  const refusal = await page.locator('#score-error').getAttribute('data-status');
  check(refusal === '415', `text file refused with 415, got ${refusal}: ${await page.locator('#score-error').textContent()}`);
  await shot(page, '03-error-375.png');

  // 5. Studies: sign in (wrong token first), list, open one.
  await page.evaluate(() => sessionStorage.removeItem('gbscan.token'));
  await page.goto(base + '/#studies');
  await page.locator('#signin').waitFor({ state: 'visible' });
  await shot(page, '04-signin-375.png');
  await page.locator('#token').fill('wrong-' + token);
  await page.locator('#signin button[type=submit]').click();
  await page.locator('#signin-error').waitFor({ state: 'visible' });
  await page.locator('#token').fill(token);
  await page.locator('#signin button[type=submit]').click();
  await page.waitForFunction(() => {
    const l = document.getElementById('study-list');
    return l && l.dataset.thumbsLoaded !== undefined;
  }, null, { timeout: 30000 });
  check(await page.evaluate(() => sessionStorage.getItem('gbscan.token')) === token, 'token kept in sessionStorage');
  const rows = await page.locator('.study-row').count();
  check(rows >= 1, `at least one study listed (got ${rows})`);
  const row = page.locator(`.study-row[data-id="${studyId}"]`);
  check(await row.count() === 1, `stored study ${studyId} is listed`);
  const thumbWidth = await row.locator('img.thumb').evaluate((img) => img.naturalWidth);
  check(thumbWidth > 0, `CAM thumbnail of the stored study loaded (naturalWidth ${thumbWidth})`);
  await shot(page, '05-studies-375.png');

  await row.click();
  await page.waitForFunction(() => document.getElementById('frame-list').dataset.camsLoaded !== undefined, null, { timeout: 30000 });
  check(!(await page.locator('#study').isHidden()), 'study detail shown');
  const cams = Number(await page.locator('#frame-list').getAttribute('data-cams-loaded'));
  check(cams >= 1, `frame heat maps loaded (${cams})`);
  const href = await page.locator('#fhir-link').getAttribute('href');
  check(href === `/fhir/DiagnosticReport/${studyId}`, `FHIR DiagnosticReport link is ${href}`);
  await page.locator('#fhir-link').click();
  await page.locator('#fhir-json').waitFor({ state: 'visible' });
  const fhirText = await page.locator('#fhir-json').textContent();
  check(fhirText.includes('"resourceType": "DiagnosticReport"'), 'FHIR DiagnosticReport fetched with the token');
  await shot(page, '06-study-375.png');

  // 6. Desktop width: same page, wider layout, no overflow.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(base + '/#score');
  await upload();
  const desktopOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(desktopOverflow <= 0, `no horizontal scrolling at 1280 px (overflow ${desktopOverflow} px)`);
  await shot(page, '07-result-1280.png');

  check(consoleErrors.filter((e) => !/status of 4\d\d/.test(e)).length === 0,
    'no JavaScript errors in the console: ' + consoleErrors.join(' | '));

  const result = {
    uploads, p50WallMs: p50(walls), p50PageMs: p50(pageTimes),
    minWallMs: Math.min(...walls), maxWallMs: Math.max(...walls), probabilityText, label,
  };
  writeFileSync(join(shots, 'timing.json'), JSON.stringify({ ...result, walls, pageTimes }, null, 2));
  console.log('RESULT ' + JSON.stringify(result));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

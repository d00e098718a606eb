// Drives the web console in Debian's Chromium (never a downloaded browser) against a running service:
//   CONSOLE_URL=http://127.0.0.1:<port> VIDEO_ID=<id> SHOTS=<folder> node console.test.mjs
// Every step checks what a person would see; the last line printed is a JSON summary the xunit test checks
// against the service's own records. Exits 1 with the failing step on any failure.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.CONSOLE_URL;
const videoId = process.env.VIDEO_ID;
const shots = process.env.SHOTS;
if (!base || !videoId || !shots) throw new Error('CONSOLE_URL, VIDEO_ID and SHOTS are required.');
mkdirSync(shots, { recursive: true });

const summary = { screenshots: [] };
const problems = [];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
let step = 'start';
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // A refused call (the vendor errors the console shows) is logged by the browser as a failed resource: not a problem.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error: ${message.text()}`);
  });
  // Whole pages from the top (the header is sticky); `here` keeps the viewport as it is, hover and all.
  const shot = async (name, here = false) => {
    const path = join(shots, `${name}.png`);
    if (!here) await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path, fullPage: !here });
    summary.screenshots.push(path);
  };
  const check = (condition, message) => { if (!condition) throw new Error(message); };
  const jobStatus = (jobId) => page.evaluate(async (id) => (await (await fetch(`/_emulator/jobs/${id}`)).json()).Status, jobId);

  step = 'videos page';
  await page.goto(`${base}/console/`);
  const tile = page.locator(`#videos a[data-video="${videoId}"]`);
  await tile.waitFor();
  check((await tile.locator('.pill').textContent()) === 'UploadSucc', 'the new video is listed as UploadSucc');
  summary.videoTile = (await tile.innerText()).split('\n').map((s) => s.trim()).filter(Boolean);

  step = 'video page before approval';
  await tile.click();
  await page.waitForURL(`**/console/#/videos/${videoId}`);
  await page.locator('.player .error .code').waitFor();
  summary.playError = await page.locator('.player .error .code').textContent();

  step = 'approve (CreateAudit)';
  await page.locator('#approve').click();
  await page.locator('#player').waitFor();
  check((await page.locator('.head .pill').first().textContent()) === 'Normal', 'the video is Normal after CreateAudit');

  step = 'a vendor error in the form';
  await page.goto(`${base}/console/#/submit?video=${videoId}`);
  await page.locator('#submit-form').waitFor();
  await page.locator('input[name=mode][value=parameters]').check();
  await page.locator('input[name=Count]').fill('abc');
  await page.locator('#submit').click();
  await page.locator('#feedback .error .code').waitFor();
  summary.formError = { code: await page.locator('#feedback .error .code').textContent(), message: await page.locator('#feedback .error .message').textContent() };

  step = 'a sprite job from the form';
  await page.locator('input[name=Count]').fill('8');
  await page.locator('input[name=SpecifiedOffsetTime]').fill('230');
  await page.locator('input[name=Interval]').fill('1');
  await page.locator('input[name=Width]').fill('320');
  await page.locator('textarea[name=SpriteSnapshotConfig]').fill('{"CellWidth":160,"Columns":4,"Lines":2,"Padding":4,"Margin":6,"Color":"tomato","KeepCellPic":"keep"}');
  await shot('submit');
  await page.locator('#submit').click();
  await page.waitForURL(/#\/jobs\/[0-9a-f]{32}$/);
  summary.spriteJobId = page.url().split('/').pop();
  await page.locator('.head .pill[data-status="Succeeded"]').waitFor({ timeout: 120_000 });

  step = 'the sheet and its grid';
  const sheet = page.locator('#sheets .sheet[data-sheet="1"]');
  await sheet.locator('img').waitFor();
  await page.waitForFunction(() => { const img = document.querySelector('#sheets .sheet img'); return img && img.complete && img.naturalWidth > 0; });
  summary.sheet = await sheet.evaluate((element) => {
    const img = element.querySelector('img');
    const cells = [...element.querySelectorAll('.cell')].map((c) => { const r = c.getBoundingClientRect(); return { cell: Number(c.dataset.cell), pts: Number(c.dataset.pts), x: r.x, y: r.y, w: r.width, h: r.height }; });
    const box = img.getBoundingClientRect();
    return { naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight, shownWidth: box.width, shownHeight: box.height, left: box.x, top: box.y, cells };
  });
  check(summary.sheet.cells.length === 8, `the grid has 8 cells, not ${summary.sheet.cells.length}`);

  step = 'hover a cell';
  const cell = sheet.locator('.cell[data-cell="6"]');
  await cell.hover();
  await page.locator('#tip:not([hidden])').waitFor();
  summary.hover = { cell: 6, tip: await page.locator('#tip').textContent(), pts: Number(await cell.getAttribute('data-pts')) };
  summary.frames = await page.locator('#frames figure').evaluateAll((figures) => figures.map((f) => ({
    index: Number(f.dataset.index), requested: f.querySelector('.requested').textContent, pts: f.querySelector('.pts').textContent,
    delta: f.querySelector('.delta')?.textContent,
    loaded: f.querySelector('img').complete && f.querySelector('img').naturalWidth > 0,
  })));
  await shot('job', true);
  await shot('job-page');

  step = 'redeliver the callback';
  const delivery = page.locator('#deliveries .delivery').first();
  await page.locator('#deliveries .delivery[data-status="Delivered"]').first().waitFor({ timeout: 60_000 });
  const attemptsBefore = await delivery.locator('tr[data-attempt]').count();
  await delivery.locator('button.redeliver').click();
  await page.locator('#redelivered').waitFor();
  await page.waitForFunction((before) => {
    const d = document.querySelector('#deliveries .delivery');
    return d && d.dataset.status === 'Delivered' && d.querySelectorAll('tr[data-attempt]').length > before;
  }, attemptsBefore, { timeout: 60_000 });
  summary.redelivery = {
    attemptsBefore,
    attemptsAfter: await page.locator('#deliveries .delivery').first().locator('tr[data-attempt]').count(),
    deliveryId: await page.locator('#deliveries .delivery').first().getAttribute('data-delivery'),
  };

  step = 'a WebVTT job from a template';
  await page.goto(`${base}/console/#/submit?video=${videoId}`);
  await page.locator('#submit-form').waitFor();
  await page.locator('input[name=mode][value=template]').check();
  const vttTemplate = await page.locator('select[name=SnapshotTemplateId] option', { hasText: 'WebVTT' }).first().getAttribute('value');
  await page.locator('select[name=SnapshotTemplateId]').selectOption(vttTemplate);
  await page.locator('#submit').click();
  await page.waitForURL(/#\/jobs\/[0-9a-f]{32}$/);
  summary.vttJobId = page.url().split('/').pop();

  step = 'the jobs list, live';
  await page.goto(`${base}/console/#/jobs`);
  const vttRow = page.locator(`#jobs tr[data-job="${summary.vttJobId}"]`);
  await vttRow.waitFor();
  summary.vttStatusSeen = [await vttRow.getAttribute('data-status')];
  // No reload from here: the page itself must follow the job to its end.
  await page.locator(`#jobs tr[data-job="${summary.vttJobId}"][data-status="Succeeded"]`).waitFor({ timeout: 180_000 });
  summary.vttStatusSeen.push('Succeeded');
  check(await page.locator(`#jobs tr[data-job="${summary.spriteJobId}"][data-status="Succeeded"]`).count() === 1, 'the sprite job is listed as Succeeded');
  await shot('jobs');

  step = 'play the video and seek';
  await page.goto(`${base}/console/#/videos/${videoId}`);
  await page.locator('#vtt').waitFor();
  await page.waitForFunction(() => Number(document.querySelector('#seek')?.dataset.cues) > 0);
  const player = page.locator('#player');
  await player.evaluate((video) => video.play());
  await page.waitForFunction(() => document.querySelector('#player').currentTime > 0.3, null, { timeout: 30_000 });
  await player.evaluate((video) => video.pause());
  const seek = page.locator('#seek');
  const box = await seek.boundingBox();
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
  await page.locator('#preview:not([hidden])').waitFor();
  summary.preview = {
    at: await page.locator('#preview .at').textContent(),
    image: await page.locator('#preview .pic').evaluate((e) => e.style.backgroundImage),
    position: await page.locator('#preview .pic').evaluate((e) => e.style.backgroundPosition),
  };
  await page.mouse.down();
  await page.mouse.up();
  await page.waitForFunction(() => { const v = document.querySelector('#player'); return !v.seeking && v.readyState >= 2; });
  summary.seek = await player.evaluate((video) => ({ currentTime: video.currentTime, duration: video.duration }));
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.locator('#preview:not([hidden])').waitFor();
  await shot('video', true);

  step = 'videos page with a thumbnail grid';
  await page.goto(`${base}/console/#/videos`);
  await page.locator(`#videos a[data-video="${videoId}"] .pill`, { hasText: 'Normal' }).waitFor();
  await shot('videos');

  step = 'add a template';
  await page.goto(`${base}/console/#/templates`);
  await page.locator('#template-form').waitFor();
  const before = await page.locator('#templates tbody tr').count();
  await page.locator('#template-form input[name=Name]').fill('Console sprite 4x3');
  await page.locator('#template-form button[type=submit]').click();
  await page.locator('#templates tbody tr', { hasText: 'Console sprite 4x3' }).waitFor();
  summary.templates = { before, after: await page.locator('#templates tbody tr').count() };
  await shot('templates');

  step = 'callbacks page';
  await page.goto(`${base}/console/#/callbacks`);
  await page.locator('#callback-config dl').waitFor();
  summary.callbackConfig = await page.locator('#callback-config dl').innerText();
  await page.locator('#deliveries tbody tr').first().waitFor();
  await shot('callbacks');

  step = 'dark theme';
  await page.goto(`${base}/console/#/jobs/${summary.spriteJobId}`);
  await page.locator('#sheets .sheet img').waitFor();
  await page.locator('#theme').click();
  summary.theme = await page.evaluate(() => document.documentElement.dataset.theme);
  await page.waitForFunction(() => document.querySelector('#sheets .sheet img').complete);
  await shot('job-dark');

  check(problems.length === 0, problems.join('\n'));
  summary.ok = true;
} catch (error) {
  summary.ok = false;
  summary.failedStep = step;
  summary.error = String(error?.stack ?? error);
  summary.problems = problems;
} finally {
  await browser.close();
}
console.log(JSON.stringify(summary));
process.exit(summary.ok ? 0 : 1);

// Journey: a person runs the default scenario and watches it live: play, pause, step, reset,
// drag the timeline back, crash a consumer, compare delivery guarantees, trace an event.
// Controls are found by role and accessible name, as people find them.
import { test, expect, openApp, node } from './fixtures';
import type { Page, Locator } from '@playwright/test';

const timeline = (page: Page) => page.getByRole('slider', { name: 'Timeline' });
const clock = (page: Page) => page.getByLabel('Simulated time', { exact: true });

/** The exact value of an Overview counter (its `data-value`, not the compact text). */
async function counter(page: Page, name: string): Promise<number> {
  const v = await page.getByRole('group', { name, exact: true }).locator('.n').getAttribute('data-value');
  return Number(v);
}

/** Every Overview counter, by name. */
async function counters(page: Page): Promise<Record<string, number>> {
  return page.locator('.counters [role=group]').evaluateAll((els) =>
    Object.fromEntries(els.map((el) => [el.getAttribute('aria-label'), Number(el.querySelector('.n')?.getAttribute('data-value'))])));
}

/** Simulated time in seconds, read from the clock (`12.345 s`, `3:05.2`, `1:02:03`). The range
 *  input is no use here: its value snaps to its 0.1 s step. */
async function simSeconds(page: Page): Promise<number> {
  const text = ((await clock(page).textContent()) ?? '').trim();
  if (text.endsWith(' s')) return Number(text.slice(0, -2));
  return text.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

/** The engine-event count shown in the metrics header (`12,345 engine events · trace …`). */
async function engineEvents(page: Page): Promise<number> {
  const text = (await page.getByText(/engine events · trace/).textContent()) ?? '';
  return Number(text.split(' ')[0].replace(/,/g, ''));
}

/** Drags the timeline to `seconds`, as a drag does: set the range value and fire `input`. */
async function seek(page: Page, seconds: number) {
  await timeline(page).evaluate((el: HTMLInputElement, s) => {
    el.value = String(s);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, seconds);
  await expect.poll(() => simSeconds(page)).toBeCloseTo(seconds, 3);
  await expect(page.getByRole('progressbar', { name: 'Seeking' })).toHaveCount(0);
}

/** Non-transparent pixels on the particle canvas right now. */
async function inkedPixels(page: Page): Promise<number> {
  return page.locator('canvas.particles').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
}

/** Reddish pixels (the "crashed/down" tint and badge) on the particle canvas over a node's box. */
async function redPixelsOver(page: Page, l: Locator): Promise<number> {
  const b = await l.boundingBox();
  if (!b) throw new Error('node not visible');
  return page.locator('canvas.particles').evaluate((c: HTMLCanvasElement, b) => {
    const r = c.getBoundingClientRect();
    const k = c.width / r.width;
    // The box plus the badge above it.
    const x = Math.max(0, Math.floor((b.x - r.left) * k));
    const y = Math.max(0, Math.floor((b.y - 20 - r.top) * k));
    const w = Math.min(c.width - x, Math.ceil(b.width * k));
    const h = Math.min(c.height - y, Math.ceil((b.height + 20) * k));
    const d = c.getContext('2d')!.getImageData(x, y, w, h).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 20 && d[i] > 150 && d[i + 1] < d[i] * 0.4 && d[i + 2] < d[i] * 0.4) n++;
    }
    return n;
  }, b);
}

/** The text of one cell of the per-group table, by group name and column header. */
async function groupCell(page: Page, group: string, column: string): Promise<string> {
  const table = page.getByRole('table', { name: 'Per-group metrics' });
  const headers = await table.locator('thead th').allTextContents();
  const col = headers.indexOf(column);
  expect(col, `column ${column}`).toBeGreaterThanOrEqual(0);
  const row = table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${group}`) }) });
  // Counts are written with thousands separators (`1,234`): read them as numbers.
  return ((await row.locator('th, td').nth(col).textContent()) ?? '').replace(/(\d),(\d)/g, '$1$2');
}

/** Sets an inspector number field and commits it (Enter fires `change`). */
async function setField(page: Page, label: string, value: string) {
  const f = page.getByLabel(label, { exact: true });
  await f.fill(value);
  await f.press('Enter');
  await expect(f).toHaveAttribute('aria-invalid', 'false');
}

async function play(page: Page) {
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
}

async function pause(page: Page) {
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
}

test('play: dots move on the canvas and the counters rise', async ({ page, consoleErrors }) => {
  await openApp(page);
  await expect(clock(page)).toHaveText('0.000 s');
  expect(await counter(page, 'Produced')).toBe(0);
  expect(await inkedPixels(page)).toBe(0);

  await play(page);
  // Dots: over a few frames the particle layer has ink, and it moves (the samples differ).
  const samples: number[] = [];
  for (let i = 0; i < 8; i++) {
    await page.waitForTimeout(150);
    samples.push(await inkedPixels(page));
  }
  expect(Math.max(...samples), `inked pixels per frame: ${samples}`).toBeGreaterThan(100);
  expect(new Set(samples).size, 'the picture changes from frame to frame').toBeGreaterThan(1);

  await expect.poll(() => counter(page, 'Produced')).toBeGreaterThan(0);
  const first = await counters(page);
  await expect.poll(() => counter(page, 'Processed')).toBeGreaterThan(first.Processed);
  await expect.poll(() => counter(page, 'Produced')).toBeGreaterThan(first.Produced);
  expect(await simSeconds(page)).toBeGreaterThan(0);
  await page.screenshot({ path: 'artifacts/live-running.png' });
});

test('pause stops the clock and the counters; step runs the next event', async ({ page, consoleErrors }) => {
  await openApp(page);
  await play(page);
  await expect.poll(() => counter(page, 'Processed')).toBeGreaterThan(3);
  await pause(page);
  const t = await simSeconds(page);
  const c = await counters(page);
  const header = page.getByText(/engine events · trace/);
  const e = await header.textContent();
  await page.waitForTimeout(800);
  expect(await simSeconds(page)).toBe(t);
  expect(await counters(page)).toEqual(c);
  await expect(header).toHaveText(e ?? '');

  // Each step runs exactly the next engine event: the engine-event count goes up by one, time
  // moves forward a little, the run stays paused.
  let events = await engineEvents(page);
  const t0 = await simSeconds(page);
  const steps: number[] = [];
  for (let i = 0; i < 10; i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => engineEvents(page)).toBeGreaterThan(events);
    const now = await engineEvents(page);
    steps.push(now - events);
    events = now;
  }
  expect(steps).toEqual(Array(10).fill(1));
  const t1 = await simSeconds(page);
  expect(t1).toBeGreaterThan(t0);
  expect(t1 - t0).toBeLessThan(1);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
});

/** Ink on the particle canvas strictly between two nodes (the edge joining them, not the boxes). */
async function inkBetween(page: Page, from: Locator, to: Locator): Promise<number> {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('node not visible');
  const rect = { x: a.x + a.width + 8, y: Math.min(a.y, b.y), w: b.x - (a.x + a.width) - 16, h: Math.max(a.height, b.height) };
  return page.locator('canvas.particles').evaluate((c: HTMLCanvasElement, q) => {
    const r = c.getBoundingClientRect();
    const k = c.width / r.width;
    const d = c.getContext('2d')!.getImageData((q.x - r.left) * k, (q.y - r.top) * k, q.w * k, q.h * k).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  }, rect);
}

// Every hop shows, the producer → topic publish included (the Appended hop carries its edge).
test('play: dots also travel the publish edge (producer → topic)', async ({ page, consoleErrors }) => {
  await openApp(page);
  await play(page);
  const samples: number[] = [];
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(100);
    samples.push(await inkBetween(page, node(page, 'Sign-up'), node(page, 'users')));
  }
  expect(Math.max(...samples), `ink on the publish edge per frame: ${samples}`).toBeGreaterThan(20);
  // For comparison, a subscribe edge has dots.
  const sub: number[] = [];
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(100);
    sub.push(await inkBetween(page, node(page, 'users'), node(page, 'Analytics')));
  }
  expect(Math.max(...sub)).toBeGreaterThan(20);
});

test('reset returns to time zero with zero counters', async ({ page, consoleErrors }) => {
  await openApp(page);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
  await play(page);
  await expect.poll(() => counter(page, 'Processed')).toBeGreaterThan(20);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(clock(page)).toHaveText('0.000 s');
  expect(await simSeconds(page)).toBe(0);
  const c = await counters(page);
  expect(Object.keys(c).length).toBeGreaterThanOrEqual(8);
  for (const [name, v] of Object.entries(c)) expect(v, name).toBe(0);
});

test('dragging the timeline back shows exactly what a fresh run shows at that time', async ({ page, consoleErrors }) => {
  await openApp(page);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
  await play(page);
  await expect.poll(() => simSeconds(page), { timeout: 10_000 }).toBeGreaterThan(14);
  await pause(page);
  await seek(page, 7.3);
  const back = await counters(page);
  const backHash = await page.getByText(/engine events · trace/).textContent();
  expect(back.Processed).toBeGreaterThan(0);

  // A fresh run, sought forward to the same instant.
  await page.reload();
  await expect(page.getByRole('banner')).toBeVisible();
  await seek(page, 7.3);
  expect(await counters(page)).toEqual(back);
  await expect(page.getByText(/engine events · trace/)).toHaveText(backHash ?? '');
});

test('crash a consumer under at-least-once: marked crashed, lag rises, work is redelivered', async ({ page, consoleErrors }) => {
  await openApp(page);
  // Slow processing with concurrency so the group always holds unacknowledged work.
  await node(page, 'Billing sync').click();
  await expect(page.getByLabel('Delivery guarantee', { exact: true })).toHaveValue('at_least_once');
  await page.getByLabel('Processing time', { exact: true }).selectOption('fixed');
  await setField(page, 'Mean processing time', '1500');
  await setField(page, 'Concurrency', '8');
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('2');
  await play(page);
  await expect.poll(() => simSeconds(page)).toBeGreaterThan(3);
  expect(await counter(page, 'Redelivered')).toBe(0);
  expect(await redPixelsOver(page, node(page, 'Billing sync'))).toBe(0);

  await page.getByRole('button', { name: 'Crash now' }).click();
  const crashedAt = await simSeconds(page);
  // Marked crashed on the canvas (red tint and badge over the node) — the only place it shows.
  await expect.poll(() => redPixelsOver(page, node(page, 'Billing sync'))).toBeGreaterThan(10);
  await page.screenshot({ path: 'artifacts/live-crashed.png' });
  // Lag rises while it is down.
  await page.getByRole('tab', { name: 'Groups' }).click();
  const lag = async () => Number((await groupCell(page, 'Billing sync', 'Lag')).split(' ')[0]);
  const lag0 = await lag();
  await expect.poll(lag).toBeGreaterThan(lag0);
  // It restarts (after 5 s) and the unacknowledged messages it held are delivered again.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect.poll(() => counter(page, 'Redelivered'), { timeout: 15_000 }).toBeGreaterThan(0);
  expect(await simSeconds(page)).toBeGreaterThan(crashedAt + 4);
  await expect.poll(() => redPixelsOver(page, node(page, 'Billing sync'))).toBe(0);
});

test('a crash after the side effect duplicates it without idempotency, not with effectively-once', async ({ page, consoleErrors }) => {
  await openApp(page);
  await node(page, 'Profile').click();
  // Every crash costs the instance a 5 s restart, so a modest share is enough.
  await setField(page, 'Crash after side effect', '10');
  await page.getByRole('tab', { name: 'Groups' }).click();
  await seek(page, 60);
  const atLeastOnce = Number(await groupCell(page, 'Profile', 'Duplicates'));
  expect(atLeastOnce).toBeGreaterThan(0);
  expect(await groupCell(page, 'Profile', 'Group')).toContain('at-least-once');

  await page.getByLabel('Delivery guarantee', { exact: true }).selectOption('effectively_once');
  await page.getByRole('button', { name: 'Reset' }).click();
  await seek(page, 60);
  expect(await groupCell(page, 'Profile', 'Group')).toContain('effectively-once');
  expect(Number(await groupCell(page, 'Profile', 'Processed'))).toBeGreaterThan(10);
  expect(await groupCell(page, 'Profile', 'Duplicates')).toBe('0');
  // The crashes still happen: the messages are redelivered, but the side effect is not repeated.
  await page.getByRole('tab', { name: 'Overview' }).click();
  expect(await counter(page, 'Redelivered')).toBeGreaterThan(0);
  expect(await counter(page, 'Duplicates')).toBe(0);
});

test('click an event in the log to see its trace', async ({ page, consoleErrors }) => {
  await openApp(page);
  await seek(page, 5);
  await page.getByRole('tab', { name: 'Events' }).click();
  const log = page.getByRole('table', { name: 'Event log' });
  const row = log.getByRole('row', { name: /^Event \d+ at / }).filter({ hasText: 'processed' }).first();
  const label = (await row.getAttribute('aria-label')) ?? '';
  const id = label.match(/^Event (\d+)/)![1];
  await row.click();
  const trace = page.getByRole('complementary', { name: 'Trace' });
  await expect(trace).toBeVisible();
  await expect(trace).toContainText(`Event #${id}`);
  await expect(trace).toContainText('correlation #');
  const hops = trace.getByRole('listitem');
  // Produced, appended to the topic, then delivered and processed by each group.
  expect(await hops.count()).toBeGreaterThanOrEqual(4);
  await expect(hops.first()).toContainText('Sign-up');
  await expect(trace).toContainText('processed');
  await expect(row).toHaveClass(/selected/);
  await page.screenshot({ path: 'artifacts/live-trace.png' });

  await trace.getByRole('button', { name: 'Close trace' }).click();
  await expect(trace).toHaveCount(0);
});

test('filter the event log by event type and key', async ({ page, consoleErrors }) => {
  await page.goto('/?gallery=order-lifecycle');
  await page.getByRole('slider', { name: 'Timeline' }).evaluate((el: HTMLInputElement) => {
    el.value = '10';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.getByRole('tab', { name: 'Events' }).click();
  const log = page.getByRole('table', { name: 'Event log' });
  await page.getByRole('combobox', { name: 'Filter by event type' }).selectOption({ label: 'PaymentAuthorized' });
  const types = await log.locator('tbody tr td:nth-child(3)').allTextContents();
  expect(types.length).toBeGreaterThan(0);
  expect(new Set(types)).toEqual(new Set(['PaymentAuthorized']));
  const key = (await log.locator('tbody tr td:nth-child(4)').first().textContent())!;
  await page.getByRole('textbox', { name: 'Filter by key' }).fill(key);
  const keys = await log.locator('tbody tr td:nth-child(4)').allTextContents();
  expect(new Set(keys)).toEqual(new Set([key]));
});

test('seed and run length: another seed gives another run, the same seed the same run', async ({ page, consoleErrors }) => {
  await openApp(page);
  const seek = async (s: number) => {
    await page.getByRole('slider', { name: 'Timeline' }).evaluate((el: HTMLInputElement, v) => {
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, s);
    // A long seek runs in slices over frames (the clock shows the way there): wait until it
    // has arrived before reading counters.
    await expect(page.getByRole('progressbar', { name: 'Seeking' })).toHaveCount(0);
  };
  const produced = () => page.getByRole('group', { name: 'Produced', exact: true }).locator('.n').getAttribute('data-value');
  // Run length sets the timeline's end.
  const length = page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Run length');
  await length.fill('120');
  await length.press('Enter');
  await expect(page.getByRole('slider', { name: 'Timeline' })).toHaveAttribute('max', '120');
  await seek(90);
  await expect(page.getByLabel('Simulated time')).toHaveText('1:30.0');
  const first = await produced();
  const seed = page.getByRole('toolbar', { name: 'Run controls' }).getByLabel('Seed');
  await seed.fill('777');
  await seed.press('Enter');
  await seek(90);
  await expect.poll(produced).not.toBe(first);
  await seed.fill('12');
  await seed.press('Enter');
  await seek(90);
  await expect.poll(produced).toBe(first);
});

test('keyboard: Enter on a row of the event log opens its trace', async ({ page, consoleErrors }) => {
  await openApp(page);
  await page.getByRole('slider', { name: 'Timeline' }).evaluate((el: HTMLInputElement) => {
    el.value = '5';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.getByRole('tab', { name: 'Events' }).click();
  const row = page.getByRole('table', { name: 'Event log' }).getByRole('row', { name: /^Event \d+ at / }).first();
  await row.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: 'Trace' })).toBeVisible();
});

// Journeys of the fault lane (issue 12, item 2): a fault injected while the run plays joins the
// lane at its time, and the share link replays the run to the same trace hash in a fresh
// browser; bars are dragged, resized, moved by keyboard, edited, undone and deleted.
import { test, expect, node } from './fixtures';
import type { Page, Locator } from '@playwright/test';

const clock = (page: Page) => page.getByLabel('Simulated time', { exact: true });
const timeline = (page: Page) => page.getByRole('slider', { name: 'Timeline' });
const lane = (page: Page) => page.getByRole('region', { name: 'Scheduled faults' });
const bars = (page: Page) => lane(page).locator('.fault-bar');
const bar = (page: Page, name: RegExp) => lane(page).getByRole('button', { name });
const traceText = (page: Page) => page.getByText(/engine events · trace/);

/** Simulated time in seconds, read from the clock (`12.345 s`, `3:05.2`). */
async function simSeconds(page: Page): Promise<number> {
  const text = ((await clock(page).textContent()) ?? '').trim();
  if (text.endsWith(' s')) return Number(text.slice(0, -2));
  return text.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

/** Drags the timeline to `seconds` (sets the range and fires `input`, as a drag does). */
async function seek(page: Page, seconds: number) {
  await timeline(page).evaluate((el: HTMLInputElement, s) => {
    el.value = String(s);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, seconds);
  await expect.poll(() => simSeconds(page)).toBeCloseTo(seconds, 3);
  await expect(page.getByRole('progressbar', { name: 'Seeking' })).toHaveCount(0);
}

/** The time a bar says it starts at (its accessible name: "Crash Payment at 12.3 s for 5 s"). */
async function barAt(l: Locator): Promise<number> {
  const name = (await l.getAttribute('aria-label')) ?? '';
  return Number(/ at ([0-9.]+) s/.exec(name)?.[1]);
}

/** How long a bar says it lasts ("... for 30 s"). */
async function barFor(l: Locator): Promise<number> {
  const name = (await l.getAttribute('aria-label')) ?? '';
  return Number(/ for ([0-9.]+) s$/.exec(name)?.[1]);
}

/** Where a bar starts, as a share of the lane's track (0 at its left end, 1 at its right). */
async function shareOfTrack(page: Page, l: Locator): Promise<number> {
  const track = await lane(page).locator('.lane-track').boundingBox();
  const b = await l.boundingBox();
  if (!track || !b) throw new Error('not visible');
  return (b.x - track.x) / track.width;
}

test('a fault injected while playing joins the lane, and the link replays the run to the same trace hash', async ({ page, browser, consoleErrors }) => {
  test.setTimeout(60_000);
  await page.goto('/?gallery=checkout-fan-out');
  await expect(bars(page)).toHaveCount(2); // the lesson's own down and slow-down windows
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('2');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => simSeconds(page)).toBeGreaterThan(3);

  // Crash Payment from its menu, while the run plays.
  await node(page, 'Payment').click({ button: 'right' });
  const menu = page.getByRole('dialog', { name: 'Payment menu' });
  await menu.getByRole('button', { name: 'Crash now' }).click();
  const injectedAt = await simSeconds(page);
  await page.keyboard.press('Escape');
  const crash = bar(page, /^Crash Payment at /);
  await expect(crash).toHaveCount(1);
  await expect(crash).toHaveAttribute('aria-label', /^Crash Payment at [0-9.]+ s for [0-9.]+ s$/);
  const at = await barAt(crash);
  expect(at).toBeGreaterThan(3);
  expect(at).toBeLessThanOrEqual(injectedAt + 0.1);
  // At its time on the timeline's scale (the lesson runs 90 s).
  expect(await shareOfTrack(page, crash)).toBeCloseTo(at / 90, 2);
  await expect(page.getByRole('button', { name: 'Payment — Consumer group — crashed' })).toBeVisible();

  await expect.poll(() => simSeconds(page)).toBeGreaterThan(at + 3);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  // A time after the crash and its restart: replaying there re-runs the recorded fault.
  const T = Math.round((at + 2.5) * 10) / 10;
  await seek(page, T);
  const hash = await traceText(page).textContent();
  expect(hash).toMatch(/engine events · trace [0-9a-f]{8}$/);
  await page.screenshot({ path: 'artifacts/fault-lane-injected.png' });

  // The share link (the address holds the whole scenario) in a fresh browser.
  const link = page.url();
  expect(link).toContain('#v1.');
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(bar(other, /^Crash Payment at /)).toHaveAttribute('aria-label', (await crash.getAttribute('aria-label'))!);
  await seek(other, T);
  await expect(traceText(other)).toHaveText(hash!);
  await fresh.close();
});

test('bars are dragged, resized, moved by keyboard, edited, undone and deleted', async ({ page, consoleErrors }) => {
  await page.goto('/?gallery=checkout-fan-out');
  const down = bar(page, /^Down Analytics at 15\.0 s for 30 s$/);
  await expect(down).toBeVisible();
  await page.screenshot({ path: 'artifacts/fault-lane-1280.png' });

  // Drag with the mouse: 10 % of the track is 9 s of a 90 s lesson (to the pixel: pointer
  // positions are whole pixels, bars snap to 0.2 s).
  const track = (await lane(page).locator('.lane-track').boundingBox())!;
  const b = (await down.boundingBox())!;
  await page.mouse.move(b.x + b.width / 3, b.y + b.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 3 + track.width * 0.1, b.y + b.height / 2, { steps: 6 });
  await page.mouse.up();
  const moved = bar(page, /^Down Analytics at /);
  await expect.poll(() => barAt(moved)).toBeGreaterThan(23.5);
  const at = await barAt(moved);
  expect(at).toBeCloseTo(24, 0);
  expect(await barFor(moved)).toBe(30);
  await expect(page.getByRole('dialog')).toHaveCount(0); // a drag is not a click

  // Resize by the right edge: longer by 10 % of the track (9 s), the start stays.
  const r = (await moved.boundingBox())!;
  await page.mouse.move(r.x + r.width - 3, r.y + r.height / 2);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width - 3 + track.width * 0.1, r.y + r.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => barFor(moved)).toBeGreaterThan(38.5);
  const length = await barFor(moved);
  expect(length).toBeCloseTo(39, 0);
  expect(await barAt(moved)).toBe(at);

  // By keyboard, one step (2 s of 90): → moves it on, ↑ lengthens it.
  const label = (start: number, span: number) =>
    `Down Analytics at ${start.toFixed(1)} s for ${Math.round(span * 10) / 10} s`;
  await moved.focus();
  await page.keyboard.press('ArrowRight');
  await expect(moved).toHaveAttribute('aria-label', label(at + 2, length));
  await page.keyboard.press('ArrowUp');
  await expect(moved).toHaveAttribute('aria-label', label(at + 2, length + 2));

  // Undo walks back each edit: the keyboard's two, the resize, the drag.
  for (const [start, span] of [[at + 2, length], [at, length], [at, 30], [15, 30]]) {
    await page.keyboard.press('Control+z');
    await expect(moved).toHaveAttribute('aria-label', label(start, span));
  }

  // Enter opens the editor for the bar; a field changes the fault, Escape gives the focus back.
  await moved.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: /^Edit fault: Down Analytics/ });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Fault time').fill('40');
  await dialog.getByLabel('Fault time').press('Tab');
  await expect(moved).toHaveAttribute('aria-label', /^Down Analytics at 40\.0 s for 30 s$/);
  await dialog.getByLabel('Fault kind').selectOption('Crash');
  await expect(bar(page, /^Crash Analytics at 40\.0 s/)).toHaveCount(1);
  await page.screenshot({ path: 'artifacts/fault-lane-editor.png' });
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(bar(page, /^Crash Analytics at 40\.0 s/)).toBeFocused();

  // Delete removes the fault and nothing else (the canvas keeps its nodes).
  const nodes = await page.locator('svg.graph g.node').count();
  await page.keyboard.press('Delete');
  await expect(bars(page)).toHaveCount(1);
  expect(await page.locator('svg.graph g.node').count()).toBe(nodes);
  await page.keyboard.press('Control+z');
  await expect(bars(page)).toHaveCount(2);

  // Add: a fault at the current time on the selected node, its editor open.
  await node(page, 'Fraud check').click();
  await lane(page).getByRole('button', { name: 'Add a fault' }).click();
  await expect(bar(page, /^Crash Fraud check at 0\.0 s for 5 s$/)).toHaveCount(1);
  await expect(page.getByRole('dialog', { name: /^Edit fault: Crash Fraud check/ })).toBeVisible();
});

test('the lane on a phone', async ({ browser, consoleErrors }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/?gallery=checkout-fan-out');
  await expect(bars(page)).toHaveCount(2);
  for (const b of await bars(page).all()) {
    const box = (await b.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  await bar(page, /^Down Analytics/).click();
  const dialog = page.getByRole('dialog', { name: /^Edit fault/ });
  await expect(dialog).toBeVisible();
  const d = (await dialog.boundingBox())!;
  expect(d.x).toBeGreaterThanOrEqual(0);
  expect(d.x + d.width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: 'artifacts/fault-lane-phone.png' });
  await context.close();
});

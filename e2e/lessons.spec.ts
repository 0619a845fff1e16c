// Journey: a reader opens each of the fifteen lessons, finds its notes and checks beside the
// canvas, runs it to its end, and sees every check where the lesson says it ends (green, or red
// where the scenario expects the failure) and the figures its notes name, on screen, with the
// same values. A screenshot of each at its telling moment lands in artifacts/lessons/.
import { test, expect } from './fixtures';
import type { Locator, Page } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

type Tab = 'Overview' | 'Groups' | 'Charts' | 'Events';

/** Where a figure the notes name is shown, and the text it shows there. */
type Figure =
  // A check's value in the notes panel: the check's sentence and its value ("1,153 messages").
  | { check: string; value: string }
  // A counter of the Overview, by its name, and its exact value.
  | { counter: string; value: number }
  // A cell of Metrics → Groups: the group's row, the column's heading, the cell's text.
  | { group: string; column: string; value: string }
  // A figure of a node, in the inspector once the node is selected (also under its box).
  | { node: string; figure: string; value: number };

interface Lesson {
  slug: string;
  /** Figures the notes name, each with the words the notes use for it. */
  figures: { says: string; at: Figure }[];
  /** The telling moment for the screenshot, in simulated seconds (default: the end). */
  moment?: number;
  /** The drawer tab shown in the screenshot (default: Overview). */
  tab?: Tab;
  /** The node selected in the screenshot, its figures in the inspector. */
  select?: string;
}

const lessons: Lesson[] = [
  {
    slug: 'checkout-fan-out', moment: 60, tab: 'Charts',
    figures: [
      { says: '1,153 messages', at: { check: 'largest lag of Analytics < 100 messages', value: '1,153 messages' } },
      { says: '7 ms', at: { check: 'p99 request latency of Order service < 50 ms', value: '7 ms' } },
      { says: 'nothing is lost', at: { check: 'nothing lost', value: '0' } },
    ],
  },
  {
    slug: 'direct-calls-vs-events', moment: 40, select: 'Checkout (calls)',
    figures: [
      { says: '61 in all', at: { check: 'failed requests of Checkout (calls) = 0', value: '61' } },
      { says: '61 failed requests', at: { node: 'Checkout (calls)', figure: 'failed_requests', value: 61 } },
      { says: '61 failed calls', at: { node: 'Payment API', figure: 'failed_calls', value: 61 } },
      { says: '61 failed calls', at: { node: 'Email API', figure: 'failed_calls', value: 61 } },
      { says: '561 ms', at: { check: 'p99 request latency of Checkout (calls) < 50 ms', value: '561 ms' } },
      { says: 'returns in 7 ms', at: { check: 'p99 request latency of Checkout (events) < 50 ms', value: '7 ms' } },
      { says: 'none fails', at: { check: 'failed requests of Checkout (events) = 0', value: '0' } },
    ],
  },
  {
    slug: 'duplicate-payment',
    figures: [
      { says: '26 duplicate side effects', at: { check: 'duplicate side effects at Balances (no key) = 0', value: '26' } },
      { says: '26 duplicate side effects', at: { counter: 'Duplicates', value: 26 } },
      { says: 'the figure under the database', at: { node: 'Balances (no key)', figure: 'duplicate_side_effects', value: 26 } },
      { says: 'Redelivered: 52', at: { counter: 'Redelivered', value: 52 } },
      { says: 'stays at 0', at: { check: 'duplicate side effects at Balances (keyed) = 0', value: '0' } },
    ],
  },
  {
    slug: 'poison-message-and-dlq', tab: 'Groups',
    figures: [
      { says: '3,391 rejected writes', at: { check: 'rejected writes at Warehouse DB (storm) < 1,500', value: '3,391' } },
      { says: '3,391 rejected writes', at: { node: 'Warehouse DB (storm)', figure: 'rejected_writes', value: 3391 } },
      { says: '721 rejected writes', at: { check: 'rejected writes at Warehouse DB (calm) < 1,500', value: '721' } },
      { says: '238 messages reach the DLQ', at: { check: 'dead-lettered at Shipping (no backoff) < 60', value: '238' } },
      { says: 'only the 30 poison messages', at: { check: 'dead-lettered at Shipping (backoff + jitter) < 60', value: '30' } },
      { says: '28 order violations', at: { counter: 'Order violations', value: 28 } },
      { says: '28 order violations', at: { group: 'Shipping (backoff + jitter)', column: 'Order', value: '28' } },
    ],
  },
  {
    slug: 'consumer-down-for-an-hour', moment: 4200, tab: 'Charts',
    figures: [
      { says: '9,065 events expire', at: { check: 'expired at Reporting (short retention) = 0', value: '9,065' } },
      { says: '9,065 events expire', at: { counter: 'Expired', value: 9065 } },
      { says: '18,086 messages behind', at: { check: 'largest lag of Reporting (long retention) > 10,000 messages', value: '18,086 messages' } },
      { says: 'loses nothing', at: { check: 'expired at Reporting (long retention) = 0', value: '0' } },
    ],
  },
  {
    slug: 'out-of-order-events', tab: 'Groups',
    figures: [
      { says: 'no ordering violation', at: { check: 'ordering violations at View (one keyed topic) = 0', value: '0' } },
      { says: '8 ordering violations', at: { check: 'ordering violations at View (two topics) = 0', value: '8' } },
      { says: '11 violations', at: { check: 'ordering violations at View (retries) = 0', value: '11' } },
      { says: '11 violations', at: { group: 'View (retries)', column: 'Order', value: '11' } },
      { says: '19 order violations', at: { counter: 'Order violations', value: 19 } },
    ],
  },
  {
    slug: 'outbox', tab: 'Events',
    figures: [
      { says: '42 orders', at: { check: 'lost by dual write at Orders (dual write) = 0', value: '42' } },
      { says: '42 orders', at: { counter: 'Lost', value: 42 } },
      { says: '42 orders', at: { node: 'Orders (dual write)', figure: 'lost_dual_write', value: 42 } },
      { says: 'duplicate side effects stay 0', at: { check: 'duplicate side effects at Shipping (outbox) = 0', value: '0' } },
    ],
  },
  {
    slug: 'order-lifecycle',
    figures: [
      { says: '3.5 s', at: { check: 'p99 end-to-end latency of Order status view < 1 s', value: '3.5 s' } },
      { says: '55 messages', at: { check: 'largest lag of Order status view < 10 messages', value: '55 messages' } },
      { says: '386 ordering violations', at: { check: 'ordering violations at Order status view = 0', value: '386' } },
      { says: '386 ordering violations', at: { counter: 'Order violations', value: 386 } },
    ],
  },
  {
    slug: 'cqrs-and-replay', moment: 63, tab: 'Charts',
    figures: [
      { says: '3,067 events replayed', at: { check: 'replayed at Balances read model > 1,000', value: '3,067' } },
      { says: '9,116 writes', at: { node: 'Read DB', figure: 'writes', value: 9116 } },
      { says: '123 messages', at: { check: 'largest lag of Balances read model < 50 messages', value: '123 messages' } },
      { says: 'Duplicates stays 0', at: { counter: 'Duplicates', value: 0 } },
      { says: 'stays at 2 ms', at: { check: 'p99 request latency of Accounts (write model) < 50 ms', value: '2 ms' } },
    ],
  },
  {
    slug: 'delivery-guarantees', tab: 'Groups',
    figures: [
      { says: '13 on this seed', at: { check: 'lost at Ledger (at-most-once) = 0', value: '13' } },
      { says: '10 duplicate side effects', at: { check: 'duplicate side effects at Ledger (at-least-once) = 0', value: '10' } },
      { says: 'Lost 13', at: { counter: 'Lost', value: 13 } },
      { says: 'Duplicates 10', at: { counter: 'Duplicates', value: 10 } },
      { says: 'Lost 13', at: { group: 'Ledger (at-most-once)', column: 'Lost', value: '13' } },
      { says: 'Duplicates 10', at: { group: 'Ledger (at-least-once)', column: 'Duplicates', value: '10' } },
      { says: 'nothing doubled', at: { group: 'Ledger (effectively-once)', column: 'Duplicates', value: '0' } },
    ],
  },
  {
    slug: 'schema-change',
    figures: [
      { says: '294 on this seed', at: { check: 'dead-lettered at CRM sync (v1 reader, breaking) = 0', value: '294' } },
      { says: '294 on this seed', at: { counter: 'Dead-lettered', value: 294 } },
      { says: 'nothing is dead-lettered', at: { check: 'dead-lettered at CRM sync (v1 reader, additive) = 0', value: '0' } },
    ],
  },
  {
    slug: 'user-registered',
    figures: [
      { says: '13 messages', at: { check: 'largest lag of Billing sync < 5 messages', value: '13 messages' } },
      { says: '1 message', at: { check: 'largest lag of Profile < 20 messages', value: '1 message' } },
      { says: '287 events produced', at: { counter: 'Produced', value: 287 } },
    ],
  },
  {
    slug: 'acks-1-failover',
    figures: [
      { says: '75 acknowledged orders are lost', at: { check: 'acknowledged writes lost at Orders (acks=1) = 0', value: '75' } },
      { says: 'nothing lost', at: { check: 'acknowledged writes lost at Orders (acks=all) = 0', value: '0' } },
    ],
  },
  {
    slug: 'min-insync-replicas',
    figures: [
      { says: '194,795 refusals', at: { check: 'sends refused (not enough replicas) at Payments (min.insync=2) = 0', value: '194,795' } },
      { says: 'loses 710 acknowledged payments', at: { check: 'acknowledged writes lost at Payments (min.insync=1) = 0', value: '710' } },
      { says: 'loses none', at: { check: 'acknowledged writes lost at Payments (min.insync=2) = 0', value: '0' } },
    ],
  },
  {
    slug: 'retries-without-idempotence',
    figures: [
      { says: '63 retry duplicates', at: { check: 'retry duplicates at Payments (no idempotence) = 0', value: '63' } },
      { says: 'applies 63 payments twice', at: { check: 'duplicate side effects at Ledger (no idempotence) = 0', value: '63' } },
      { says: 'no payment applied twice', at: { check: 'duplicate side effects at Ledger (idempotent) = 0', value: '0' } },
    ],
  },
];

/** The scenario file behind a gallery slug (`scenarios/NN-slug.json`). */
function scenarioFile(slug: string): { title: string; notes: string; checks: { expect_fail?: boolean }[] } {
  const dir = join(__dirname, '..', 'scenarios');
  const file = readdirSync(dir).find((f) => f.replace(/^\d+-/, '') === `${slug}.json`);
  if (!file) throw new Error(`no scenario file for ${slug}`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8'));
}

const notesPanel = (page: Page) => page.getByRole('region', { name: 'Notes' });

/** Drags the timeline to `t` seconds (its end when `t` is past it) and waits for the seek. */
async function seek(page: Page, t?: number) {
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  const end = Number(await timeline.getAttribute('max'));
  const to = t === undefined ? end : Math.min(t, end);
  await timeline.evaluate((el: HTMLInputElement, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, to);
  await expect(page.getByRole('progressbar', { name: 'Seeking' })).toHaveCount(0, { timeout: 60_000 });
  await expect(timeline).toHaveValue(String(to));
}

/** A node on the canvas by its exact name (its accessible name is "Name — Kind"). */
const nodeNamed = (page: Page, name: string) =>
  page.getByRole('button', { name: new RegExp(`^${name.replace(/[()+.]/g, '\\$&')} — `) });

/** Selects a node; the inspector then shows its settings and figures. */
async function select(page: Page, name: string) {
  await nodeNamed(page, name).click();
  await expect(page.getByRole('complementary', { name: 'Inspector' }).getByRole('textbox', { name: 'Name', exact: true }))
    .toHaveValue(name);
}

async function showTab(page: Page, tab: Tab) {
  await page.getByRole('tab', { name: tab }).click();
  await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
}

/** The cell of Metrics → Groups in `group`'s row under the heading `column`. */
async function groupCell(page: Page, group: string, column: string): Promise<Locator> {
  const table = page.getByRole('table', { name: 'Per-group metrics' });
  const headings = await table.getByRole('columnheader').allInnerTexts();
  const index = headings.findIndex((h) => h.trim() === column);
  expect(index, `column ${column} in ${headings.join(', ')}`).toBeGreaterThan(0);
  const row = table.getByRole('row').filter({ hasText: group });
  await expect(row).toHaveCount(1);
  // Cells after the row heading: the heading is column 0.
  return row.getByRole('cell').nth(index - 1);
}

async function expectFigure(page: Page, notes: string, lesson: string, f: { says: string; at: Figure }) {
  expect(notes, `${lesson}: the notes name "${f.says}"`).toContain(f.says);
  const at = f.at;
  if ('check' in at) {
    const line = notesPanel(page).getByRole('listitem').filter({ hasText: at.check });
    await expect(line, `${lesson}: check "${at.check}"`).toHaveCount(1);
    await expect(line.locator('.value')).toHaveText(at.value);
  } else if ('counter' in at) {
    await showTab(page, 'Overview');
    const counter = page.getByRole('group', { name: at.counter, exact: true }).locator('.n');
    await expect(counter, `${lesson}: Overview → ${at.counter}`).toHaveAttribute('data-value', String(at.value));
  } else if ('node' in at) {
    await select(page, at.node);
    const cell = page.locator(`dl[aria-label=Figures] dd[data-figure=${at.figure}]`);
    await expect(cell, `${lesson}: ${at.node} → ${at.figure}`).toHaveAttribute('data-value', String(at.value));
    await page.keyboard.press('Escape');
  } else {
    await showTab(page, 'Groups');
    await expect(await groupCell(page, at.group, at.column), `${lesson}: ${at.group} → ${at.column}`).toHaveText(at.value);
  }
}

for (const lesson of lessons) {
  test(`lesson ${lesson.slug}: notes beside the canvas, checks and figures at the end`, async ({ page }) => {
    test.setTimeout(90_000);
    const file = scenarioFile(lesson.slug);
    await page.goto(`/?gallery=${lesson.slug}`);
    await expect(page.getByRole('banner')).toBeVisible();

    // The notes are there without hunting: the lesson's title and its whole text.
    const panel = notesPanel(page);
    await expect(panel).toBeVisible();
    await expect(panel.getByRole('heading', { name: file.title })).toBeVisible();
    const paragraphs = file.notes.split('\n').filter((l) => l.trim() !== '');
    await expect(panel.locator('p')).toHaveText(paragraphs);
    const notes = paragraphs.join(' ');

    // Run to the end.
    await seek(page);

    // Every check as the scenario file states it: red where it expects the failure.
    const lines = panel.getByRole('list', { name: 'Checks' }).getByRole('listitem');
    await expect(lines).toHaveCount(file.checks.length);
    for (const [i, check] of file.checks.entries()) {
      await expect(lines.nth(i)).toHaveAttribute('data-verdict', check.expect_fail ? 'fail' : 'pass');
    }
    for (const f of lesson.figures) await expectFigure(page, notes, lesson.slug, f);

    // Its telling moment.
    if (lesson.moment !== undefined) await seek(page, lesson.moment);
    await showTab(page, lesson.tab ?? 'Overview');
    if (lesson.select) await select(page, lesson.select);
    if (lesson.tab === 'Events') {
      await page.getByRole('combobox', { name: 'Filter by outcome' }).selectOption({ label: 'Lost, whole run: why' });
    }
    await page.screenshot({ path: `artifacts/lessons/${lesson.slug}.png` });
  });
}

test('the notes hide and show again, and sit beside the graph, never over it', async ({ page }) => {
  await page.goto('/?gallery=order-lifecycle');
  const panel = notesPanel(page);
  const canvas = page.getByRole('region', { name: 'Canvas' });
  const [p, c] = [await panel.boundingBox(), await canvas.boundingBox()];
  expect(p && c).toBeTruthy();
  expect(p!.x + p!.width, 'the notes end where the canvas begins').toBeLessThanOrEqual(c!.x + 1);
  // Every node is inside the canvas at the fitted view.
  for (const n of await page.locator('svg.graph g.node').all()) {
    const b = (await n.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(c!.x);
    expect(b.x + b.width).toBeLessThanOrEqual(c!.x + c!.width);
  }

  const hide = panel.getByRole('button', { name: 'Hide' });
  await expect(hide).toHaveAttribute('aria-expanded', 'true');
  await hide.click();
  await expect(panel.locator('p')).toHaveCount(0);
  await expect(panel.getByRole('list', { name: 'Checks' })).toHaveCount(0);
  await panel.getByRole('button', { name: 'Show' }).click();
  await expect(panel.locator('p').first()).toBeVisible();
  await expect(panel.getByRole('list', { name: 'Checks' })).toBeVisible();
});

test('the author edits the notes in the scenario settings and the panel follows', async ({ page }) => {
  await page.goto('/?gallery=duplicate-payment');
  const field = page.getByRole('textbox', { name: 'Notes' });
  await field.fill('First paragraph.\nSecond paragraph.');
  await field.blur();
  await expect(notesPanel(page).locator('p')).toHaveText(['First paragraph.', 'Second paragraph.']);
  await page.keyboard.press('Control+z');
  await expect(notesPanel(page).locator('p').first()).toContainText('Two balance services');
});

test('on a phone the notes are a sheet under the canvas, folded until asked for', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto('/?gallery=outbox');
  const panel = notesPanel(page);
  // Folded to its heading, so the graph keeps the screen; one tap opens it.
  const show = panel.getByRole('button', { name: 'Show' });
  await expect(show).toBeInViewport();
  await expect(panel.locator('p')).toHaveCount(0);
  await page.screenshot({ path: 'artifacts/lessons/phone-notes-folded.png' });
  await show.tap();
  await expect(panel.locator('p').first()).toBeVisible();
  const [p, c] = [await panel.boundingBox(), await page.getByRole('region', { name: 'Canvas' }).boundingBox()];
  expect(p!.y, 'below the canvas').toBeGreaterThanOrEqual(c!.y + c!.height - 1);
  expect(p!.height).toBeLessThanOrEqual(844 * 0.4 + 1);
  await page.screenshot({ path: 'artifacts/lessons/phone-notes-open.png' });
  await panel.getByRole('button', { name: 'Hide' }).tap();
  await expect(panel.locator('p')).toHaveCount(0);
  await context.close();
});

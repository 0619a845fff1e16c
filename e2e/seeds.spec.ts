// Seed runs in the browser: "Run N seeds" in Web Workers with progress and Cancel, every figure as
// mean ± 95 % confidence interval, each check's share of seeds, and per-seed results equal to the
// command line's (`fanout run --seeds N --json`).
import { execFileSync } from 'node:child_process';
import { test, expect, node } from './fixtures';

const bin = process.env.FANOUT_BIN ?? 'target/debug/fanout';

async function openSeeds(page) {
  await page.goto('/?gallery=checkout-fan-out');
  await expect(page.getByRole('banner')).toBeVisible();
  await page.getByRole('tab', { name: 'Seeds' }).click();
}

test('seeds run in workers and equal the command line, seed by seed', async ({ page, consoleErrors }) => {
  test.setTimeout(120_000);
  await openSeeds(page);
  const count = page.getByRole('spinbutton', { name: 'Number of seeds' });
  await expect(count).toHaveValue('30');
  await count.fill('6');
  await count.press('Tab');
  await page.getByRole('button', { name: 'Run 6 seeds' }).click();
  // The editor stays usable while the workers run: a node can be selected.
  await expect(page.getByRole('progressbar', { name: 'Seeds run' })).toBeVisible();
  await node(page, 'Payment').click();
  await expect(page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Name')).toHaveValue('Payment');
  await expect(page.getByRole('status').filter({ hasText: /^6 seeds \(1 to 6\) in / })).toBeVisible({ timeout: 90_000 });
  await page.screenshot({ path: '/tmp/seeds-done.png' });

  const cli = JSON.parse(execFileSync(bin, ['run', 'scenarios/01-checkout-fan-out.json', '--seeds', '6', '--json'],
    { maxBuffer: 64 << 20 }).toString());
  await page.getByText('Each seed (6)').click();
  const rows = page.getByRole('table', { name: 'Each seed' }).locator('tbody tr');
  await expect(rows).toHaveCount(6);
  for (let i = 0; i < 6; i++) {
    const cells = rows.nth(i).locator('th, td');
    await expect(cells.nth(0)).toHaveText(String(cli.runs[i].seed));
    await expect(cells.nth(1)).toHaveText(cli.runs[i].trace_hash);
    await expect(cells.nth(2)).toHaveText(String(cli.runs[i].engine_events));
  }
  // Every figure's mean is the command line's, in the same order.
  const means = await page.getByRole('table', { name: 'Figures across seeds' }).locator('tbody td[data-mean]')
    .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-mean'))));
  expect(means.length).toBe(cli.measures.length);
  means.forEach((m, i) => expect(m).toBeCloseTo(cli.measures[i].mean, 9));
  const produced = page.getByRole('table', { name: 'Figures across seeds' }).getByRole('row', { name: /^Produced / });
  await expect(produced).toContainText('±');
  // Lag and throughput over the run: a mean line with its 95 % band across the seeds.
  for (const title of ['Consumer lag, all groups', 'Throughput, all groups']) {
    const chart = page.locator('figure.chart', { hasText: title });
    await expect(chart.locator('polyline.chart-line')).toHaveCount(1);
    const band = await chart.locator('polygon.chart-band').getAttribute('points');
    // Forty points along the top of the band and forty back along its bottom.
    expect(band!.trim().split(/\s+/).length).toBe(80);
  }
  // Each check with the seeds in which it held.
  const checks = page.getByRole('list', { name: 'Checks across seeds' }).getByRole('listitem');
  await expect(checks).toHaveCount(cli.checks.length);
  for (let i = 0; i < cli.checks.length; i++) {
    await expect(checks.nth(i)).toContainText(`${cli.checks[i].passed}/6 seeds: ${cli.checks[i].sentence}`);
  }
});

test('a seed run can be cancelled and keeps running on another tab', async ({ page, consoleErrors }) => {
  await openSeeds(page);
  // 1,000 seeds (the most), so that the run is still going when Cancel is pressed: 30 can finish
  // in under a second.
  const count = page.getByRole('spinbutton', { name: 'Number of seeds' });
  await count.fill('1000');
  await count.press('Tab');
  await page.getByRole('button', { name: 'Run 1000 seeds' }).click();
  const bar = page.getByRole('progressbar', { name: 'Seeds run' });
  await expect(bar).toBeVisible();
  // Another tab and back: the run goes on.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByRole('tab', { name: 'Seeds' }).click();
  await expect(bar).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Cancelled after \d+ of 1000 seeds\.$/ })).toBeVisible();
  await expect(bar).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Run 1000 seeds' })).toBeEnabled();
});

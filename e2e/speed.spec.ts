// Journey: a run too heavy for the chosen speed. Each frame's engine work has a budget, so the
// page stays responsive and says how fast the run really goes, in text (issue 10).
import { test, expect, openApp } from './fixtures';
import { readFileSync } from 'node:fs';

test('a run the engine cannot keep up with says its real speed', async ({ page, consoleErrors }) => {
  // Checkout fan-out at 5,000 orders/s played at 100×: ~3.5 million engine events per second of
  // wall-clock time asked for, far beyond what a frame's budget runs.
  const scenario = JSON.parse(readFileSync('scenarios/01-checkout-fan-out.json', 'utf8'));
  scenario.duration_s = 3600;
  scenario.nodes.find((n: any) => n.kind.producer).kind.producer.rate_per_s = 5000;
  for (const n of scenario.nodes) {
    if (n.kind.consumer_group) Object.assign(n.kind.consumer_group, { instances: 6, concurrency: 64 });
  }
  await openApp(page);
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByLabel('Import JSON').setInputFiles({
    name: 'heavy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)),
  });
  await expect(page.getByText('Scenario imported')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('100');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const pace = page.getByRole('group', { name: 'Run' }).getByText(/^running at [\d.]+× of 100×$/);
  await expect(pace).toBeVisible({ timeout: 15_000 });
  // The page responds while it plays; pausing takes the notice away.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(pace).toHaveCount(0);
});

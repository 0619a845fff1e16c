// Seed-run benchmark (not a test: nothing here fails on a slow figure): the checkout fan-out lesson
// (90 s simulated) for 30 seeds one after another on the page's main thread (the exported `seed_run`, what each worker
// calls), then "Run 30 seeds" through the UI in Web Workers, with the main thread's longest task
// meanwhile (PerformanceObserver 'longtask': tasks over 50 ms). Prints `BENCH seeds …` lines
// (scripts/bench-browser.sh -g seeds).
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';

test('seeds: 30 seed runs of the checkout fan-out lesson', async ({ page }) => {
  await page.goto('/?gallery=checkout-fan-out');
  await expect(page.getByRole('banner')).toBeVisible();
  const json = readFileSync('scenarios/01-checkout-fan-out.json', 'utf8');
  const one = await page.evaluate((scenario) => {
    const b = (window as any).wasmBindings;
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      b.seed_run(scenario, 90e6, i);
      times.push(performance.now() - t0);
    }
    return times;
  }, json);
  const sorted = [...one].sort((a, b) => a - b);
  const total = one.reduce((a, b) => a + b, 0);
  console.log(`BENCH seeds 30 seeds one after another on the main thread (the benchmark's own loop): ${(total / 1000).toFixed(2)} s; one seed: first ${one[0].toFixed(0)} ms, median ${sorted[15].toFixed(0)} ms, max ${sorted[29].toFixed(0)} ms`);

  await page.evaluate(() => {
    (window as any).longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as any).longest = Math.max((window as any).longest, e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  await page.getByRole('tab', { name: 'Seeds' }).click();
  await page.getByRole('button', { name: 'Run 30 seeds' }).click();
  const status = page.getByRole('status').filter({ hasText: /^30 seeds \(1 to 30\) in / });
  await expect(status).toBeVisible({ timeout: 300_000 });
  const text = await status.textContent();
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const longest = await page.evaluate(() => (window as any).longest);
  console.log(`BENCH seeds 30 seeds in workers: ${text?.match(/in ([\d.]+ s) on (\d+) workers/)?.slice(1).join(' on ')} workers (hardwareConcurrency ${cores}); longest main-thread task over 50 ms: ${longest ? longest.toFixed(0) + ' ms' : 'none'}`);
  await page.screenshot({ path: 'artifacts/bench-seeds.png' });
});

// Helpers for the browser benchmarks: build scenarios through the UI as a person would, read
// the run's counters, and summarise timings.
import { expect } from '@playwright/test';
import type { Page, Locator } from '@playwright/test';

import { node, openApp, newScenario, dragFromPalette, connect } from '../fixtures';

export { node, openApp, newScenario, dragFromPalette, connect };

export async function setField(page: Page, label: string, value: string) {
  const f = page.getByLabel(label, { exact: true });
  await f.fill(value);
  await f.press('Enter');
  await expect(f).toHaveAttribute('aria-invalid', 'false');
}

export interface GroupSettings { instances: number; concurrency: number; distribution: string; meanMs: number }

/**
 * The checkout fan-out built with the mouse: a producer ("Order service") → a topic with
 * `partitions` → five consumer groups, each with `groups[i]` settings.
 */
export async function buildFanOut(page: Page, ratePerS: number, partitions: number, groups: GroupSettings[]) {
  await newScenario(page);
  await dragFromPalette(page, 'Producer', 0.12, 0.5);
  await dragFromPalette(page, 'Topic', 0.4, 0.5);
  const names = ['Consumer group', 'Consumer group 2', 'Consumer group 3', 'Consumer group 4', 'Consumer group 5'];
  for (let i = 0; i < 5; i++) await dragFromPalette(page, 'Consumer group', 0.8, 0.1 + i * 0.2);
  await connect(page, 'Producer', 'Topic');
  for (const g of names) await connect(page, 'Topic', g);
  await expect(page.locator('svg.graph g.edge')).toHaveCount(6);

  await node(page, 'Producer').click();
  await setField(page, 'Rate', String(ratePerS));
  await setField(page, 'Key space', '10000');
  await node(page, 'Topic').click();
  await setField(page, 'Partitions', String(partitions));
  for (const [i, name] of names.entries()) {
    const g = groups[i];
    await node(page, name).click();
    await setField(page, 'Instances', String(g.instances));
    await setField(page, 'Concurrency', String(g.concurrency));
    await page.getByLabel('Processing time', { exact: true }).selectOption(g.distribution);
    await setField(page, 'Mean processing time', String(g.meanMs));
  }
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Fit view' }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
}

export async function counter(page: Page, name: string): Promise<number> {
  return Number(await page.getByRole('group', { name, exact: true }).locator('.n').getAttribute('data-value'));
}

export async function simSeconds(page: Page): Promise<number> {
  const text = ((await page.getByLabel('Simulated time', { exact: true }).textContent()) ?? '').trim();
  if (text.endsWith(' s')) return Number(text.slice(0, -2));
  return text.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const ms = (x: number) => `${x.toFixed(2)} ms`;

/** One figure line, easy to grep from the script's output. */
export function report(name: string, fields: Record<string, string | number>) {
  console.log(`BENCH ${name} ${Object.entries(fields).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}

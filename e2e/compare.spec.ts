// Compare mode: make a variant of a lesson, change it in the normal editor, see the changed
// settings and both designs' figures side by side on one seed (the table `fanout compare`
// prints), share the comparison and open it again, in the app and in an embed.
import { execFileSync } from 'node:child_process';
import { test, expect, node, seek } from './fixtures';
import type { Page } from '@playwright/test';

const bin = process.env.FANOUT_BIN ?? 'target/debug/fanout';


const changed = (page: Page) => page.getByRole('list', { name: 'Changed settings' }).getByRole('listitem');
const table = (page: Page) => page.getByRole('table', { name: 'A and B side by side' });

/** The table's rows as text: label, A, B, B − A. */
async function rows(page: Page) {
  return table(page).locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => c.textContent)));
}

test('a variant with fewer partitions, compared on one seed, shared and opened again', async ({ page, context, consoleErrors }) => {
  test.setTimeout(90_000);
  await page.goto('/?gallery=checkout-fan-out');
  await expect(page.getByRole('banner')).toBeVisible();
  await page.getByRole('tab', { name: /^Compare/ }).click();
  await page.getByRole('button', { name: 'Make a variant' }).click();
  await expect(changed(page)).toHaveText(['No settings differ yet: change A or B in the editor.']);

  // B on the canvas, changed in the inspector like any scenario.
  await page.getByRole('button', { name: 'Edit the other design' }).click();
  await expect(page.getByRole('textbox', { name: 'Scenario title' })).toHaveValue('Checkout fan-out (variant)');
  await node(page, 'orders').click();
  const partitions = page.getByLabel('Partitions');
  await partitions.fill('2');
  await partitions.press('Enter');
  await node(page, 'Payment').click();
  await page.getByLabel('Delivery guarantee', { exact: true }).selectOption('at_most_once');
  await expect(changed(page)).toHaveText([
    'orders: kind.topic.partitions: 2 → 6',
    'Payment: kind.consumer_group.guarantee: "at_most_once" → default',
  ]);

  // One seek drives both runs; the table has figures that differ.
  await seek(page, 30);
  await expect(table(page)).toBeVisible();
  const here = await rows(page);
  expect(here[0][0]).toBe('Produced');
  expect(here.some((r) => r[3] !== '0' && r[3] !== '–')).toBe(true);
  await page.screenshot({ path: 'artifacts/compare.png' });

  // The file holds both designs: `fanout compare FILE` prints the same list and the same table
  // (its rows split on runs of two or more spaces) for the same 30 s.
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const file = await (await download).path();
  await page.keyboard.press('Escape');
  const cli = execFileSync(bin, ['compare', file!, '--until', '30s']).toString();
  expect(cli).toContain('orders: kind.topic.partitions: 2 → 6');
  const lines = cli.split('\n');
  const head = lines.findIndex((l) => l.trim().startsWith('figure '));
  const cliRows = lines.slice(head + 1, head + 1 + here.length).map((l) => l.trim().split(/\s{2,}/));
  expect(cliRows).toEqual(here);

  // The link carries the comparison: a fresh page shows the same list and, at 30 s, the same table.
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByRole('textbox', { name: 'Scenario title' })).toHaveValue('Checkout fan-out (variant)');
  await other.getByRole('tab', { name: /^Compare/ }).click();
  await expect(changed(other)).toHaveText(await changed(page).allTextContents());
  await seek(other, 30);
  await expect(table(other)).toBeVisible();
  expect(await rows(other)).toEqual(here);

  // An embed of the link shows both designs' headline figures side by side.
  const embed = await context.newPage();
  const url = new URL(link);
  url.search = '?embed';
  await embed.goto(url.toString());
  await expect(table(embed)).toBeVisible();
  await expect(table(embed).locator('tbody tr').first()).toContainText('Produced');

  // Ending the comparison keeps the design on the canvas; Undo brings the comparison back.
  await page.getByRole('button', { name: 'End comparison' }).click();
  await expect(page.getByRole('button', { name: 'Make a variant' })).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(changed(page)).toHaveCount(2);
});

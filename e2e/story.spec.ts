// Story mode (issue 15): a lesson's captioned steps guide the reader — the run stops where a
// step says so until Next, the nodes a step names are highlighted — in the editor and in an
// embed; an author writes steps in the scenario settings and a link carries them.
import { test, expect, openApp } from './fixtures';
import type { Page } from '@playwright/test';

const caption = (page: Page) => page.getByRole('region', { name: 'Story step' });
const clock = (page: Page) => page.getByLabel('Simulated time', { exact: true });

test('a lesson plays its steps: it stops at each pause until Next, highlighting what to watch', async ({ page }) => {
  await openApp(page, '/?gallery=delivery-guarantees');
  await expect(caption(page)).toContainText('Step 1 of 4');
  await expect(caption(page)).toContainText('Three ledgers read the same payments');
  await expect(page.locator('g.node.highlighted')).toHaveCount(3);

  await page.getByRole('combobox', { name: 'Speed' }).selectOption('2');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  // The run stops exactly at the step's time, with the step's caption and its one node.
  await expect(caption(page)).toContainText('Step 2 of 4', { timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(clock(page)).toHaveText('3.200 s');
  await expect(caption(page)).toContainText('applies it twice');
  await expect(page.locator('g.node.highlighted')).toHaveCount(1);
  await expect(page.locator('g.node.highlighted')).toHaveAttribute('aria-label', /^Ledger \(at-least-once\)/);
  await page.screenshot({ path: 'artifacts/story-step-2.png' });

  await caption(page).getByRole('button', { name: 'Next' }).click();
  await expect(caption(page)).toContainText('Step 3 of 4', { timeout: 15_000 });
  await expect(clock(page)).toHaveText('5.900 s');
  // Seeking back shows the step of that time.
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  await timeline.evaluate((el: HTMLInputElement) => {
    el.value = '1';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(caption(page)).toContainText('Step 1 of 4');
});

test('an embed plays the steps and stops for the reader', async ({ page }) => {
  await openApp(page, '/?embed&autoplay&gallery=duplicate-payment');
  await expect(caption(page)).toContainText('Step 2 of 4', { timeout: 20_000 });
  await expect(clock(page)).toHaveText('3.000 s');
  await expect(page.locator('g.node.highlighted')).toHaveCount(2);
  await page.screenshot({ path: 'artifacts/story-embed.png' });
  await caption(page).getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
});

test('an author adds a step, the link carries it, and undo takes it back', async ({ page, context }) => {
  await openApp(page, '/?gallery=outbox');
  await expect(caption(page)).toHaveCount(0);
  const story = page.getByRole('region', { name: 'Story', exact: true });
  await story.getByRole('button', { name: /^Add a step at/ }).click();
  const step = story.getByRole('listitem', { name: 'Step 1' });
  await step.getByLabel('Caption').fill('Watch the dual write lose orders.');
  await step.getByLabel('Caption').blur();
  await step.getByLabel('Highlight').selectOption({ label: 'Orders (dual write)' });
  await expect(caption(page)).toContainText('Watch the dual write lose orders.');
  await expect(page.locator('g.node.highlighted')).toHaveCount(1);

  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  await page.keyboard.press('Escape');
  const other = await context.newPage();
  await openApp(other, link);
  await expect(caption(other)).toContainText('Watch the dual write lose orders.');
  await expect(other.locator('g.node.highlighted')).toHaveCount(1);
  await other.close();

  // Two edits (caption, highlight) and the add: three undos, and the story is gone.
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Undo' }).click();
  await expect(caption(page)).toHaveCount(0);
});

import { test, expect } from './fixtures';
test('probe', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/?gallery=outbox');
  await expect(page.getByRole('banner')).toBeVisible();
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  const end = Number(await timeline.getAttribute('max'));
  await timeline.evaluate((el: HTMLInputElement, t) => { el.value = String(t); el.dispatchEvent(new Event('input', { bubbles: true })); }, end);
  await expect(page.getByRole('progressbar', { name: 'Seeking' })).toHaveCount(0, { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Events' }).click();
  await page.getByRole('combobox', { name: 'Filter by outcome' }).selectOption({ label: 'Lost, whole run: why' });
  await page.waitForTimeout(300);
  console.log((await page.getByRole('status').allInnerTexts()).join(' || '));
  await page.screenshot({ path: '/tmp/shots/outbox-why.png' });
});

import { test } from '@playwright/test';
test('shot', async ({ page }) => {
  page.on('console', m => console.log('CONSOLE', m.type(), m.text()));
  page.on('pageerror', e => console.log('PAGEERR', String(e)));
  await page.goto('/');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(2500);
  await page.screenshot({ path: 'artifacts/zz-playing.png' });
});

// The inspector draws every setting from the scenario's field table (issue 12): a service's
// rules keep their `otherwise` branch when edited, settings that apply only to a choice appear
// with it, optional settings can be cleared, and the limits are validation's own.
import { test, expect, openApp, node, dragFromPalette, newScenario } from './fixtures';

const inspector = (page: import('@playwright/test').Page) =>
  page.getByRole('complementary', { name: 'Inspector' });

test('a service\'s rules: edit what it emits without losing its otherwise branch', async ({ page, consoleErrors }) => {
  await openApp(page, '/?gallery=order-lifecycle');
  await node(page, 'Payment').click();
  const rule = inspector(page).getByRole('group', { name: 'Rule 1' });
  await expect(rule.getByLabel('Input', { exact: true })).toHaveValue('OrderPending');
  await expect(rule.getByLabel('Emits', { exact: true })).toHaveValue('PaymentAuthorized');
  await expect(rule.getByLabel('Otherwise', { exact: true })).toHaveValue('OrderCancelled');
  await expect(rule.getByLabel('Otherwise probability', { exact: true })).toHaveValue('10');

  const emits = rule.getByLabel('Emits', { exact: true });
  await emits.fill('PaymentAuthorized, FraudChecked');
  await emits.press('Enter');
  await expect(rule.getByLabel('Emits', { exact: true })).toHaveValue('PaymentAuthorized, FraudChecked');
  await expect(rule.getByLabel('Otherwise', { exact: true })).toHaveValue('OrderCancelled');
  await expect(rule.getByLabel('Otherwise probability', { exact: true })).toHaveValue('10');

  // A second rule, then removed; undo brings it back.
  await inspector(page).getByRole('button', { name: 'Add rule' }).click();
  await expect(inspector(page).getByRole('group', { name: 'Rule 2' })).toBeVisible();
  await inspector(page).getByRole('button', { name: 'Remove rule 2' }).click();
  await expect(inspector(page).getByRole('group', { name: 'Rule 2' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(inspector(page).getByRole('group', { name: 'Rule 2' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('settings that depend on a choice appear with it; optional ones can be cleared', async ({ page, consoleErrors }) => {
  await newScenario(page);
  await dragFromPalette(page, 'Producer', 0.3, 0.5);
  await node(page, 'Producer').click();
  const panel = inspector(page);
  await expect(panel.getByLabel('Zipf exponent')).toHaveCount(0);
  await panel.getByLabel('Key distribution').selectOption('zipf');
  await expect(panel.getByLabel('Zipf exponent')).toHaveValue('1');
  await expect(panel.getByLabel('Burst size')).toHaveCount(0);
  await panel.getByLabel('Arrival').selectOption('bursts');
  await expect(panel.getByLabel('Burst size')).toHaveValue('10');
  await expect(panel.getByLabel('Rate')).toHaveCount(0);

  // Stop: empty means never; a time stops it; clearing it again means never.
  const stop = panel.getByLabel('Stop', { exact: true });
  await expect(stop).toHaveValue('');
  await expect(stop).toHaveAttribute('placeholder', 'never');
  await stop.fill('30');
  await stop.press('Enter');
  await expect(stop).toHaveValue('30');
  await stop.fill('');
  await stop.press('Enter');
  await expect(stop).toHaveValue('');

  // A schema upgrade: its version and compatibility appear once it has a time.
  await expect(panel.getByLabel('Upgraded version')).toHaveCount(0);
  const upgrade = panel.getByLabel('Schema upgrade at');
  await upgrade.fill('20');
  await upgrade.press('Enter');
  await expect(panel.getByLabel('Upgraded version')).toHaveValue('2');
  await expect(panel.getByLabel('Upgrade is compatible')).toHaveValue('false');

  // The limit is validation's: a day of request handling is allowed, more is not.
  const handling = panel.getByLabel('Request handling');
  await handling.fill('120000');
  await handling.press('Enter');
  await expect(handling).toHaveAttribute('aria-invalid', 'false');
  await handling.fill('90000000');
  await handling.press('Enter');
  await expect(panel.getByRole('alert')).toContainText('At most 86400000');
  expect(consoleErrors).toEqual([]);
});

test('an edge\'s network settings show in milliseconds and percent', async ({ page, consoleErrors }) => {
  await openApp(page, '/?gallery=checkout-fan-out');
  // Keyboard selection: the focused edge, Enter.
  await page.locator('svg.graph g.edge').first().focus();
  await page.keyboard.press('Enter');
  const panel = inspector(page);
  await expect(panel.getByLabel('Delay', { exact: true })).toBeVisible();
  const drop = panel.getByLabel('Drop', { exact: true });
  await drop.fill('5');
  await drop.press('Enter');
  await expect(drop).toHaveAttribute('aria-invalid', 'false');
  await expect(drop).toHaveValue('5');
  expect(consoleErrors).toEqual([]);
});

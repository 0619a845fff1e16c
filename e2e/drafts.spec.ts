// Journeys: no work is lost (issue 10, item 3) and a panic shows a clear message (item 4).
// Opening a link, a damaged link or a lesson in another tab keeps the autosaved work; recent
// drafts list and reopen it; two tabs on one draft do not overwrite each other silently; a panic
// (only reachable in the end-to-end build, `--features test-panic`) shows the crash message.
import { test, expect, openApp, node } from './fixtures';
import type { BrowserContext, Page } from '@playwright/test';

const title = (page: Page) => page.getByRole('textbox', { name: 'Scenario title' });

async function rename(page: Page, from: string, to: string) {
  await node(page, from).dblclick();
  const box = page.getByRole('textbox', { name: 'Node name' });
  await box.fill(to);
  await box.press('Enter');
  await expect(node(page, to)).toBeVisible();
}

async function setTitle(page: Page, text: string) {
  await title(page).fill(text);
  await title(page).press('Enter');
  await expect(title(page)).toHaveValue(text);
}

/** A fresh tab at `path` (a new tab has its own session, like a person opening one). */
async function tab(context: BrowserContext, path = '/') {
  const p = await context.newPage();
  await openApp(p, path);
  return p;
}

const draftsDialog = (page: Page) => page.getByRole('dialog', { name: 'Recent drafts' });

test('links, a damaged link and a lesson opened in other tabs never replace the work', async ({ page, context, consoleErrors }) => {
  await openApp(page);
  await rename(page, 'Billing sync', 'Invoices');

  // Exactly the steps of the issue: open links in another tab, close it, open the app again.
  for (const path of ['/?gallery=outbox', '/#v1.AAAA', '/#v1.' + 'x'.repeat(300)]) {
    const other = await tab(context, path);
    await other.close();
  }
  await page.close();
  const again = await tab(context);
  await expect(node(again, 'Invoices')).toBeVisible();
  await expect(title(again)).toHaveValue('User registered');
});

test('a lesson edited in another tab gets its own draft; Recent drafts reopens the earlier work', async ({ page, context, consoleErrors }) => {
  await openApp(page);
  await rename(page, 'Billing sync', 'Invoices');
  await page.close();

  // Another tab opens a lesson and edits it: now the newest draft, in a slot of its own.
  const lesson = await tab(context, '/?gallery=outbox');
  await expect(title(lesson)).toHaveValue('Outbox');
  await setTitle(lesson, 'Outbox, my notes');
  await lesson.close();

  const again = await tab(context);
  await expect(title(again)).toHaveValue('Outbox, my notes');
  await again.getByRole('button', { name: 'Recent drafts' }).click();
  const dialog = draftsDialog(again);
  await expect(dialog).toBeVisible();
  const items = dialog.getByRole('listitem');
  await expect(items).toHaveCount(2);
  // Newest first, each with its title and when it was saved.
  await expect(items.nth(0)).toContainText('Outbox, my notes');
  await expect(items.nth(0)).toContainText('open in this tab');
  await expect(items.nth(1)).toContainText('User registered');
  await expect(items.nth(1).locator('time')).toHaveText('just now');
  await again.screenshot({ path: 'artifacts/recent-drafts.png' });

  await dialog.getByRole('button', { name: 'Open draft User registered' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(node(again, 'Invoices')).toBeVisible();
  await expect(title(again)).toHaveValue('User registered');
  // This tab now continues that draft: an edit lands in it, not in a third one.
  await rename(again, 'Invoices', 'Invoices v2');
  await again.getByRole('button', { name: 'Recent drafts' }).click();
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText('User registered');
  await expect(items.nth(0)).toContainText('open in this tab');
  await again.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('two tabs on one draft: the other tab says so and offers theirs or mine', async ({ page, context, consoleErrors }) => {
  await openApp(page);
  await setTitle(page, 'Mine');

  // A second tab opens the app: it continues the same (newest) draft.
  const other = await tab(context);
  await expect(title(other)).toHaveValue('Mine');
  await setTitle(other, 'Theirs');

  // The first tab hears of it (the storage event) and keeps its own version apart.
  const alert = page.getByRole('alert').filter({ hasText: 'Another tab changed this draft' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Theirs');
  await expect(alert.getByRole('button', { name: 'Load theirs' })).toBeVisible();
  await expect(title(page)).toHaveValue('Mine');
  await page.screenshot({ path: 'artifacts/drafts-conflict.png' });
  await alert.getByRole('button', { name: 'Keep mine' }).click();
  await expect(alert).toHaveCount(0);

  // Both versions are drafts now, and editing either tab no longer touches the other's.
  await setTitle(page, 'Mine, edited');
  await setTitle(other, 'Theirs, edited');
  await page.getByRole('button', { name: 'Recent drafts' }).click();
  const items = draftsDialog(page).getByRole('listitem');
  await expect(items).toHaveCount(2);
  await expect(draftsDialog(page)).toContainText('Mine, edited');
  await expect(draftsDialog(page)).toContainText('Theirs, edited');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.keyboard.press('Escape');

  // "Load theirs": a third tab joins the second one's draft and edits it; the second loads it.
  const third = await tab(context);
  await expect(title(third)).toHaveValue('Theirs, edited');
  await setTitle(third, 'Third');
  const otherAlert = other.getByRole('alert').filter({ hasText: 'Another tab changed this draft' });
  await otherAlert.getByRole('button', { name: 'Load theirs' }).click();
  await expect(otherAlert).toHaveCount(0);
  await expect(title(other)).toHaveValue('Third');
  // Its own version before loading is still a draft.
  await other.getByRole('button', { name: 'Recent drafts' }).click();
  await expect(draftsDialog(other)).toContainText('Theirs, edited');
  await expect(draftsDialog(other).getByRole('listitem')).toHaveCount(3);
});

test('damaged draft storage is skipped; the app opens the newest readable draft', async ({ page, context, consoleErrors }) => {
  await openApp(page);
  await rename(page, 'Billing sync', 'Invoices');
  await page.evaluate(() => {
    localStorage.setItem('fanout.draft.zzzz-damaged', '{"version":1,"title":');
    localStorage.setItem('fanout.draft.zzzz-newer', JSON.stringify({ version: 99, saved_ms: Date.now() + 1e6 }));
    localStorage.setItem('fanout.draft.zzzz-badlink',
      JSON.stringify({ version: 1, title: 'Bad link', saved_ms: Date.now() + 1e6, nodes: 1, link: 'v1.AAAA' }));
  });
  await page.close();
  const again = await tab(context);
  await expect(node(again, 'Invoices')).toBeVisible();
  await again.getByRole('button', { name: 'Recent drafts' }).click();
  await expect(draftsDialog(again)).toContainText('2 saved drafts could not be read');
  // The draft with a damaged link is listed, and opening it says why instead of failing.
  await draftsDialog(again).getByRole('button', { name: 'Open draft Bad link' }).click();
  await expect(again.getByRole('alert')).toContainText('That draft could not be opened');
  await expect(node(again, 'Invoices')).toBeVisible();
});

test('a panic shows a message with the scenario link and Reload, not a frozen page', async ({ page, context }) => {
  // The panic aborts the wasm module, which the browser reports as an uncaught error: expected
  // here, so this test collects errors itself instead of using the `consoleErrors` fixture.
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await setTitle(page, 'Before the crash');
  await expect(page).toHaveURL(/#v1\./);

  await page.keyboard.press('Control+Alt+Shift+KeyP');
  const crash = page.getByRole('alertdialog', { name: 'Fanout stopped working' });
  await expect(crash, 'dist/ must be built with `trunk build --release --features test-panic` (scripts/test.sh does)').toBeVisible();
  await expect(crash).toContainText('Your scenario is not lost');
  const copy = crash.getByRole('button', { name: 'Copy the scenario link' });
  await expect(copy).toBeVisible();
  await expect(copy).toBeFocused();
  await expect(crash.getByRole('button', { name: 'Reload' })).toBeVisible();
  await page.screenshot({ path: 'artifacts/crash-message.png' });
  expect(errors.join('\n')).toContain('test panic');

  // The page still answers: the link is copied, and it opens the scenario as it was.
  await copy.click();
  await expect(crash.getByRole('status')).toHaveText('Link copied.');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#v1\./);
  expect(link).toBe(await crash.getByRole('textbox', { name: 'Scenario link' }).inputValue());
  const opened = await context.newPage();
  await opened.goto(link);
  await expect(title(opened)).toHaveValue('Before the crash');

  // The page behind the message is out of reach (its handlers are what broke).
  await expect(page.locator('body > .app')).toHaveAttribute('inert', '');
  await crash.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(title(page)).toHaveValue('Before the crash');
});

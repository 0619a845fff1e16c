// Journey (issue 15): an author exports a stretch of a lesson's run as an animated GIF from the
// Share dialog; the file decodes to exactly the frames promised, a stretch too long is refused
// with a reason, and Cancel stops an export without a file.
import { test, expect, openApp } from './fixtures';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

/** The frames of a GIF, counted by walking its blocks (an image descriptor per frame). */
function gifFrames(b: Buffer): { width: number; height: number; frames: number } {
  expect(b.subarray(0, 6).toString('latin1')).toBe('GIF89a');
  const width = b.readUInt16LE(6);
  const height = b.readUInt16LE(8);
  let i = 13;
  if (b[10] & 0x80) i += 3 * (1 << ((b[10] & 7) + 1)); // global colour table
  let frames = 0;
  const skipSubBlocks = () => {
    while (b[i] !== 0) i += b[i] + 1;
    i += 1;
  };
  while (i < b.length) {
    const block = b[i];
    if (block === 0x3b) return { width, height, frames }; // trailer
    if (block === 0x21) { // extension: label, then sub-blocks
      i += 2;
      skipSubBlocks();
    } else if (block === 0x2c) { // image descriptor, optional local table, LZW data
      frames += 1;
      const packed = b[i + 9];
      i += 10;
      if (packed & 0x80) i += 3 * (1 << ((packed & 7) + 1));
      i += 1; // LZW minimum code size
      skipSubBlocks();
    } else {
      throw new Error(`unexpected block 0x${block.toString(16)} at ${i}`);
    }
  }
  throw new Error('no trailer');
}

/** EBML elements at the top of `b`: [id, payload]. */
function ebml(b: Buffer): [number, Buffer][] {
  const out: [number, Buffer][] = [];
  const vint = (at: number, keep: boolean): [number, number] => {
    const len = Math.clz32(b[at]) - 23;
    let v = keep ? b[at] : b[at] & (0xff >> len);
    for (let k = 1; k < len; k++) v = v * 256 + b[at + k];
    return [v, len];
  };
  let at = 0;
  while (at < b.length) {
    const [id, n] = vint(at, true);
    const [size, m] = vint(at + n, false);
    out.push([id, b.subarray(at + n + m, at + n + m + size)]);
    at += n + m + size;
  }
  return out;
}

async function openAnimation(page: Page) {
  await openApp(page, '/?gallery=checkout-fan-out');
  await page.getByRole('button', { name: 'Share' }).click();
  return page.getByRole('dialog', { name: 'Share' }).getByRole('region', { name: 'Animation' });
}

async function set(section: ReturnType<Page['getByRole']>, label: string, value: string) {
  await section.getByLabel(label).fill(value);
  await section.getByLabel(label).press('Tab');
}

test('a stretch of the run becomes a GIF with exactly its frames', async ({ page }) => {
  const section = await openAnimation(page);
  await set(section, 'Animation start', '5');
  await set(section, 'Animation length', '2');
  await set(section, 'Animation width', '640');
  await expect(section).toContainText('21 frames');
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await section.getByRole('button', { name: 'Export GIF' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('checkout-fan-out.gif');
  const path = 'artifacts/animation-checkout.gif';
  await file.saveAs(path);
  const gif = gifFrames(readFileSync(path));
  expect(gif).toEqual({ width: 640, height: gif.height, frames: 21 });
  expect(gif.height).toBeGreaterThan(100);
  await expect(page.getByRole('dialog', { name: 'Share' })).toContainText(/checkout-fan-out\.gif saved \(\d+ KB\)/);
});

test('the same stretch as a WebM video: a VP8 track with a block per frame', async ({ page }) => {
  const section = await openAnimation(page);
  await set(section, 'Animation start', '5');
  await set(section, 'Animation length', '2');
  await set(section, 'Animation width', '641');
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await section.getByRole('button', { name: 'Export WebM' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('checkout-fan-out.webm');
  const path = 'artifacts/animation-checkout.webm';
  await file.saveAs(path);
  const [header, segment] = ebml(readFileSync(path));
  expect(header[0]).toBe(0x1a45dfa3);
  expect(ebml(header[1]).find(([id]) => id === 0x4282)?.[1].toString()).toBe('webm');
  expect(segment[0]).toBe(0x18538067);
  const parts = ebml(segment[1]);
  const entry = ebml(ebml(parts.find(([id]) => id === 0x1654ae6b)![1])[0][1]);
  expect(entry.find(([id]) => id === 0x86)?.[1].toString()).toBe('V_VP8');
  const video = ebml(entry.find(([id]) => id === 0xe0)![1]);
  expect(video.find(([id]) => id === 0xb0)![1].readUIntBE(0, video.find(([id]) => id === 0xb0)![1].length)).toBe(640);
  const blocks = parts.filter(([id]) => id === 0x1f43b675).flatMap(([, c]) => ebml(c).filter(([id]) => id === 0xa3));
  expect(blocks.length).toBe(21);
  expect(blocks[0][1][3] & 0x80, 'the first frame is a key frame').toBe(0x80);
});

test('too many frames are refused with a reason; Cancel stops an export without a file', async ({ page }) => {
  const section = await openAnimation(page);
  await set(section, 'Animation length', '40');
  await section.getByLabel('Animation frame rate').selectOption('20');
  await expect(section).toContainText('That is 801 frames; an animation has at most 600');
  await expect(section.getByRole('button', { name: 'Export GIF' })).toBeDisabled();

  await set(section, 'Animation length', '25');
  let downloads = 0;
  page.on('download', () => { downloads += 1; });
  await section.getByRole('button', { name: 'Export GIF' }).click();
  await expect(section.getByRole('progressbar', { name: 'Exporting' })).toBeVisible();
  await section.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog', { name: 'Share' })).toContainText('Export cancelled.');
  await expect(section.getByRole('button', { name: 'Export GIF' })).toBeEnabled();
  expect(downloads).toBe(0);
});

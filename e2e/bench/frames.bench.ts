// Browser benchmarks (not tests: nothing here fails on a slow figure). They print `BENCH …`
// lines that scripts/bench-browser.sh collects. Headless Chromium paces requestAnimationFrame
// itself (no display, no vsync guarantee), so frame intervals say how often the page could
// draw, not what a monitor would show.
import { test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { buildFanOut, counter, ms, newScenario, node, openApp, percentile, report, simSeconds } from './helpers';
import type { GroupSettings } from './helpers';

/** Seconds of playing measured per configuration. */
const MEASURE_S = Number(process.env.BENCH_SECONDS ?? 5);

async function takeFrames(page: import('@playwright/test').Page): Promise<{ interval: number[]; work: number[] }> {
  const flat: number[] = await page.evaluate(() => Array.from((window as any).wasmBindings.fanoutTakeFrameTimes()));
  const interval: number[] = [];
  const work: number[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    interval.push(flat[i]);
    work.push(flat[i + 1]);
  }
  return { interval, work };
}

const fanOutCases: { name: string; rate: number; partitions: number; group: GroupSettings; tab?: string }[] = [
  // Little's law: in flight ≈ 5 groups × rate × processing time = 5 × 1000/s × 0.37 s ≈ 1,850
  // being processed, plus what waits in partitions (keys hash unevenly, so some partitions'
  // instances are saturated: 64 at once each).
  { name: 'fanout-2k', rate: 1000, partitions: 6, group: { instances: 6, concurrency: 64, distribution: 'fixed', meanMs: 370 } },
  // The same with the event log open (the heaviest panel, re-rendered 5 times a second).
  { name: 'fanout-2k-events-tab', rate: 1000, partitions: 6, group: { instances: 6, concurrency: 64, distribution: 'fixed', meanMs: 370 }, tab: 'Events' },
  // Stretch: 5 × 2500/s × 0.39 s ≈ 4,900 processing plus waiting; 6 partitions cap a group at
  // 384 at once, so this one uses 16 partitions (16 instances × 64).
  { name: 'fanout-5k', rate: 2500, partitions: 16, group: { instances: 16, concurrency: 64, distribution: 'fixed', meanMs: 390 } },
];

/** Frames that took longer than one and a half 60 Hz frames: at least one frame missed. */
const MISSED_MS = 25;
const missed = (xs: number[]) => `${((100 * xs.filter((x) => x > MISSED_MS).length) / xs.length).toFixed(1)}%`;

for (const c of fanOutCases) {
  test(`frames while playing: ${c.name}`, async ({ page }) => {
    await buildFanOut(page, c.rate, c.partitions, Array(5).fill(c.group));
    if (c.tab) await page.getByRole('tab', { name: c.tab }).click();
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    // Warm up past the first processing times so the run is in its steady state.
    await test.expect.poll(() => simSeconds(page), { timeout: 20_000 }).toBeGreaterThan(2);
    await takeFrames(page);
    const inFlight = async () => {
      if (!c.tab) return counter(page, 'In flight');
      await page.getByRole('tab', { name: 'Overview' }).click();
      const n = await counter(page, 'In flight');
      await page.getByRole('tab', { name: c.tab }).click();
      return n;
    };
    const inFlightStart = await inFlight();
    const wallStart = Date.now();
    const simStart = await simSeconds(page);
    await page.waitForTimeout(MEASURE_S * 1000);
    const { interval, work } = await takeFrames(page);
    const wall = (Date.now() - wallStart) / 1000;
    const simEnd = await simSeconds(page);
    const inFlightEnd = await inFlight();
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.screenshot({ path: `artifacts/bench-${c.name}.png` });
    report(c.name, {
      frames: interval.length,
      fps: (interval.length / wall).toFixed(1),
      in_flight_start: inFlightStart,
      in_flight_end: inFlightEnd,
      sim_s_per_wall_s: ((simEnd - simStart) / wall).toFixed(2),
      interval_p50: ms(percentile(interval, 50)),
      interval_p95: ms(percentile(interval, 95)),
      interval_max: ms(Math.max(...interval)),
      missed: missed(interval),
      work_p50: ms(percentile(work, 50)),
      work_p95: ms(percentile(work, 95)),
      work_max: ms(Math.max(...work)),
    });
  });
}

test('fast-forward: seek to the end of a simulated hour', async ({ page }) => {
  // The gallery's checkout fan-out (01: 5 groups, its faults at 15–45 s) at 100 orders/s for an
  // hour, opened with Share → Import JSON as a person would open a file.
  const scenario = JSON.parse(readFileSync('scenarios/01-checkout-fan-out.json', 'utf8'));
  scenario.duration_s = 3600;
  scenario.nodes.find((n: any) => n.kind.producer).kind.producer.rate_per_s = 100;
  await openApp(page);
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByLabel('Import JSON').setInputFiles({
    name: 'checkout-hour.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)),
  });
  await page.keyboard.press('Escape');
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  await test.expect(timeline).toHaveAttribute('max', '3600');
  const end = Number(await timeline.getAttribute('max'));
  const seekMs: number[] = [];
  const paintMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    await page.getByRole('button', { name: 'Reset' }).click();
    await test.expect(page.getByLabel('Simulated time', { exact: true })).toHaveText('0.000 s');
    const t0 = await timeline.evaluate((el: HTMLInputElement, end) => {
      const t0 = performance.now();
      el.value = String(end);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      return t0;
    }, end);
    // A seek runs in slices over frames: it is over when the clock shows the end and no
    // progress bar is left (in a build that seeks in one go, right after the handler).
    const t1 = await arrived(page, end);
    // Until the page has drawn the result (Yew re-render, then a frame).
    const t2 = await page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())))));
    seekMs.push(t1 - t0);
    paintMs.push(t2 - t0);
    test.expect(await simSeconds(page)).toBeCloseTo(end, 3);
  }
  const produced = await counter(page, 'Produced');
  const processed = await counter(page, 'Processed');
  const seek = percentile(seekMs, 50);
  await page.screenshot({ path: 'artifacts/bench-fast-forward.png' });
  report('fast-forward', {
    simulated_s: end,
    produced,
    processed,
    seek_median: ms(seek),
    seek_all: seekMs.map((x) => x.toFixed(0)).join('/'),
    to_paint_median: ms(percentile(paintMs, 50)),
    deliveries_per_s_wasm: ((processed / seek) * 1000).toFixed(0),
  });
});

/**
 * Waits until a seek has arrived at `end` seconds (the clock shows it and no progress bar is
 * left), checking once per frame; returns the page's `performance.now()` then.
 */
async function arrived(page: import('@playwright/test').Page, end: number): Promise<number> {
  const handle = await page.waitForFunction((end) => {
    const clock = document.querySelector('output.clock')?.textContent ?? '';
    const s = clock.endsWith(' s') ? Number(clock.slice(0, -2)) : clock.split(':').reduce((a, p) => a * 60 + Number(p), 0);
    return Math.abs(s - end) < 0.5 && !document.querySelector('[role=progressbar]') && performance.now();
  }, end, { polling: 'raf', timeout: 540_000 });
  return (await handle.jsonValue()) as number;
}

/** The checkout fan-out (gallery 01, its faults included) at `rate` orders/s for `seconds`. */
function checkout(rate: number, seconds: number, group?: { instances: number; concurrency: number }) {
  const scenario = JSON.parse(readFileSync('scenarios/01-checkout-fan-out.json', 'utf8'));
  scenario.duration_s = seconds;
  scenario.nodes.find((n: any) => n.kind.producer).kind.producer.rate_per_s = rate;
  if (group) {
    for (const n of scenario.nodes) {
      if (n.kind.consumer_group) Object.assign(n.kind.consumer_group, group);
    }
  }
  return scenario;
}

// Memory after seeking to the end of a long run (issue 9): the wasm memory never shrinks, so its
// size afterwards is the peak the seek needed: the running state plus the timeline's checkpoints.
const memoryCases = [
  // The case: 5 groups × 6 instances × concurrency 8, 1,000 orders/s, one hour.
  { name: 'memory-hour-1000', rate: 1000, seconds: 3600, group: { instances: 6, concurrency: 8 } },
  // A simulated day at 100 orders/s (the gallery's group sizes).
  { name: 'memory-day-100', rate: 100, seconds: 86_400, group: undefined },
];
for (const c of memoryCases) {
  test(`memory: ${c.name}`, async ({ page }) => {
    test.setTimeout(600_000);
    await openApp(page);
    const bytes = () => page.evaluate(() => (window as any).wasmBindings.fanoutWasmMemoryBytes() as number);
    const before = await bytes();
    await page.getByRole('button', { name: 'Share' }).click();
    await page.getByLabel('Import JSON').setInputFiles({
      name: `${c.name}.json`, mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(checkout(c.rate, c.seconds, c.group))),
    });
    // The file is read asynchronously: wait for it to open before closing the dialog.
    const timeline = page.getByRole('slider', { name: 'Timeline' });
    await test.expect(timeline).toHaveAttribute('max', String(c.seconds), { timeout: 20_000 });
    await page.keyboard.press('Escape');
    const t0 = Date.now();
    await timeline.evaluate((el: HTMLInputElement, end) => {
      el.value = String(end);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, c.seconds);
    await test.expect.poll(() => simSeconds(page), { timeout: 540_000 }).toBeCloseTo(c.seconds, 0);
    const wall = (Date.now() - t0) / 1000;
    const afterEnd = await bytes();
    // Back to the middle and to the end again: rewinding goes through the checkpoints.
    await timeline.evaluate((el: HTMLInputElement, t) => {
      el.value = String(t);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, Math.round(c.seconds / 2));
    await test.expect.poll(() => simSeconds(page), { timeout: 540_000 }).toBeCloseTo(Math.round(c.seconds / 2), 0);
    const afterRewind = await bytes();
    const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    report(c.name, {
      simulated_s: c.seconds,
      produced: await counter(page, 'Produced'),
      seek_wall_s: wall.toFixed(1),
      memory_before: mib(before),
      memory_after_end: mib(afterEnd),
      memory_after_rewind: mib(afterRewind),
    });
  });
}

// Long tasks while seeking to the end of a long run (issue 10: the main thread never blocks more
// than 50 ms). A PerformanceObserver for `longtask` (the browser's tasks over 50 ms), installed
// before the app loads, records every one, and a requestAnimationFrame loop every frame, from the
// `input` event that drags the timeline to the end until the clock shows the end. The run is
// the memory benchmark's hour: 1,000 orders/s, 5 groups × 6 instances × concurrency 8.
test('long tasks: seek to the end of an hour at 1,000 orders/s', async ({ page }) => {
  test.setTimeout(600_000);
  await longTaskSeek(page, 'longtask-hour-1000', checkout(1000, 3600, { instances: 6, concurrency: 8 }));
});

// Compare mode (issue 14): the variant runs in lockstep on the same seed, so a seek drives two
// engines, each in slices of its own; the variant has half the instances (a different run).
test('long tasks: compare mode, seek to the end of the same hour with a variant', async ({ page }) => {
  test.setTimeout(900_000);
  const a = checkout(1000, 3600, { instances: 6, concurrency: 8 });
  const b = checkout(1000, 3600, { instances: 3, concurrency: 8 });
  b.title = `${a.title} (variant)`;
  await longTaskSeek(page, 'longtask-hour-1000-compare', { ...a, variant: b });
  // Both runs reached the end: the Compare tab's table has A's and B's figures.
  await page.getByRole('tab', { name: /^Compare/ }).click();
  const produced = page.getByRole('table', { name: 'A and B side by side' }).locator('tbody tr').first();
  await test.expect(produced).toContainText('Produced');
  const [, aCount, bCount] = await produced.locator('th, td').allTextContents();
  report('longtask-hour-1000-compare-table', { produced_a: aCount, produced_b: bCount });
  await page.screenshot({ path: 'artifacts/bench-longtask-hour-1000-compare-table.png' });
});

/** Opens `scenario` (Share → Import JSON), drags the timeline to its end and reports the long
 * tasks and frame intervals from that `input` event until the clock shows the end. */
async function longTaskSeek(page: import('@playwright/test').Page, name: string, scenario: any) {
  const seconds: number = scenario.duration_s;
  await page.addInitScript(() => {
    const w = window as any;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  });
  await openApp(page);
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByLabel('Import JSON').setInputFiles({
    name: `${name}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)),
  });
  await page.keyboard.press('Escape');
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  await test.expect(timeline).toHaveAttribute('max', String(seconds));
  // Let the import's own work finish before measuring.
  await page.waitForTimeout(1000);
  const t0 = await timeline.evaluate((el: HTMLInputElement, end) => {
    const w = window as any;
    w.__frames = [];
    w.__rafOn = true;
    const loop = (t: number) => { w.__frames.push(t); if (w.__rafOn) requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
    const t0 = performance.now();
    el.value = String(end);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    return t0;
  }, seconds);
  const progressShown = await page.getByRole('progressbar', { name: 'Seeking' }).count() > 0;
  const t1 = await arrived(page, seconds);
  const { tasks, starts, frames } = await page.evaluate((t0) => {
    const w = window as any;
    w.__rafOn = false;
    return {
      tasks: (w.__longTasks as [number, number][]).filter(([start]) => start >= t0 - 1).map(([, d]) => d),
      starts: (w.__longTasks as [number, number][]).filter(([start]) => start >= t0 - 1).map(([start]) => start - t0),
      frames: w.__frames as number[],
    };
  }, t0);
  const intervals = frames.slice(1).map((t, i) => t - frames[i]);
  await page.screenshot({ path: `artifacts/bench-${name}.png` });
  report(name, {
    simulated_s: seconds,
    produced: await counter(page, 'Produced'),
    seek_wall_s: ((t1 - t0) / 1000).toFixed(1),
    progress_bar: progressShown ? 'yes' : 'no',
    long_tasks: tasks.length,
    longest_task: ms(tasks.length ? Math.max(...tasks) : 0),
    long_task_total: ms(tasks.reduce((a, b) => a + b, 0)),
    // When they began, seconds after the seek's input event (the seek ended at seek_wall_s).
    long_tasks_at_s: starts.map((t) => (t / 1000).toFixed(1)).join(',') || '-',
    frames: frames.length,
    frame_p50: ms(percentile(intervals, 50)),
    frame_max: ms(intervals.length ? Math.max(...intervals) : 0),
  });
}

test('editor: drag a node in a 150-node graph', async ({ page }) => {
  await newScenario(page);
  const kinds = ['Producer', 'Topic', 'Consumer group', 'Service', 'Dead-letter queue', 'Database', 'Projection', 'Outbox + relay'];
  for (let i = 0; i < 150; i++) {
    await page.getByRole('button', { name: `Add ${kinds[i % kinds.length]}` }).click();
  }
  await test.expect(page.locator('svg.graph g.node')).toHaveCount(150);
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await page.getByRole('button', { name: 'Fit view' }).click();
  const zoom = await page.getByLabel('Zoom level').textContent();
  const target = node(page, 'Topic 10');
  await test.expect(target).toBeInViewport();
  const b = (await target.boundingBox())!;
  const from = { x: b.x + b.width / 2, y: b.y + b.height / 2 };

  // An independent requestAnimationFrame loop records every frame's timestamp during the drag.
  await page.evaluate(() => {
    const w = window as any;
    w.__frames = [];
    w.__rafOn = true;
    const loop = (t: number) => { w.__frames.push(t); if (w.__rafOn) requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
  });
  const steps = 300;
  const t0 = Date.now();
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    // Out and back, so the node stays on screen.
    const a = (i / steps) * Math.PI * 2;
    await page.mouse.move(from.x + 200 * Math.sin(a), from.y + 120 * Math.sin(2 * a));
  }
  await page.mouse.up();
  const wall = (Date.now() - t0) / 1000;
  const frames: number[] = await page.evaluate(() => { const w = window as any; w.__rafOn = false; return w.__frames; });
  const intervals = frames.slice(1).map((t, i) => t - frames[i]);
  await page.screenshot({ path: 'artifacts/bench-editor-150.png' });
  report('editor-drag-150', {
    nodes: 150,
    zoom: zoom ?? '?',
    pointer_moves: steps,
    moves_per_s: (steps / wall).toFixed(0),
    frames: intervals.length,
    frame_p50: ms(percentile(intervals, 50)),
    frame_p95: ms(percentile(intervals, 95)),
    frame_max: ms(Math.max(...intervals)),
    missed: missed(intervals),
  });
});

// Embed benchmarks (not tests: nothing here fails on a slow figure): how long an embed takes from
// navigation start to its first drawn graph node and, with `autoplay`, to its first drawn particle
// frame, and how many bytes it transfers. Each run opens a new browser context (empty HTTP cache,
// so no cached wasm or compiled code), then, in the same context, a second page for the warm
// figure. They print `BENCH …` lines that scripts/bench-browser.sh collects (`-g embed`).
//
// The local server is python's http.server on loopback: no compression, no network latency. The
// transferred bytes are therefore the raw files; the gzipped sizes come from
// scripts/size-budget.sh dist (see BENCHMARKS.md "## Embed").
import { test } from '@playwright/test';
import { RUNS, load, newContext, summarise } from './embed-timing';
import type { Case, FrameFigures } from './embed-timing';

const cases: Case[] = [
  // The size of the demo page's iframes (760 px column, 460 px high).
  { name: 'embed', url: '/?embed&gallery=checkout-fan-out', viewport: { width: 720, height: 460 }, particles: false, nodes: 1, particleFrames: 0 },
  // The same frame with `edit`: the editor's build (the light viewer's figures beside it).
  { name: 'embed-editor', url: '/?embed&edit&gallery=checkout-fan-out', viewport: { width: 720, height: 460 }, particles: false, nodes: 1, particleFrames: 0 },
  { name: 'embed-autoplay', url: '/?embed&autoplay&gallery=checkout-fan-out', viewport: { width: 720, height: 460 }, particles: true, nodes: 1, particleFrames: 1 },
  // A blog post with two embeds: one autoplaying (duplicate payment), one paused at t=5 (checkout
  // fan-out; its particle canvas shows the messages in flight at 5 s without playing).
  { name: 'embed-demo', url: '/embed-demo.html', viewport: { width: 1280, height: 800 }, particles: true, nodes: 2, particleFrames: 2 },
];

for (const c of cases) {
  test(`embed load: ${c.name}`, async ({ browser, baseURL }) => {
    // One throw-away load so the server and the browser process are past their first request.
    const warmUp = await newContext(browser, baseURL, c);
    await load(warmUp, c);
    await warmUp.close();

    const cold: FrameFigures[][] = [];
    const warm: FrameFigures[][] = [];
    for (let i = 0; i < RUNS; i++) {
      const ctx = await newContext(browser, baseURL, c);
      cold.push(await load(ctx, c));
      warm.push(await load(ctx, c));
      await ctx.close();
    }
    for (const [i, r] of cold.entries()) {
      console.log(`run ${i + 1}: ${r.map((f) => `${f.url} node=${f.nodeFrame?.toFixed(0)} particle=${f.particle?.toFixed(0)} transfer=${f.transfer}`).join(' | ')}`);
    }
    summarise(`${c.name}-cold`, cold);
    summarise(`${c.name}-warm`, warm);
  });
}

// Browser benchmarks (not tests): the same release build and Chromium as the e2e suite, one at a
// time, long timeouts, results printed by the benchmarks themselves. Run: scripts/bench-browser.sh
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: './e2e/bench',
  testMatch: '**/*.bench.ts',
  testIgnore: [],
  outputDir: './artifacts/bench-results',
  timeout: 600_000,
  reporter: [['list']],
});

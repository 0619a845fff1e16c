//! Engine speed in wasm, in headless Chromium: deliveries per second of wall-clock time for the
//! checkout fan-out, the same workload as the native bench (`benches/engine.rs`). It prints the
//! figure and asserts nothing about speed. Not part of `scripts/test.sh`; run it in release mode
//! for a fair figure (BENCHMARKS.md, section "Engine"):
//! `cargo test --release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture`.
#![cfg(target_arch = "wasm32")]

use fanout::engine::Simulation;
use fanout::scenario::Scenario;
use wasm_bindgen_test::*;

#[path = "../benches/support/fan_out.rs"]
mod support;

wasm_bindgen_test_configure!(run_in_browser);

/// Runs: one warm-up, then this many measured.
const RUNS: usize = 7;

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

/// Deliveries made by simulating one second of the scenario, and the wall-clock milliseconds.
fn run(s: &Scenario) -> (u64, f64) {
    let start = now_ms();
    let mut sim = Simulation::new(s).expect("bench scenario is valid");
    sim.advance_to(1_000_000);
    let metrics = sim.metrics();
    let ms = now_ms() - start;
    assert!(metrics.groups.iter().all(|g| g.conserved));
    (sim.deliveries(), ms)
}

#[wasm_bindgen_test]
fn checkout_fan_out_deliveries_per_second() {
    // 100 000 orders per simulated second, five groups: 500 000 deliveries per run.
    let s = support::fan_out(100_000.0, 5, 1_000);
    let (deliveries, _) = run(&s);
    let mut rates: Vec<f64> = (0..RUNS)
        .map(|_| {
            let (d, ms) = run(&s);
            assert_eq!(d, deliveries, "every run does the same work");
            d as f64 / (ms.max(0.001) / 1e3)
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    let mean = rates.iter().sum::<f64>() / rates.len() as f64;
    console_log!(
        "wasm checkout_fan_out/5_groups_6_partitions: {deliveries} deliveries per run, \
         deliveries/s over {RUNS} runs: median {:.2} M, mean {:.2} M, best {:.2} M, worst {:.2} M",
        rates[RUNS / 2] / 1e6,
        mean / 1e6,
        rates[RUNS - 1] / 1e6,
        rates[0] / 1e6
    );
}

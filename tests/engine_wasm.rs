//! The engine in wasm (wasm-bindgen-test in headless Chromium): the same scenario and seed give
//! the same trace as natively, bit for bit. Run by `scripts/test.sh` with
//! `cargo test --target wasm32-unknown-unknown --test engine_wasm`.
#![cfg(target_arch = "wasm32")]

use fanout::engine::Simulation;
use fanout::scenario::gallery;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Every gallery scenario run for 10 simulated seconds ends on the trace hash pinned natively
/// by `tests/engine_timeline.rs` (`gallery_trace_hashes_are_pinned`).
#[wasm_bindgen_test]
fn gallery_trace_hashes_match_native() {
    let mut got = Vec::new();
    for e in gallery::all() {
        let mut s = Simulation::new(&e.scenario).expect("valid");
        s.advance_to(10_000_000);
        got.push(format!("{} {:016x}", e.slug, s.trace_hash()));
    }
    let pinned = include_str!("engine_trace_hashes.txt");
    let want: Vec<&str> = pinned.lines().collect();
    assert_eq!(got, want, "wasm and native runs differ");
}

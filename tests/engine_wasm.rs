//! The engine in wasm (wasm-bindgen-test in headless Chromium): the same scenario and seed give
//! the same trace as natively, bit for bit. Run by `scripts/test.sh` with
//! `cargo test --target wasm32-unknown-unknown --test engine_wasm`.
#![cfg(target_arch = "wasm32")]

mod trace_support;

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Every gallery scenario run for 10 simulated seconds ends on the trace hash pinned natively
/// by `tests/engine_timeline.rs` (`gallery_trace_hashes_are_pinned`).
#[wasm_bindgen_test]
fn gallery_trace_hashes_match_native() {
    assert_eq!(
        trace_support::gallery_trace_table(),
        trace_support::pinned(),
        "wasm and native runs differ"
    );
}

/// The coverage scenarios (zipf and hot keys, bursts, constant arrivals, retries with jitter,
/// rebuilds, schema upgrades; a simulated minute each) end on the hashes pinned natively.
#[wasm_bindgen_test]
fn coverage_trace_hashes_match_native() {
    assert_eq!(
        trace_support::coverage_trace_table(),
        trace_support::coverage_pinned(),
        "wasm and native runs differ"
    );
}

/// In wasm a document of the wrong shape is refused naming the list entry at fault (natively
/// the error names the full field path; see `Scenario::from_json`).
#[wasm_bindgen_test]
fn wrong_shape_names_the_entry_in_wasm() {
    let mut doc: serde_json::Value =
        serde_json::from_str(&fanout::scenario::Scenario::default().to_json()).expect("json");
    doc["nodes"][1]["x"] = serde_json::Value::String("left".into());
    let err = fanout::scenario::Scenario::from_json(&doc.to_string()).expect_err("refused");
    let text = err.to_string();
    assert!(text.starts_with("nodes[1]: invalid type"), "{text}");
}

//! Browser tests (wasm-bindgen-test in headless Chromium): what only a real DOM can prove.
//! Run by `scripts/test.sh` with `cargo test --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The app mounts into a real document and renders every panel of the shell.
#[wasm_bindgen_test]
fn app_mounts_shell() {
    fanout::ui::start();
    // Yew renders on its scheduler; yield once so the first render lands.
    let document = gloo::utils::document();
    let found = |sel: &str| document.query_selector(sel).ok().flatten().is_some();
    // The first render is synchronous for the root component in Yew's CSR renderer.
    assert!(found(".topbar"), "top bar rendered");
    assert!(found("aside[aria-label='Palette']"), "palette rendered");
    assert!(found("[aria-label='Canvas']"), "canvas rendered");
    assert!(found("aside[aria-label='Inspector']"), "inspector rendered");
}

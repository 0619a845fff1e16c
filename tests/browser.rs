//! Browser tests (wasm-bindgen-test in headless Chromium): what only a real DOM can prove.
//! Run by `scripts/test.sh` with `cargo test --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The app mounts into a real document and renders every panel of the shell.
#[wasm_bindgen_test]
async fn app_mounts_shell() {
    // Mount in an element of our own: the test runner reports through the page body.
    let document = gloo::utils::document();
    let host = document.create_element("div").expect("create host element");
    gloo::utils::body().append_child(&host).expect("append host");
    fanout::ui::mount(host.clone());
    // Yew renders on its scheduler; flush so the first render lands.
    yew::scheduler::flush().await;
    let found = |sel: &str| host.query_selector(sel).ok().flatten().is_some();
    assert!(found(".topbar"), "top bar rendered");
    assert!(found("aside[aria-label='Palette']"), "palette rendered");
    assert!(found("[aria-label='Canvas']"), "canvas rendered");
    assert!(found("aside[aria-label='Inspector']"), "inspector rendered");
}

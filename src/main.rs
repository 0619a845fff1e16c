#[cfg(target_arch = "wasm32")]
fn main() {
    fanout::ui::start();
}

/// A seed worker's job (`static/seed-worker.js`): exported by the editor's binary only, so the
/// embed viewer (`src/bin/viewer.rs`) carries no seed runner.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn seed_run(scenario_json: &str, until_us: f64, index: u32) -> Result<js_sys::Object, String> {
    fanout::ui::seed_run(scenario_json, until_us, index)
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    fanout::cli::main()
}

//! The embed viewer's binary (`fanout-viewer`): `index.html` loads it instead of the editor
//! when the address asks for a read-only embed (`?embed` without `edit`). See `ui::viewer`.

#[cfg(target_arch = "wasm32")]
fn main() {
    fanout::ui::viewer::start();
}

/// Natively there is nothing to view: the command line is `fanout`.
#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!("fanout-viewer is the browser's embed viewer; the command line is `fanout`.");
    std::process::ExitCode::from(2)
}

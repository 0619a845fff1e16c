#[cfg(target_arch = "wasm32")]
fn main() {
    fanout::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    fanout::cli::main()
}

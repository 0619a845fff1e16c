//! The browser front end (wasm only). It renders what the editor model and the engine hold and
//! sends them commands; it never computes what the simulation computes.

mod app;
mod icons;
mod panels;
mod topbar;

/// Mounts the app on `<body>`, replacing the boot message.
pub fn start() {
    if let Some(boot) = gloo::utils::document().get_element_by_id("boot") {
        boot.remove();
    }
    yew::Renderer::<app::App>::new().render();
}

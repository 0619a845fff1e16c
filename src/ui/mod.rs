//! The browser front end (wasm only). It renders what the editor model and the engine hold and
//! sends them commands; it never computes what the simulation computes.

mod app;
mod canvas;
mod export;
mod icons;
mod kinds;
mod panels;
mod run;
mod share;
mod state;
mod topbar;

/// Mounts the app on `<body>`, replacing the boot message.
pub fn start() {
    let document = gloo::utils::document();
    if let Some(boot) = document.get_element_by_id("boot") {
        boot.remove();
    }
    mount(gloo::utils::body().into());
}

/// Mounts the app inside `host` (the page body, or a test's own element).
pub fn mount(host: web_sys::Element) {
    yew::Renderer::<app::App>::with_root(host).render();
}

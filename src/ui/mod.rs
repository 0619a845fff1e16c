//! The browser front end (wasm only). It renders what the editor model and the engine hold and
//! sends them commands; it never computes what the simulation computes.

mod animation;
mod app;
mod canvas;
mod crash;
mod drafts;
mod export;
mod icons;
mod kinds;
mod modal;
mod panels;
mod run;
mod seed_pool;

pub use seed_pool::seed_run;
mod share;
mod state;
mod topbar;
pub mod viewer;

/// A keydown handler that closes a menu or dialog on Escape (and keeps the key from also
/// clearing the canvas selection).
pub(crate) fn close_on_escape(close: yew::Callback<()>) -> yew::Callback<yew::KeyboardEvent> {
    yew::Callback::from(move |e: yew::KeyboardEvent| {
        if e.key() == "Escape" {
            e.stop_propagation();
            close.emit(());
        }
    })
}

/// Mounts the app on `<body>`, replacing the boot message. A panic from here on shows a message
/// with the scenario's link instead of freezing the page.
pub fn start() {
    // In a seed worker (seed_pool) the same module starts with no page: nothing to mount.
    if web_sys::window().is_none() {
        return;
    }
    crash::install();
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

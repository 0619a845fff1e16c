//! What a person sees if Fanout panics: a plain message over the page with "Copy the scenario
//! link" and "Reload", instead of a page that silently stops answering.
//!
//! The release build aborts on panic (`panic = "abort"`), but the panic hook runs first, so it
//! can still draw. It draws with the DOM directly, not with Yew (whose state may be what broke),
//! and its buttons run plain JavaScript: after the abort, Rust state (borrowed cells, the stack)
//! is not to be trusted, so nothing the person clicks calls back into Rust. The link it offers
//! is the last one written to the address ([`remember_link`]), kept where the hook can read it.

use std::cell::{Cell, RefCell};

use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// The share link written to the address most recently (a full URL).
    static LAST_LINK: RefCell<String> = const { RefCell::new(String::new()) };
    /// Set by the first panic: later panics (a frame loop tripping over the broken state) add
    /// nothing, and loops can stop.
    static CRASHED: Cell<bool> = const { Cell::new(false) };
}

/// Keeps `url` as the link to offer if Fanout panics (called whenever the fragment is written).
pub fn remember_link(url: String) {
    LAST_LINK.with(|l| {
        if let Ok(mut l) = l.try_borrow_mut() {
            *l = url;
        }
    });
}

/// Whether Fanout has panicked: loops that would run on into broken state stop.
pub fn crashed() -> bool {
    CRASHED.with(Cell::get)
}

/// Installs the panic hook (once, when the app starts). Through Yew, which otherwise replaces
/// any hook with its own (a console message only) when the app renders.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        if CRASHED.with(|c| c.replace(true)) {
            return;
        }
        let detail = info.to_string();
        gloo::console::error!(format!("Fanout panicked: {detail}"));
        // Drawing can fail only if the document is gone; there is nothing left to do then.
        let _ = show(&detail);
    }));
}

/// Copies the link (the clipboard, else a selected field and a hint) without calling Rust.
const COPY_JS: &str = r#"
const root = this.closest('.crash');
const field = root.querySelector('input');
const status = root.querySelector('.crash-status');
const manual = () => { field.focus(); field.select(); status.textContent = 'Press Ctrl+C (or ⌘C) to copy the selected link.'; };
if (navigator.clipboard && navigator.clipboard.writeText) {
  navigator.clipboard.writeText(field.value).then(() => { status.textContent = 'Link copied.'; }, manual);
} else { manual(); }
"#;

/// Draws the message over everything and makes the page behind it inert.
fn show(detail: &str) -> Result<(), JsValue> {
    let document = gloo::utils::document();
    let body = document.body().ok_or("no body")?;
    let link = LAST_LINK
        .with(|l| l.try_borrow().map(|l| l.clone()).unwrap_or_default())
        .chars()
        .take(crate::scenario::link::MAX_LINK_CHARS + 1024)
        .collect::<String>();
    let link = if link.is_empty() { gloo::utils::window().location().href()? } else { link };

    // Nothing behind the message can be focused or clicked (its handlers are Rust).
    let children = body.children();
    for i in 0..children.length() {
        if let Some(el) = children.item(i) {
            el.set_attribute("inert", "")?;
        }
    }

    let el = |tag: &str, class: &str, text: &str| -> Result<web_sys::Element, JsValue> {
        let e = document.create_element(tag)?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        if !text.is_empty() {
            e.set_text_content(Some(text));
        }
        Ok(e)
    };
    let overlay = el("div", "crash", "")?;
    let dialog = el("div", "crash-box", "")?;
    dialog.set_attribute("role", "alertdialog")?;
    dialog.set_attribute("aria-modal", "true")?;
    dialog.set_attribute("aria-labelledby", "crash-title")?;
    dialog.set_attribute("aria-describedby", "crash-text")?;
    let title = el("h2", "", "Fanout stopped working")?;
    title.set_id("crash-title");
    let text = el(
        "p",
        "",
        "Something went wrong inside Fanout and this page cannot go on. Your scenario is not \
         lost: copy its link to keep it, then reload. Your recent drafts stay in this browser.",
    )?;
    text.set_id("crash-text");
    let field: web_sys::HtmlInputElement = el("input", "crash-link", "")?.unchecked_into();
    field.set_read_only(true);
    field.set_value(&link);
    field.set_attribute("aria-label", "Scenario link")?;
    let row = el("div", "crash-actions", "")?;
    let copy = el("button", "btn primary", "Copy the scenario link")?;
    let reload = el("button", "btn", "Reload")?;
    copy.set_attribute("type", "button")?;
    reload.set_attribute("type", "button")?;
    let status = el("p", "crash-status", "")?;
    status.set_attribute("role", "status")?;
    let details = el("details", "", "")?;
    details.append_child(&el("summary", "", "Technical details")?.into())?;
    details.append_child(&el("pre", "", detail)?.into())?;

    let on_copy = js_sys::Function::new_no_args(COPY_JS);
    let on_reload = js_sys::Function::new_no_args("location.reload()");
    // Keys stay inside the message: the app's own shortcuts (Rust) listen on the window.
    let keep_keys = js_sys::Function::new_with_args("e", "e.stopPropagation()");
    copy.add_event_listener_with_callback("click", &on_copy)?;
    reload.add_event_listener_with_callback("click", &on_reload)?;
    overlay.add_event_listener_with_callback("keydown", &keep_keys)?;
    overlay.add_event_listener_with_callback("keyup", &keep_keys)?;

    row.append_child(&copy)?;
    row.append_child(&reload)?;
    for child in [&title, &text, field.as_ref(), &row, &status, &details] {
        dialog.append_child(child)?;
    }
    overlay.append_child(&dialog)?;
    body.append_child(&overlay)?;
    if let Some(copy) = copy.dyn_ref::<web_sys::HtmlElement>() {
        copy.focus()?;
    }
    Ok(())
}

/// Test builds only (the `test-panic` cargo feature, which the end-to-end build turns on):
/// Ctrl+Alt+Shift+P makes the app panic in the middle of a render, the worst place, so that the
/// journey can check the message. In shipped builds this hook does nothing: no key, link or
/// query string can make a page panic on purpose.
#[yew::hook]
pub fn use_test_panic() {
    #[cfg(feature = "test-panic")]
    {
        let armed = yew::use_state(|| false);
        {
            let armed = armed.clone();
            yew::use_effect_with((), move |_| {
                let listener =
                    gloo::events::EventListener::new(&gloo::utils::window(), "keydown", move |e| {
                        if let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                            if e.ctrl_key() && e.alt_key() && e.shift_key() && e.code() == "KeyP" {
                                armed.set(true);
                            }
                        }
                    });
                move || drop(listener)
            });
        }
        if *armed {
            panic!("test panic (Ctrl+Alt+Shift+P in a build with the test-panic feature)");
        }
    }
}

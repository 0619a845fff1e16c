//! An embed tells its page how tall it would like to be: the height at which the graph fills
//! the frame's width (`editor::viewport::fit_height`) plus the embed's own chrome, posted to the
//! parent window as `{ type: "fanout:height", height }`. The snippet from the Share dialog
//! carries the few lines a page needs to apply it (`ui::share::embed`).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::editor::viewport::fit_height;
use crate::scenario::Scenario;
use crate::ui::canvas::canvas_size;
use crate::ui::share::{EMBED_MAX_HEIGHT_PX, EMBED_MIN_HEIGHT_PX};

/// The message's `type`.
const MESSAGE_TYPE: &str = "fanout:height";

/// The height, in CSS pixels, this embed would like its frame to be.
fn wanted(s: &Scenario) -> Option<u32> {
    let (w, h) = canvas_size()?;
    let frame_h = gloo::utils::window().inner_height().ok()?.as_f64()?;
    let chrome = frame_h - h;
    let want = (chrome + fit_height(s, w)).clamp(EMBED_MIN_HEIGHT_PX, EMBED_MAX_HEIGHT_PX);
    Some(want.round() as u32)
}

/// Posts the wanted height to the parent window when it changes (never to a page that is not
/// framing this one).
fn post(s: &Scenario, last: &RefCell<u32>) {
    let window = gloo::utils::window();
    let Ok(Some(parent)) = window.parent() else { return };
    if js_sys::Object::is(&parent, &window) {
        return;
    }
    let Some(height) = wanted(s).filter(|h| *h != *last.borrow()) else { return };
    *last.borrow_mut() = height;
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &MESSAGE_TYPE.into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &JsValue::from(height));
    let _ = parent.post_message(&message, "*");
}

/// In an embed, keeps the page told of the wanted height: after each edit, when the drawer
/// opens or closes, and when the frame's width changes.
#[hook]
pub fn use_embed_height(in_embed: bool, scenario: Rc<Scenario>, revision: u64, drawer: bool) {
    let last = use_mut_ref(|| 0u32);
    use_effect_with((revision, drawer), move |_| {
        let listener = in_embed.then(|| {
            post(&scenario, &last);
            EventListener::new(&gloo::utils::window(), "resize", move |_| post(&scenario, &last))
        });
        move || drop(listener)
    });
}

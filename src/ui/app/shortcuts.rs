//! The canvas's keyboard shortcuts, registered once on the window. What a key means is
//! `editor::keys` (tested natively); this module only reads browser events into it.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::editor::keys::{shortcut, Key, Shortcut};
use crate::editor::shell::ShellMsg;
use crate::editor::Action;
use crate::ui::run::RunCommand;

/// Space alone toggles play; Space held while dragging pans instead.
#[derive(Clone, Copy, PartialEq)]
enum SpaceKey {
    Up,
    Held,
    /// Held, and the pointer was pressed meanwhile: it was a pan.
    Panned,
}

/// Listens for the shortcuts of diagram tools for the app's lifetime, ignoring keys typed in
/// a field or a dialog.
#[hook]
pub fn use_shortcuts(
    edit: Callback<Action>,
    shell: Callback<ShellMsg>,
    fit_view: Callback<()>,
    run: Callback<RunCommand>,
) {
    use_effect_with((), move |_| {
        let window = gloo::utils::window();
        let space = Rc::new(Cell::new(SpaceKey::Up));
        let pointer = EventListener::new(&window, "pointerdown", {
            let space = space.clone();
            move |_| {
                if space.get() == SpaceKey::Held {
                    space.set(SpaceKey::Panned);
                }
            }
        });
        let opts = EventListenerOptions::enable_prevent_default();
        let down = EventListener::new_with_options(&window, "keydown", opts, {
            let (space, shell) = (space.clone(), shell.clone());
            move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                if not_for_canvas(e) {
                    return;
                }
                let key = e.key();
                let k =
                    Key { key: &key, command: e.ctrl_key() || e.meta_key(), shift: e.shift_key() };
                let Some(action) = shortcut(k) else { return };
                e.prevent_default();
                match action {
                    Shortcut::Edit(a) => edit.emit(a),
                    Shortcut::FitView => fit_view.emit(()),
                    Shortcut::SpaceDown if !e.repeat() => {
                        space.set(SpaceKey::Held);
                        shell.emit(ShellMsg::SpaceHeld(true));
                    }
                    Shortcut::SpaceDown => {}
                }
            }
        });
        let up = EventListener::new(&window, "keyup", move |e| {
            let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
            if e.key() != " " {
                return;
            }
            // Only a Space the canvas took (keydown set Held) toggles play; one typed in a
            // field is none of the canvas's business (not even a render).
            let was = space.replace(SpaceKey::Up);
            if was != SpaceKey::Up {
                shell.emit(ShellMsg::SpaceHeld(false));
            }
            if was == SpaceKey::Held {
                run.emit(RunCommand::TogglePlay);
            }
        });
        move || drop((down, up, pointer))
    });
}

/// Whether the canvas shortcuts should leave this key alone: typing in a field, a dialog or
/// menu open over the canvas, or Space/Enter on a control that Space presses.
fn not_for_canvas(e: &web_sys::KeyboardEvent) -> bool {
    let target = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let Some(el) = target else { return false };
    if is_typing(&el) || el.closest("dialog,[role=dialog],[role=menu]").ok().flatten().is_some() {
        return true;
    }
    let control = el.closest("button,a,[role=tab]").ok().flatten().is_some();
    control && e.key() == " "
}

/// Whether an element is a text field (shortcuts must not steal typing).
fn is_typing(el: &web_sys::Element) -> bool {
    let tag = el.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || el.get_attribute("contenteditable").is_some()
}

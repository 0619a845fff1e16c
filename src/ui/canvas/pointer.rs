//! Pointer events on the canvas, read into the gesture machine (`editor::gesture`, where every
//! transition is tested natively), and the effects it returns carried out.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::{client_to_canvas, edge_at, node_at, node_under};
use crate::editor::gesture::{Effect, Gesture, Hit, Press, Touches};
use crate::editor::viewport::Viewport;
use crate::editor::Action;
use crate::ui::run::{RunCommand, RunContext};
use crate::ui::state::EditorHandle;

/// How close a click must be to a dot to select its event, in screen pixels.
const DOT_HIT_PX: f64 = 10.0;

/// What the pointer handlers work with, as of this render.
#[derive(Clone)]
pub struct Pointer {
    pub gesture: UseStateHandle<Gesture>,
    pub touches: Rc<RefCell<Touches>>,
    pub editor: EditorHandle,
    pub run: RunContext,
    pub vp: Viewport,
    pub on_viewport: Callback<Viewport>,
    /// Space is held: a press pans whatever is under it.
    pub space_held: bool,
}

/// The canvas's pointer handlers.
pub struct Handlers {
    pub down: Callback<PointerEvent>,
    pub moved: Callback<PointerEvent>,
    pub up: Callback<PointerEvent>,
    pub cancel: Callback<PointerEvent>,
}

/// Where a pointer event is, relative to the canvas's top-left corner.
fn screen_of(e: &PointerEvent) -> Option<(f64, f64)> {
    client_to_canvas(f64::from(e.client_x()), f64::from(e.client_y()))
}

/// What the press landed on.
fn hit_of(el: &web_sys::Element) -> Hit {
    match (node_at(el), edge_at(el)) {
        (Some(id), _) if el.get_attribute("data-port").as_deref() == Some("out") => {
            Hit::OutPort(id)
        }
        (Some(id), _) => Hit::Node(id),
        (None, Some(id)) => Hit::Edge(id),
        (None, None) => Hit::Background,
    }
}

impl Pointer {
    fn apply(&self, effect: Effect) {
        match effect {
            Effect::None => {}
            Effect::Edit(a) => self.editor.dispatch(a),
            Effect::Pan { dx, dy } => self.on_viewport.emit(self.vp.panned(dx, dy)),
            // A click on a moving dot traces its event; elsewhere it clears the selection.
            Effect::Click { world: (x, y) } => {
                let hit = self.run.player.borrow().dot_near(x, y, DOT_HIT_PX / self.vp.zoom);
                match hit {
                    Some(id) => self.run.command.emit(RunCommand::SelectEvent(Some(id))),
                    None => self.editor.dispatch(Action::ClearSelection),
                }
            }
        }
    }

    fn down(&self, e: PointerEvent) {
        if e.button() != 0 && e.button() != 1 {
            return;
        }
        let Some(screen) = screen_of(&e) else { return };
        // A second finger makes a pinch, not a drag.
        if e.pointer_type() == "touch" && self.touches.borrow_mut().down(e.pointer_id(), screen) {
            self.gesture.set(Gesture::Idle);
            return;
        }
        let el: web_sys::Element = e.target_unchecked_into();
        if let Some(svg) = el.closest("svg.graph").ok().flatten() {
            let _ = svg.set_pointer_capture(e.pointer_id());
        }
        let press = Press {
            hit: hit_of(&el),
            screen,
            additive: e.shift_key(),
            pan: self.space_held || e.button() == 1,
        };
        let (next, effect) = Gesture::press(press, &self.vp, &self.editor.editor.selection().nodes);
        self.gesture.set(next);
        self.apply(effect);
    }

    fn moved(&self, e: PointerEvent) {
        let Some(screen) = screen_of(&e) else { return };
        if e.pointer_type() == "touch" {
            let mut touches = self.touches.borrow_mut();
            let pinching = touches.pinching();
            let view = touches.moved(e.pointer_id(), screen, &self.vp);
            if pinching {
                if let Some(v) = view {
                    self.on_viewport.emit(v);
                }
                return;
            }
        }
        let selected = &self.editor.editor.selection().nodes;
        let (next, effect) = (*self.gesture).clone().moved(screen, &self.vp, selected);
        // Most moves change nothing (idle, or a press still under the drag threshold): no render.
        if next != *self.gesture {
            self.gesture.set(next);
        }
        self.apply(effect);
    }

    fn up(&self, e: PointerEvent) {
        self.touches.borrow_mut().up(e.pointer_id());
        let current = (*self.gesture).clone();
        self.gesture.set(Gesture::Idle);
        // Pointer capture hides the target: ask what is under the pointer, where an edge lands.
        let over = current
            .connecting_from()
            .and_then(|_| node_under(f64::from(e.client_x()), f64::from(e.client_y())));
        self.apply(current.release(over, &self.vp));
    }

    /// The four handlers, each with this render's state.
    pub fn handlers(self) -> Handlers {
        let on = |f: fn(&Pointer, PointerEvent)| {
            let p = self.clone();
            Callback::from(move |e: PointerEvent| f(&p, e))
        };
        let (down, moved, up) = (on(Pointer::down), on(Pointer::moved), on(Pointer::up));
        let cancel = Callback::from(move |e: PointerEvent| {
            self.touches.borrow_mut().up(e.pointer_id());
            self.gesture.set(Gesture::Idle);
        });
        Handlers { down, moved, up, cancel }
    }
}

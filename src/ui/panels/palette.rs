//! The palette: every node kind, to drag onto the canvas, or to add at the centre of the view
//! with a click or Enter.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::scenario::NodeKindTag;
use crate::ui::kinds;

/// Pointer travel, in pixels, past which a press on a palette item becomes a drag.
const DRAG_THRESHOLD_PX: f64 = 4.0;

#[derive(Properties, PartialEq)]
pub struct PaletteProps {
    /// Adds a node: `None` at the centre of the view, `Some((x, y))` at that client point
    /// (the canvas ignores a point outside itself).
    pub on_add: Callback<(NodeKindTag, Option<(f64, f64)>)>,
}

/// A press on a palette item, possibly becoming a drag.
#[derive(Clone, Copy, PartialEq)]
struct Press {
    kind: NodeKindTag,
    start: (f64, f64),
    at: (f64, f64),
    dragging: bool,
}

#[function_component(Palette)]
pub fn palette(props: &PaletteProps) -> Html {
    // The press lives outside rendering (a ref); only the drag ghost is rendered state.
    let press = use_mut_ref(|| None::<Press>);
    let ghost = use_state(|| None::<Press>);
    // A drag ends with a click on the same button; that click must not add a second node.
    let suppress_click = use_mut_ref(|| false);

    // The drag follows the pointer anywhere on the page, so it listens on the window rather
    // than on the button; re-registered when `on_add` changes so a drop uses today's view.
    {
        let press = press.clone();
        let ghost = ghost.clone();
        let suppress_click = suppress_click.clone();
        use_effect_with(props.on_add.clone(), move |on_add| {
            let on_add = on_add.clone();
            let window = gloo::utils::window();
            let on_move = EventListener::new(&window, "pointermove", {
                let press = press.clone();
                let ghost = ghost.clone();
                move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::PointerEvent>() else { return };
                    let mut slot = press.borrow_mut();
                    if let Some(p) = slot.as_mut() {
                        p.at = (f64::from(e.client_x()), f64::from(e.client_y()));
                        let moved = (p.at.0 - p.start.0).hypot(p.at.1 - p.start.1);
                        p.dragging |= moved > DRAG_THRESHOLD_PX;
                        if p.dragging {
                            ghost.set(Some(*p));
                        }
                    }
                }
            });
            let on_up = EventListener::new(&window, "pointerup", move |e| {
                let Some(e) = e.dyn_ref::<web_sys::PointerEvent>() else { return };
                let Some(p) = press.borrow_mut().take() else { return };
                ghost.set(None);
                if p.dragging {
                    // The click that may follow this release belongs to the drag; forget the
                    // flag once the event's task is over, so a later Enter still adds.
                    *suppress_click.borrow_mut() = true;
                    let flag = suppress_click.clone();
                    gloo::timers::callback::Timeout::new(0, move || *flag.borrow_mut() = false)
                        .forget();
                    let at = (f64::from(e.client_x()), f64::from(e.client_y()));
                    on_add.emit((p.kind, Some(at)));
                }
            });
            move || drop((on_move, on_up))
        });
    }

    let item = |kind: NodeKindTag| {
        let on_down = {
            let press = press.clone();
            let suppress_click = suppress_click.clone();
            Callback::from(move |e: PointerEvent| {
                if e.button() != 0 {
                    return;
                }
                *suppress_click.borrow_mut() = false;
                let p = (f64::from(e.client_x()), f64::from(e.client_y()));
                *press.borrow_mut() = Some(Press { kind, start: p, at: p, dragging: false });
            })
        };
        // A click (mouse without drag, touch tap, or Enter/Space on the focused button) adds
        // the node at the centre of the view.
        let on_click = {
            let on_add = props.on_add.clone();
            let suppress_click = suppress_click.clone();
            Callback::from(move |_: MouseEvent| {
                if std::mem::take(&mut *suppress_click.borrow_mut()) {
                    return;
                }
                on_add.emit((kind, None));
            })
        };
        html! {
            <li>
                <button class="palette-item" aria-label={format!("Add {}", kinds::title(kind))}
                        title={format!("Drag onto the canvas, or click to add a {}", kind.label())}
                        style={format!("--kind: var({})", kinds::css_var(kind))}
                        onpointerdown={on_down} onclick={on_click}>
                    <span class="kind-icon">{ kinds::icon(kind) }</span>
                    <span class="label"><b>{ kinds::title(kind) }</b><small>{ kinds::blurb(kind) }</small></span>
                </button>
            </li>
        }
    };

    let ghost_view = ghost.map(|p| {
        html! {
            <div class="drag-ghost" aria-hidden="true"
                 style={format!("left:{}px;top:{}px;--kind: var({})", p.at.0, p.at.1, kinds::css_var(p.kind))}>
                <span class="kind-icon">{ kinds::icon(p.kind) }</span>{ kinds::title(p.kind) }
            </div>
        }
    });

    html! {
        <>
            <div class="panel-head"><span id="palette-heading">{"Components"}</span></div>
            <ul class="palette" aria-labelledby="palette-heading">
                { for NodeKindTag::ALL.into_iter().map(item) }
            </ul>
            { for ghost_view }
        </>
    }
}

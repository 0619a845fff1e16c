//! Modal dialogs on the native `<dialog>` element opened with `showModal()`: the browser makes
//! everything behind it inert, so focus cannot wander behind it (for the keyboard and screen
//! readers alike); Escape and a click on the backdrop close it; and when it closes, the focus
//! goes back to the control that opened it.

use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ModalProps {
    /// The dialog's accessible name.
    pub label: AttrValue,
    /// Classes of the dialog box (its look and place).
    #[prop_or_default]
    pub class: Classes,
    /// Inline style (a menu placed at the pointer).
    #[prop_or_default]
    pub style: Option<AttrValue>,
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub children: Html,
}

/// Focuses an HTML or SVG element (a canvas node is an SVG group).
pub fn focus(el: &web_sys::Element) {
    if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = h.focus();
    } else if let Some(s) = el.dyn_ref::<web_sys::SvgElement>() {
        let _ = s.focus();
    }
}

#[function_component(Modal)]
pub fn modal(props: &ModalProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            // The control that had the focus opened the dialog: it gets the focus back.
            let opener = gloo::utils::document().active_element();
            let dialog = node.cast::<web_sys::HtmlDialogElement>();
            if let Some(d) = &dialog {
                let _ = d.show_modal();
            }
            move || {
                // Close first: while the dialog is modal, the opener is inert and refuses focus.
                if let Some(d) = dialog {
                    d.close();
                }
                if let Some(el) = opener.filter(|el| el.is_connected()) {
                    focus(&el);
                }
            }
        })
    }
    // Escape (the browser's `cancel`) must go through the app's state, which owns the dialog.
    let on_cancel = props.on_close.reform(|e: Event| e.prevent_default());
    let on_key = super::close_on_escape(props.on_close.clone());
    // A click on the backdrop lands on the <dialog> itself (its content fills its box).
    let on_click = {
        let close = props.on_close.clone();
        let node = node.clone();
        Callback::from(move |e: MouseEvent| {
            let target = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            if target.is_some() && target == node.get() {
                close.emit(());
            }
        })
    };
    html! {
        <dialog class={classes!("modal", props.class.clone())} aria-label={props.label.clone()} ref={node}
                style={props.style.clone()} oncancel={on_cancel} onclose={props.on_close.reform(|_: Event| ())}
                onclick={on_click} onkeydown={on_key}>
            { props.children.clone() }
        </dialog>
    }
}

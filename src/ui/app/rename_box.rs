//! The in-place rename field over a node (F2 or a double-click).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RenameBoxProps {
    pub name: AttrValue,
    pub left: f64,
    pub top: f64,
    pub width: f64,
    /// `Some(new name)` on Enter or blur, `None` on Escape.
    pub on_done: Callback<Option<String>>,
}

/// The in-place rename field shown over a node after a double-click.
#[function_component(RenameBox)]
pub fn rename_box(props: &RenameBoxProps) -> Html {
    let input = use_node_ref();
    // Enter and blur both finish; only the first counts.
    let finished = use_mut_ref(|| false);
    // What had the focus (the node, after F2 or a double-click): Enter and Escape go back to it.
    let before = use_mut_ref(|| None::<web_sys::Element>);
    {
        let input = input.clone();
        let before = before.clone();
        let name = props.name.clone();
        use_effect_with((), move |_| {
            *before.borrow_mut() = gloo::utils::document().active_element();
            if let Some(el) = input.cast::<web_sys::HtmlInputElement>() {
                // Set once, not rendered: the app re-renders while a run plays, and a rendered
                // value would overwrite what is being typed.
                el.set_value(&name);
                let _ = el.focus();
                el.select();
            }
        });
    }
    let finish = {
        let on_done = props.on_done.clone();
        move |value: Option<String>| {
            if !std::mem::replace(&mut *finished.borrow_mut(), true) {
                on_done.emit(value);
            }
        }
    };
    let on_key = {
        let finish = finish.clone();
        Callback::from(move |e: KeyboardEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            let value = match e.key().as_str() {
                "Enter" => Some(el.value()),
                "Escape" => None,
                _ => return,
            };
            finish(value);
            if let Some(node) = before.borrow().as_ref() {
                crate::ui::modal::focus(node);
            }
        })
    };
    let on_blur = Callback::from(move |e: FocusEvent| {
        let el: web_sys::HtmlInputElement = e.target_unchecked_into();
        finish(Some(el.value()));
    });
    html! {
        <input class="rename-box" aria-label="Node name" maxlength="80" ref={input}
               style={format!("left:{}px;top:{}px;width:{}px", props.left, props.top, props.width)}
               onkeydown={on_key} onblur={on_blur} />
    }
}

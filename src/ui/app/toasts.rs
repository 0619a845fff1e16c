//! Messages for the user at the bottom of the window: the editor's last refusal, the app's
//! last message (an error stays until dismissed), and a draft another tab changed.

use yew::prelude::*;

use crate::editor::drafts::Draft;

/// The app's last message: a counter (the same text twice still shows twice), the text, and
/// whether it is an error.
pub type Message = Option<(u64, String, bool)>;

/// The app's message, and the callback that says one: `(text, is_error)`.
#[hook]
pub fn use_messages(first: Option<String>) -> (UseStateHandle<Message>, Callback<(String, bool)>) {
    let message = use_state(move || first.map(|n| (0u64, n, true)));
    let say = {
        let message = message.clone();
        Callback::from(move |(text, error): (String, bool)| {
            let n = message.as_ref().map_or(1, |(n, _, _)| n + 1);
            message.set(Some((n, text, error)));
        })
    };
    (message, say)
}

/// What the stack shows.
pub struct Toasts<'a> {
    /// The editor's last refusal.
    pub refusal: Option<(u64, String)>,
    pub message: &'a UseStateHandle<Message>,
    /// Another tab saved a different version of this tab's draft.
    pub conflict: Option<Conflict>,
}

/// A draft changed by another tab, and the two ways out.
pub struct Conflict {
    pub theirs: Draft,
    pub load_theirs: Callback<MouseEvent>,
    pub keep_mine: Callback<MouseEvent>,
}

/// The toast stack, newest last.
pub fn toasts(t: Toasts) -> Html {
    let refusal = t.refusal.map(|(n, text)| {
        html! { <div class="toast error" role="status" key={format!("r{n}")}>{ text }</div> }
    });
    let message = (**t.message).clone().map(|(n, text, error)| {
        let dismiss = {
            let message = t.message.clone();
            Callback::from(move |_: MouseEvent| message.set(None))
        };
        html! {
            <div class={classes!("toast", error.then_some("error"))} role={if error { "alert" } else { "status" }} key={format!("m{n}")}>
                <span>{ text }</span>
                <button class="btn icon small-btn" aria-label="Dismiss" onclick={dismiss}>{"×"}</button>
            </div>
        }
    });
    let conflict = t.conflict.map(|c| html! {
        <div class="toast conflict" role="alert" key="conflict">
            <span>
                <b>{"Another tab changed this draft."}</b>
                { format!(" It saved a different version (“{}”). Yours is kept as a separate draft, so nothing is lost.", c.theirs.display_title()) }
            </span>
            <button class="btn" onclick={c.load_theirs}>{"Load theirs"}</button>
            <button class="btn primary" onclick={c.keep_mine}>{"Keep mine"}</button>
        </div>
    });
    html! {
        <div class="toast-stack" aria-live="polite">{ for conflict }{ for refusal }{ for message }</div>
    }
}

//! Recent drafts: every document this browser keeps, newest first, with its title and when it
//! was saved; each reopens (undoably) and can be deleted.

use std::rc::Rc;

use yew::prelude::*;

use crate::editor::drafts::{age_label, Draft, DraftId};
use crate::scenario::limits::MAX_DRAFTS;
use crate::ui::drafts as store;
use crate::ui::modal::Modal;

#[derive(Properties, PartialEq)]
pub struct DraftsProps {
    pub on_close: Callback<()>,
    /// Opens a draft in this tab.
    pub on_open: Callback<Draft>,
    /// The draft this tab shows.
    pub current: DraftId,
    /// Moves whenever storage changes (another tab saved), so the list is read again.
    pub generation: u64,
}

#[function_component(DraftsDialog)]
pub fn drafts_dialog(props: &DraftsProps) -> Html {
    // Deleting bumps this, so the list is read again.
    let deleted = use_state(|| 0u64);
    let shelf = use_memo((props.generation, *deleted), |_| Rc::new(store::shelf()));
    let now = store::now_ms();
    let close = props.on_close.reform(|_: MouseEvent| ());
    let rows = shelf.drafts().iter().map(|d| {
        let here = d.id == props.current;
        let title = d.display_title().to_owned();
        let open = {
            let on_open = props.on_open.clone();
            let d = d.clone();
            Callback::from(move |_: MouseEvent| on_open.emit(d.clone()))
        };
        let delete = {
            let deleted = deleted.clone();
            let id = d.id.clone();
            Callback::from(move |_: MouseEvent| {
                store::remove(&id);
                deleted.set(*deleted + 1);
            })
        };
        let date = js_sys::Date::new(&d.saved_ms.into());
        let exact: String = date.to_locale_string("default", &js_sys::Object::new()).into();
        let iso: String = date.to_iso_string().into();
        let nodes = match d.nodes {
            1 => "1 node".to_owned(),
            n => format!("{n} nodes"),
        };
        html! {
            <li key={d.id.as_str().to_owned()} class={classes!("draft", here.then_some("current"))}>
                <div class="draft-text">
                    <b>{ title.clone() }</b>
                    <span class="muted small">
                        { format!("{nodes} · saved ") }
                        <time datetime={iso} title={exact}>{ age_label(d.saved_ms, now) }</time>
                        if here { {" · open in this tab"} }
                    </span>
                </div>
                if !here {
                    <button class="btn primary" aria-label={format!("Open draft {title}")} onclick={open}>{"Open"}</button>
                    <button class="btn" aria-label={format!("Delete draft {title}")} onclick={delete}>{"Delete"}</button>
                }
            </li>
        }
    });
    let damaged = shelf.unreadable();
    html! {
            <Modal class="dialog drafts" label="Recent drafts" on_close={props.on_close.clone()}>
                <div class="dialog-head">
                    <h2>{"Recent drafts"}</h2>
                    <span style="flex:1"></span>
                    <button class="btn icon" aria-label="Close recent drafts" onclick={close}>{"×"}</button>
                </div>
                <p class="drafts-help muted">
                    { format!("Your work is saved as you edit, one draft per scenario you open. This browser keeps the {MAX_DRAFTS} most recent; opening a link or a lesson never replaces one.") }
                </p>
                if shelf.drafts().is_empty() {
                    <p class="drafts-empty">{"No drafts yet: they appear once you edit a scenario."}</p>
                } else {
                    <ul class="draft-list" aria-label="Drafts">{ for rows }</ul>
                }
                if damaged > 0 {
                    <p class="drafts-help muted">{ match damaged {
                        1 => "1 saved draft could not be read and is not listed (damaged, or saved by a newer Fanout).".to_owned(),
                        n => format!("{n} saved drafts could not be read and are not listed (damaged, or saved by a newer Fanout)."),
                    } }</p>
                }
            </Modal>
    }
}

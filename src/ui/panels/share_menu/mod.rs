//! The Share menu: copy the link, build an embed snippet (with a preview), export an animation,
//! and import/export files (scenario JSON, diagram SVG and PNG, Mermaid, AsyncAPI 3.0; import
//! reads scenario JSON and AsyncAPI). Each section is a component of its own; the dialog holds
//! only the status line they all report to.

mod embed_form;
mod files;

use yew::prelude::*;

use crate::ui::{modal::Modal, share, state::use_editor};
use embed_form::EmbedForm;
use files::Files;

#[derive(Properties, PartialEq)]
pub struct ShareMenuProps {
    pub on_close: Callback<()>,
    /// Reports a message (success or error) to the user.
    pub on_notice: Callback<String>,
    /// Called after a scenario was imported (to fit the view).
    pub on_opened: Callback<()>,
    /// The current pan and zoom, which the link carries.
    pub view: crate::editor::viewport::Viewport,
}

/// A message of the dialog's own: its text, and whether it is a problem.
type Status = (String, bool);

#[function_component(ShareMenu)]
pub fn share_menu(props: &ShareMenuProps) -> Html {
    let editor = use_editor();
    // Messages about this dialog's own actions show in it: behind a modal they would be inert.
    let status = use_state(|| None::<Status>);
    let on_status = {
        let status = status.clone();
        Callback::from(move |s: Status| status.set(Some(s)))
    };
    // Links deflate the scenario: encode when what they depend on changes, not per render.
    let url = {
        let scenario = editor.editor.scenario().clone();
        use_memo((editor.editor.revision(), props.view), move |(_, view)| {
            share::share_url(&scenario, view)
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <Modal class="popover share-menu" label="Share" on_close={props.on_close.clone()}>
            <div class="dialog-head">
                <h2>{"Share"}</h2>
                <span style="flex:1"></span>
                <button class="btn icon" aria-label="Close share" onclick={close}>{"×"}</button>
            </div>
            <section>
                <h3>{"Link"}</h3>
                <p class="help">{ format!("The whole scenario is in the link ({} characters). Opening it restores this playground and, with its seed, the same run.", url.len()) }</p>
                <div class="row">
                    <input class="grow" readonly=true aria-label="Share link" value={(*url).clone()} />
                    <button class="btn primary" onclick={copy((*url).clone(), "Link copied.", &on_status)}>{"Copy link"}</button>
                </div>
            </section>
            <EmbedForm on_status={on_status.clone()} />
            <crate::ui::animation::AnimationExport on_status={on_status.clone()} />
            <Files on_status={on_status.clone()} on_notice={props.on_notice.clone()}
                   on_close={props.on_close.clone()} on_opened={props.on_opened.clone()} />
            <crate::ui::panels::interop_export::InteropExport on_status={on_status} />
            <div class="share-status">
                <p role="status">{ status.as_ref().filter(|s| !s.1).map(|s| s.0.clone()) }</p>
                if let Some((text, true)) = &*status { <p class="error" role="alert">{ text.clone() }</p> }
            </div>
        </Modal>
    }
}

/// A button's click that copies `text` and says `done`, or says how to copy by hand when the
/// browser refuses the clipboard.
fn copy(text: String, done: &'static str, on_status: &Callback<Status>) -> Callback<MouseEvent> {
    let on_status = on_status.clone();
    Callback::from(move |_: MouseEvent| {
        let promise = gloo::utils::window().navigator().clipboard().write_text(&text);
        let on_status = on_status.clone();
        wasm_bindgen_futures::spawn_local(async move {
            on_status.emit(match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(_) => (done.into(), false),
                Err(_) => {
                    ("The browser refused the clipboard: select the text and copy it.".into(), true)
                }
            });
        });
    })
}

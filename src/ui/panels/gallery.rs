//! The gallery: every lesson as a ready scenario. Opening one replaces the canvas (undoable).

use yew::prelude::*;

use crate::editor::Action;
use crate::scenario::gallery;
use crate::ui::modal::Modal;
use crate::ui::state::use_editor;

#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    pub on_close: Callback<()>,
    /// Called after a scenario was opened (to fit the view).
    pub on_opened: Callback<()>,
}

#[function_component(Gallery)]
pub fn gallery_dialog(props: &GalleryProps) -> Html {
    let editor = use_editor();
    let entries = use_memo((), |_| gallery::all());
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
            <Modal class="dialog gallery" label="Gallery" on_close={props.on_close.clone()}>
                <div class="dialog-head">
                    <h2>{"Gallery"}</h2>
                    <span class="muted">{"Lessons from event-driven architecture, ready to run."}</span>
                    <span style="flex:1"></span>
                    <button class="btn icon" aria-label="Close gallery" onclick={close}>{"×"}</button>
                </div>
                <ul class="cards">
                    { for entries.iter().map(|e| {
                        let open = {
                            let editor = editor.clone();
                            let scenario = e.scenario.clone();
                            let on_close = props.on_close.clone();
                            let on_opened = props.on_opened.clone();
                            Callback::from(move |_: MouseEvent| {
                                editor.dispatch(Action::Load(scenario.clone()));
                                on_close.emit(());
                                on_opened.emit(());
                            })
                        };
                        html! {
                            <li key={e.slug}>
                                <button class="card" onclick={open} aria-label={format!("Open {}", e.title)}>
                                    <span class="lesson">{ format!("Lesson {}", e.lesson) }</span>
                                    <b>{ e.title.clone() }</b>
                                    <p>{ e.scenario.notes.clone() }</p>
                                    <span class="muted small">{ format!("{} nodes · seed {}", e.scenario.nodes.len(), e.scenario.seed) }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            </Modal>
    }
}

//! The Share dialog's "AsyncAPI and Mermaid" section: the scenario as AsyncAPI 3.0 documents
//! (one YAML file) and as a Mermaid flowchart (download or copy). The conversions are
//! `crate::interop`'s; this only offers their text.

use yew::prelude::*;

use crate::ui::{export, state::use_editor};

#[derive(Properties, PartialEq)]
pub struct InteropExportProps {
    /// Reports a message about an export: `(text, is a problem)`.
    pub on_status: Callback<(String, bool)>,
}

#[function_component(InteropExport)]
pub fn interop_export(props: &InteropExportProps) -> Html {
    let editor = use_editor();
    let scenario = editor.editor.scenario().clone();
    // The flowchart is redrawn when the scenario changes, not on every render.
    let mermaid = {
        let scenario = scenario.clone();
        use_memo(editor.editor.revision(), move |_| crate::interop::to_mermaid(&scenario))
    };
    let stem = export::file_stem(&scenario.title);
    let problem = props.on_status.reform(|text: String| (text, true));
    let export_asyncapi = {
        let (name, on_status) = (format!("{stem}.asyncapi.yaml"), props.on_status.clone());
        Callback::from(move |_: MouseEvent| {
            let docs = crate::interop::to_asyncapi(&scenario);
            let yaml = crate::interop::documents_to_yaml(&docs);
            on_status.emit(match export::download(&name, "application/yaml", &yaml) {
                Ok(()) => (
                    format!(
                        "{} AsyncAPI documents, one per application, in one YAML file.",
                        docs.len()
                    ),
                    false,
                ),
                Err(e) => (e, true),
            });
        })
    };
    let export_mermaid = {
        let (text, name, problem) = (mermaid.clone(), format!("{stem}.mmd"), problem.clone());
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = export::download(&name, "text/plain", &text) {
                problem.emit(e);
            }
        })
    };
    let copy_mermaid = {
        let (text, on_status) = (mermaid.clone(), props.on_status.clone());
        Callback::from(move |_: MouseEvent| {
            let promise = gloo::utils::window().navigator().clipboard().write_text(&text);
            let on_status = on_status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                on_status.emit(match wasm_bindgen_futures::JsFuture::from(promise).await {
                    Ok(_) => ("Mermaid flowchart copied.".into(), false),
                    Err(_) => (
                        "The browser refused the clipboard: use Export Mermaid instead.".into(),
                        true,
                    ),
                });
            });
        })
    };
    html! {
        <section>
            <h3>{"AsyncAPI and Mermaid"}</h3>
            <div class="row wrap">
                <button class="btn" onclick={export_asyncapi}>{"Export AsyncAPI"}</button>
                <button class="btn" onclick={export_mermaid}>{"Export Mermaid"}</button>
                <button class="btn" onclick={copy_mermaid}>{"Copy Mermaid"}</button>
            </div>
            <p class="help">{"AsyncAPI 3.0, one document per application with Kafka bindings; importing it gives back this scenario. Mermaid: a flowchart for design documents."}</p>
        </section>
    }
}

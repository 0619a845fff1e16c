//! The Share menu: copy the link, build an embed snippet (with a preview), and import/export
//! files (scenario JSON, diagram SVG and PNG, Mermaid, AsyncAPI 3.0; import reads scenario JSON
//! and AsyncAPI).

use gloo::file::{callbacks::FileReader, File};
use yew::prelude::*;

use crate::editor::Action;
use crate::ui::{export, modal::Modal, share, state::use_editor};

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

#[function_component(ShareMenu)]
pub fn share_menu(props: &ShareMenuProps) -> Html {
    let editor = use_editor();
    let scenario = editor.editor.scenario().clone();
    let height = use_state(|| 480u32);
    let autoplay = use_state(|| true);
    let editable = use_state(|| false);
    let start_s = use_state(|| 0.0f64);
    let figures = use_state(String::new);
    let theme = use_state(|| None::<&'static str>);
    let fit_height = use_state(|| true);
    let click_to_load = use_state(|| false);
    let preview = use_state(|| false);
    let reader = use_mut_ref(Vec::<FileReader>::new);
    // Messages about this dialog's own actions show in it: behind a modal they would be inert.
    // (text, is a problem).
    let status = use_state(|| None::<(String, bool)>);
    let notice = {
        let status = status.clone();
        Callback::from(move |text: String| status.set(Some((text, true))))
    };
    let status_cb = {
        let status = status.clone();
        Callback::from(move |s: (String, bool)| status.set(Some(s)))
    };

    // Links deflate the scenario: encode when what they depend on changes, not per render.
    let url = {
        let scenario = scenario.clone();
        use_memo((editor.editor.revision(), props.view), move |(_, view)| {
            share::share_url(&scenario, view)
        })
    };
    let url: String = (*url).clone();
    let options = share::SnippetOptions {
        height_px: *height,
        autoplay: *autoplay,
        editable: *editable,
        start_s: *start_s,
        metrics: (*figures).clone(),
        theme: *theme,
        fit_height: *fit_height,
        click_to_load: *click_to_load,
    };
    let (snippet, preview_src) = {
        let scenario = scenario.clone();
        (*use_memo((editor.editor.revision(), options), move |(_, o)| {
            (share::embed_snippet(&scenario, o), share::embed_url(&scenario, o))
        }))
        .clone()
    };

    let copy = |text: String, done: &'static str| {
        let on_notice = notice.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let clipboard = gloo::utils::window().navigator().clipboard();
            let promise = clipboard.write_text(&text);
            let on_notice = on_notice.clone();
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(promise).await {
                    Ok(_) => status.set(Some((done.into(), false))),
                    Err(_) => on_notice.emit(
                        "The browser refused the clipboard: select the text and copy it.".into(),
                    ),
                }
            });
        })
    };
    let checkbox = |h: &UseStateHandle<bool>| {
        let h = h.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            h.set(el.checked());
        })
    };
    let on_height = {
        let height = height.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = el.value().parse::<u32>() {
                let (min, max) = (share::EMBED_MIN_HEIGHT_PX, share::EMBED_MAX_HEIGHT_PX);
                height.set(f64::from(v).clamp(min, max) as u32);
            }
        })
    };
    let on_start = {
        let start_s = start_s.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = el.value().parse::<f64>() {
                if v.is_finite() && v >= 0.0 {
                    start_s.set(v);
                }
            }
        })
    };
    let on_figures = {
        let figures = figures.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            figures.set(el.value());
        })
    };
    let stem = export::file_stem(&scenario.title);
    let export_json = {
        let scenario = scenario.clone();
        let stem = stem.clone();
        let on_notice = notice.clone();
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = export::download(
                &format!("{stem}.json"),
                "application/json",
                &scenario.to_json_pretty(),
            ) {
                on_notice.emit(e);
            }
        })
    };
    let export_svg = {
        let stem = stem.clone();
        let on_notice = notice.clone();
        Callback::from(move |_: MouseEvent| {
            let r = export::diagram_svg()
                .and_then(|svg| export::download(&format!("{stem}.svg"), "image/svg+xml", &svg));
            if let Err(e) = r {
                on_notice.emit(e);
            }
        })
    };
    let export_png = {
        let stem = stem.clone();
        let on_notice = notice.clone();
        Callback::from(move |_: MouseEvent| {
            let r = export::diagram_svg()
                .and_then(|svg| export::download_png(&format!("{stem}.png"), &svg));
            if let Err(e) = r {
                on_notice.emit(e);
            }
        })
    };
    let on_import = {
        let editor = editor.clone();
        let on_notice = props.on_notice.clone();
        let notice = notice.clone();
        let on_close = props.on_close.clone();
        let on_opened = props.on_opened.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(list) = input.files() else { return };
            // Several files are AsyncAPI documents of one system: read them all, then import.
            let files: Vec<File> =
                (0..list.length()).filter_map(|i| list.get(i)).map(File::from).collect();
            if files.is_empty() {
                return;
            }
            let done = {
                let editor = editor.clone();
                let on_notice = on_notice.clone();
                let notice = notice.clone();
                let on_close = on_close.clone();
                let on_opened = on_opened.clone();
                move |texts: Vec<String>| match share::import(&texts) {
                    Ok((s, assumed)) => {
                        editor.dispatch(Action::Load(s));
                        on_notice.emit(if assumed.is_empty() {
                            "Scenario imported. Undo brings back the previous one.".into()
                        } else {
                            format!(
                                "AsyncAPI imported with {} assumption(s) where the documents say \
                                 nothing, listed in the notes: edit them in the inspector. Undo \
                                 brings back the previous scenario.",
                                assumed.len()
                            )
                        });
                        on_close.emit(());
                        on_opened.emit(());
                    }
                    Err(e) => notice.emit(e),
                }
            };
            *reader.borrow_mut() = read_all(&files, done, notice.clone());
            input.set_value("");
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let toggle_preview = {
        let preview = preview.clone();
        Callback::from(move |_: MouseEvent| preview.set(!*preview))
    };
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            theme.set(match el.value().as_str() {
                "light" => Some("light"),
                "dark" => Some("dark"),
                _ => None,
            });
        })
    };

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
                    <input class="grow" readonly=true aria-label="Share link" value={url.clone()} />
                    <button class="btn primary" onclick={copy(url.clone(), "Link copied.")}>{"Copy link"}</button>
                </div>
            </section>
            <section>
                <h3>{"Embed"}</h3>
                <div class="embed-options">
                    <label>{"Height"}<input type="number" min={share::EMBED_MIN_HEIGHT_PX.to_string()} max={share::EMBED_MAX_HEIGHT_PX.to_string()} value={height.to_string()} onchange={on_height} aria-label="Embed height" /><span class="unit">{"px"}</span></label>
                    <label>{"Start at"}<input type="number" min="0" step="1" value={start_s.to_string()} onchange={on_start} aria-label="Embed start time" /><span class="unit">{"s"}</span></label>
                    <label><input type="checkbox" checked={*autoplay} onchange={checkbox(&autoplay)} />{"Autoplay"}</label>
                    <label><input type="checkbox" checked={*editable} onchange={checkbox(&editable)} />{"Editable"}</label>
                    <label><input type="checkbox" checked={*fit_height} onchange={checkbox(&fit_height)} />{"Fit height to the graph"}</label>
                    <label><input type="checkbox" checked={*click_to_load} onchange={checkbox(&click_to_load)} />{"Click to load"}</label>
                    <label>{"Theme"}<select aria-label="Embed theme" onchange={on_theme}>
                        <option value="" selected={theme.is_none()}>{"Reader's"}</option>
                        <option value="light" selected={*theme == Some("light")}>{"Light"}</option>
                        <option value="dark" selected={*theme == Some("dark")}>{"Dark"}</option>
                    </select></label>
                    <label class="figures-option">{"Figures"}<input type="text" value={(*figures).clone()} onchange={on_figures}
                                          placeholder="duplicates@Ledger, p95@Checkout" aria-label="Embed figures" />
                    </label>
                </div>
                <p class="help">{"Figures: headline counters (processed, lost…) or a node's figure as figure@node (duplicates@Ledger, p95@Checkout), comma-separated; empty shows the default counters."}</p>
                <textarea readonly=true aria-label="Embed snippet" rows="3" value={snippet.clone()} />
                <div class="row">
                    <button class="btn" onclick={copy(snippet.clone(), "Embed snippet copied.")}>{"Copy snippet"}</button>
                    <button class="btn" aria-pressed={preview.to_string()} onclick={toggle_preview}>{"Preview"}</button>
                </div>
                if *preview {
                    <iframe class="embed-preview" title="Embed preview" src={preview_src}
                            style={format!("height:{}px", (*height).min(420))} />
                }
            </section>
            <crate::ui::animation::AnimationExport on_status={status_cb.clone()} />
            <section>
                <h3>{"Files"}</h3>
                <div class="row wrap">
                    <button class="btn" onclick={export_json}>{"Export JSON"}</button>
                    <label class="btn file-btn">{"Import JSON or AsyncAPI"}
                        <input type="file" accept=".json,.yaml,.yml,application/json,application/yaml"
                               multiple=true aria-label="Import JSON or AsyncAPI" onchange={on_import} />
                    </label>
                    <button class="btn" onclick={export_svg}>{"Export SVG"}</button>
                    <button class="btn" onclick={export_png}>{"Export PNG"}</button>
                </div>
                <p class="help">{"JSON files run in the command-line runner too: fanout run scenario.json"}</p>
            </section>
            <crate::ui::panels::interop_export::InteropExport on_status={status_cb} />
            <div class="share-status">
                <p role="status">{ status.as_ref().filter(|s| !s.1).map(|s| s.0.clone()) }</p>
                if let Some((text, true)) = &*status { <p class="error" role="alert">{ text.clone() }</p> }
            </div>
        </Modal>
    }
}

/// Reads every file as text and calls `done` with all of them, in order, once the last is read.
fn read_all(
    files: &[File],
    done: impl Fn(Vec<String>) + Clone + 'static,
    on_error: Callback<String>,
) -> Vec<FileReader> {
    let texts = std::rc::Rc::new(std::cell::RefCell::new(vec![None::<String>; files.len()]));
    let read = |(i, file): (usize, &File)| {
        let (texts, done, on_error) = (texts.clone(), done.clone(), on_error.clone());
        gloo::file::callbacks::read_as_text(file, move |result| match result {
            Ok(text) => {
                texts.borrow_mut()[i] = Some(text);
                let all: Option<Vec<String>> = texts.borrow().iter().cloned().collect();
                if let Some(all) = all {
                    done(all);
                }
            }
            Err(e) => on_error.emit(format!("Could not read that file: {e}.")),
        })
    };
    files.iter().enumerate().map(read).collect()
}

//! The Share dialog's Embed section: the snippet's options, the snippet, and a live preview.

use std::rc::Rc;

use yew::prelude::*;

use super::{copy, Status};
use crate::ui::share::{self, SnippetOptions};
use crate::ui::state::use_editor;

#[derive(Properties, PartialEq)]
pub struct EmbedFormProps {
    pub on_status: Callback<Status>,
}

/// One change to the embed's options, from one of the form's fields.
enum Edit {
    Height(String),
    Start(String),
    Autoplay(bool),
    Editable(bool),
    FitHeight(bool),
    ClickToLoad(bool),
    Theme(String),
    Figures(String),
}

impl Edit {
    /// The options after this edit; a number that does not parse, or is out of range, leaves
    /// them as they were (a height is clamped to what embeds allow).
    fn apply(self, mut o: SnippetOptions) -> SnippetOptions {
        match self {
            Edit::Height(v) => {
                if let Ok(v) = v.parse::<u32>() {
                    let (min, max) = (share::EMBED_MIN_HEIGHT_PX, share::EMBED_MAX_HEIGHT_PX);
                    o.height_px = f64::from(v).clamp(min, max) as u32;
                }
            }
            Edit::Start(v) => {
                if let Ok(v) = v.parse::<f64>() {
                    if v.is_finite() && v >= 0.0 {
                        o.start_s = v;
                    }
                }
            }
            Edit::Autoplay(on) => o.autoplay = on,
            Edit::Editable(on) => o.editable = on,
            Edit::FitHeight(on) => o.fit_height = on,
            Edit::ClickToLoad(on) => o.click_to_load = on,
            Edit::Theme(v) => {
                o.theme = match v.as_str() {
                    "light" => Some("light"),
                    "dark" => Some("dark"),
                    _ => None,
                }
            }
            Edit::Figures(v) => o.metrics = v,
        }
        o
    }
}

/// The form's state: the options, changed only by [`Edit`]s.
#[derive(Default, PartialEq)]
struct Form(SnippetOptions);

impl Reducible for Form {
    type Action = Edit;
    fn reduce(self: Rc<Self>, edit: Edit) -> Rc<Self> {
        Rc::new(Form(edit.apply(self.0.clone())))
    }
}

#[function_component(EmbedForm)]
pub fn embed_form(props: &EmbedFormProps) -> Html {
    let editor = use_editor();
    let form = use_reducer(Form::default);
    let preview = use_state(|| false);
    let (snippet, preview_src) = {
        let scenario = editor.editor.scenario().clone();
        (*use_memo((editor.editor.revision(), form.0.clone()), move |(_, o)| {
            (share::embed_snippet(&scenario, o), share::embed_url(&scenario, o))
        }))
        .clone()
    };
    let edit = {
        let form = form.dispatcher();
        Callback::from(move |e: Edit| form.dispatch(e))
    };
    let value = |to: fn(String) -> Edit| {
        edit.reform(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            to(el.value())
        })
    };
    let checkbox = |to: fn(bool) -> Edit| {
        edit.reform(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            to(el.checked())
        })
    };
    let on_theme = edit.reform(|e: Event| {
        let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
        Edit::Theme(el.value())
    });
    let toggle_preview = {
        let preview = preview.clone();
        Callback::from(move |_: MouseEvent| preview.set(!*preview))
    };
    let o = &form.0;
    html! {
        <section>
            <h3>{"Embed"}</h3>
            <div class="embed-options">
                <label>{"Height"}<input type="number" min={share::EMBED_MIN_HEIGHT_PX.to_string()} max={share::EMBED_MAX_HEIGHT_PX.to_string()} value={o.height_px.to_string()} onchange={value(Edit::Height)} aria-label="Embed height" /><span class="unit">{"px"}</span></label>
                <label>{"Start at"}<input type="number" min="0" step="1" value={o.start_s.to_string()} onchange={value(Edit::Start)} aria-label="Embed start time" /><span class="unit">{"s"}</span></label>
                <label><input type="checkbox" checked={o.autoplay} onchange={checkbox(Edit::Autoplay)} />{"Autoplay"}</label>
                <label><input type="checkbox" checked={o.editable} onchange={checkbox(Edit::Editable)} />{"Editable"}</label>
                <label><input type="checkbox" checked={o.fit_height} onchange={checkbox(Edit::FitHeight)} />{"Fit height to the graph"}</label>
                <label><input type="checkbox" checked={o.click_to_load} onchange={checkbox(Edit::ClickToLoad)} />{"Click to load"}</label>
                <label>{"Theme"}<select aria-label="Embed theme" onchange={on_theme}>
                    <option value="" selected={o.theme.is_none()}>{"Reader's"}</option>
                    <option value="light" selected={o.theme == Some("light")}>{"Light"}</option>
                    <option value="dark" selected={o.theme == Some("dark")}>{"Dark"}</option>
                </select></label>
                <label class="figures-option">{"Figures"}<input type="text" value={o.metrics.clone()} onchange={value(Edit::Figures)}
                                      placeholder="duplicates@Ledger, p95@Checkout" aria-label="Embed figures" />
                </label>
            </div>
            <p class="help">{"Figures: headline counters (processed, lost…) or a node's figure as figure@node (duplicates@Ledger, p95@Checkout), comma-separated; empty shows the default counters."}</p>
            <textarea readonly=true aria-label="Embed snippet" rows="3" value={snippet.clone()} />
            <div class="row">
                <button class="btn" onclick={copy(snippet, "Embed snippet copied.", &props.on_status)}>{"Copy snippet"}</button>
                <button class="btn" aria-pressed={preview.to_string()} onclick={toggle_preview}>{"Preview"}</button>
            </div>
            if *preview {
                <iframe class="embed-preview" title="Embed preview" src={preview_src}
                        style={format!("height:{}px", o.height_px.min(420))} />
            }
        </section>
    }
}

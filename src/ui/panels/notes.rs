//! The scenario's notes beside the canvas, in full, with its checks: whether what a lesson
//! says holds, as the run goes, and what it says. Read-only here; the notes are edited in the
//! inspector's scenario settings and the checks there too.

use yew::prelude::*;

use crate::ui::state::use_editor;

#[derive(Properties, PartialEq)]
pub struct NotesProps {
    /// Whether the notes are shown (otherwise only the heading and its Show button).
    pub open: bool,
    pub on_toggle: Callback<()>,
}

/// Whether a scenario has anything for the notes panel to show.
pub fn has_notes(s: &crate::scenario::Scenario) -> bool {
    !s.notes.trim().is_empty() || !s.checks.is_empty()
}

#[function_component(NotesPanel)]
pub fn notes_panel(props: &NotesProps) -> Html {
    let editor = use_editor();
    let scenario = editor.editor.scenario();
    if !has_notes(scenario) {
        return Html::default();
    }
    let toggle = props.on_toggle.reform(|_: MouseEvent| ());
    // One paragraph per line of the notes.
    let paragraphs = scenario.notes.lines().filter(|l| !l.trim().is_empty()).map(|l| {
        html! { <p>{ l.to_owned() }</p> }
    });
    html! {
        <section class="notes" data-open={props.open.to_string()} aria-labelledby="notes-heading">
            <div class="panel-head">
                <h2 id="notes-heading">{"Notes"}</h2>
                <button class="btn small-btn" aria-expanded={props.open.to_string()} aria-controls="notes-body"
                        title={if props.open { "Hide the notes" } else { "Show the notes" }}
                        onclick={toggle}>{ if props.open { "Hide" } else { "Show" } }</button>
            </div>
            if props.open {
                <div class="notes-body" id="notes-body">
                    <h3 class="notes-title">{ scenario.title.clone() }</h3>
                    // The point first, as green and red lines; then the words that explain it.
                    <super::checks::ChecksList />
                    { for paragraphs }
                </div>
            }
        </section>
    }
}

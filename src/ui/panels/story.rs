//! The story editor, in the scenario's settings: the steps of story mode in time order, each
//! with its time (from the field table), caption, highlighted nodes and whether the run stops
//! there, and "Add a step" at the current time. Every change is one undoable edit.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::fields::TextField;
use super::settings;
use crate::editor::Action;
use crate::engine::{secs_to_us, us_to_secs};
use crate::scenario::{fields, limits, NodeId, NodeKindTag, Scenario, Step};
use crate::ui::run::{format_clock, use_run, RunCommand};
use crate::ui::state::{use_editor, EditorHandle};

#[function_component(StoryEditor)]
pub fn story_editor() -> Html {
    let editor = use_editor();
    let run = use_run();
    let scenario = editor.editor.scenario().clone();
    let now = run.player.borrow().now_us();
    let add = {
        let editor = editor.clone();
        let highlight: Vec<NodeId> =
            editor.editor.selection().nodes.iter().copied().take(limits::MAX_HIGHLIGHTS).collect();
        Callback::from(move |_: MouseEvent| {
            let step = Step {
                at_s: us_to_secs(now),
                caption: String::new(),
                highlight: highlight.clone(),
                pause: true,
            };
            editor.dispatch(Action::AddStep(step));
        })
    };
    let full = scenario.steps.len() >= limits::MAX_STEPS;
    html! {
        <section class="story-editor" aria-label="Story">
            <h3>{"Story"}</h3>
            <p class="help">{"Captioned steps that guide a reader through the run: each starts at its time, can point at nodes, and can stop the run until the reader clicks Next. Embeds play them too."}</p>
            <ol>
                { for scenario.steps_in_order().into_iter().enumerate().map(|(place, i)| {
                    step_item(&editor, &run.command, &scenario, place, i)
                }) }
            </ol>
            <button class="btn" disabled={full} onclick={add}
                    title="A new step at the current time, pointing at the selected nodes">
                { format!("Add a step at {}", format_clock(now)) }
            </button>
        </section>
    }
}

/// The editors of step `index` (shown `place`-th in time order).
fn step_item(
    editor: &EditorHandle,
    command: &Callback<RunCommand>,
    s: &Scenario,
    place: usize,
    index: usize,
) -> Html {
    let step = &s.steps[index];
    let scope = format!("step-{index}");
    let update = |change: fn(&mut Step, String)| {
        let (editor, step) = (editor.clone(), step.clone());
        Callback::from(move |v: String| {
            let mut step = step.clone();
            change(&mut step, v);
            editor.dispatch(Action::UpdateStep { index, step });
        })
    };
    let on_step = {
        let editor = editor.clone();
        Callback::from(move |step: Step| editor.dispatch(Action::UpdateStep { index, step }))
    };
    let on_highlight = {
        let (editor, step) = (editor.clone(), step.clone());
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let chosen = sel.selected_options();
            let ids = (0..chosen.length())
                .filter_map(|k| chosen.item(k)?.dyn_into::<web_sys::HtmlOptionElement>().ok())
                .filter_map(|o| o.value().parse().ok().map(NodeId))
                .take(limits::MAX_HIGHLIGHTS)
                .collect();
            editor.dispatch(Action::UpdateStep {
                index,
                step: Step { highlight: ids, ..step.clone() },
            });
        })
    };
    let on_pause = {
        let (editor, step) = (editor.clone(), step.clone());
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            editor.dispatch(Action::UpdateStep {
                index,
                step: Step { pause: el.checked(), ..step.clone() },
            });
        })
    };
    let go = {
        let at = secs_to_us(step.at_s);
        command.reform(move |_: MouseEvent| RunCommand::Seek(at))
    };
    let delete = {
        let editor = editor.clone();
        Callback::from(move |_: MouseEvent| editor.dispatch(Action::DeleteStep(index)))
    };
    let n = place + 1;
    html! {
        <li class="story-step" aria-label={format!("Step {n}")}>
            <div class="row">
                <b>{ format!("Step {n}") }</b>
                <span style="flex:1"></span>
                <button class="btn small-btn" aria-label={format!("Go to step {n}")} onclick={go}>{"Go"}</button>
                <button class="btn small-btn danger" aria-label={format!("Delete step {n}")} onclick={delete}>{"Delete"}</button>
            </div>
            { settings::scoped(fields::STEP, step, NodeKindTag::Producer, &on_step, &scope) }
            <TextField label="Caption" scope={scope.clone()} help="What to watch now, in a sentence or two."
                       multiline=true value={step.caption.clone()} max_len={limits::MAX_CAPTION_LEN}
                       on_commit={update(|st, v| st.caption = v)} />
            <div class="field">
                <label for={format!("{scope}-highlight")}>{"Highlight"}</label>
                <select id={format!("{scope}-highlight")} multiple=true size="4" onchange={on_highlight}>
                    { for s.nodes.iter().map(|node| html! {
                        <option value={node.id.0.to_string()} selected={step.highlight.contains(&node.id)}>{ node.name.clone() }</option>
                    }) }
                </select>
            </div>
            <label class="check"><input type="checkbox" checked={step.pause} onchange={on_pause} />{"Stop here until Next"}</label>
        </li>
    }
}

//! Metrics → Compare: the design on the canvas (A) against its variant (B), run in lockstep on
//! one seed by the player and its twin. The changed settings come from
//! [`crate::scenario::diff`], the rows and their words from [`crate::engine::compare`]: the
//! same list and table `fanout compare` prints. Making, switching and ending a comparison are
//! editor actions, so each is one undo step.

use yew::prelude::*;

use crate::editor::Action;
use crate::engine::compare::{check_pairs, row_texts, rows, verdict};
use crate::engine::replications::Measure;
use crate::scenario::diff::differences;
use crate::ui::run::use_run;
use crate::ui::state::use_editor;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// Embed mode: the headline rows only, no buttons.
    #[prop_or_default]
    pub compact: bool,
}

#[function_component(ComparePanel)]
pub fn compare_panel(props: &CompareProps) -> Html {
    let run = use_run();
    let editor = use_editor();
    let act = |a: Action| {
        let editor = editor.clone();
        Callback::from(move |_: MouseEvent| editor.dispatch(a.clone()))
    };
    let s = editor.editor.scenario();
    let Some((a, b)) = s.compared() else {
        return html! {
            <div class="compare">
                <p class="muted small">{"Compare two designs on the same seed: make a variant of this scenario, change it in the editor, and see both runs' figures side by side."}</p>
                <button class="btn" onclick={act(Action::MakeVariant)}>{"Make a variant"}</button>
            </div>
        };
    };
    let name = |t: &str, w: &'static str| {
        if t.trim().is_empty() {
            w.to_owned()
        } else {
            t.trim().to_owned()
        }
    };
    let player = run.player.borrow();
    let twin = player.twin.as_deref();
    let pair = match (player.sim(), twin.and_then(|t| t.sim())) {
        (Some(x), Some(y)) if x.now_us() == y.now_us() => Some([x, y]),
        _ => None,
    };
    let waiting = match twin.and_then(|t| t.error.clone()) {
        Some(e) => format!("B: {e}"),
        None if pair.is_none() && player.sim().is_some() => "B is catching up…".to_owned(),
        None => player.error.clone().unwrap_or_default(),
    };
    let diffs = differences(&a, b);
    let table = pair.map(|p| {
        let mut t = rows(&a, b, p);
        if props.compact {
            t.retain(|r| matches!(r.measure, Measure::Headline(_)));
        }
        (row_texts(&a, b, &t), if props.compact { Vec::new() } else { check_pairs(&a, b, p) })
    });
    let head = format!(
        "A: {} (on the canvas) · B: {} · both on seed {}",
        name(&a.title, "this design"),
        name(&b.title, "the variant"),
        a.seed
    );
    html! {
        <div class="compare">
            <p class="small">{ head }</p>
            if !props.compact {
                <div class="row">
                    <button class="btn" onclick={act(Action::SwitchVariant)}>{"Edit the other design"}</button>
                    <button class="btn" title="Keeps the design on the canvas; Undo brings the comparison back"
                            onclick={act(Action::EndComparison)}>{"End comparison"}</button>
                </div>
                <ul class="compare-diffs" aria-label="Changed settings">
                    if diffs.is_empty() {
                        <li>{"No settings differ yet: change A or B in the editor."}</li>
                    }
                    { for diffs.iter().map(|d| html! { <li>{ format!("{}: {} → {}", d.path, d.before, d.after) }</li> }) }
                </ul>
            }
            if let Some((texts, checks)) = table {
                <div class="table-wrap" role="region" aria-label="Comparison" tabindex="0">
                    <table class="metrics-table" aria-label="A and B side by side">
                        <thead><tr><th>{"Figure"}</th><th>{"A"}</th><th>{"B"}</th><th>{"B − A"}</th></tr></thead>
                        <tbody>
                            { for texts.into_iter().map(|t| html! {
                                <tr><th scope="row">{ t.label }</th><td>{ t.a }</td><td>{ t.b }</td><td>{ t.difference }</td></tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                <ul class="seed-checks" aria-label="Checks of A and B">
                    { for checks.iter().map(|c| html! {
                        <li>{ format!("A {} · B {} · {}", verdict(c.a), verdict(c.b), c.check.sentence(if c.a.is_some() { &a } else { b })) }</li>
                    }) }
                </ul>
            } else {
                <p class="muted small" role="status">{ waiting }</p>
            }
        </div>
    }
}

//! The scenario's checks: one line each, pass ✓ / fail ✗ / pending, with the figure now and,
//! for a failed check, a button that seeks the timeline to its first violation. Statuses come
//! from the engine (`Simulation::checks`); sentences, labels and units from the one table in
//! `scenario::checks`. With `editable`, each line can be deleted and a form adds checks, both as
//! undoable editor actions.

use yew::prelude::*;

use crate::editor::Action;
use crate::engine::{CheckStatus, Verdict};
use crate::scenario::{
    format_sim_time, format_value, Check, CheckFigure, CheckOp, NodeId, Scenario,
};
use crate::ui::run::{use_run, RunCommand};
use crate::ui::state::use_editor;

#[derive(Properties, PartialEq)]
pub struct ChecksProps {
    /// Offer delete buttons and the form that adds a check.
    #[prop_or_default]
    pub editable: bool,
}

#[function_component(ChecksList)]
pub fn checks_list(props: &ChecksProps) -> Html {
    let run = use_run();
    let editor = use_editor();
    let scenario = editor.editor.scenario().clone();
    let (statuses, ended) = {
        let player = run.player.borrow();
        let statuses = player.sim().map(|s| s.checks()).unwrap_or_default();
        (statuses, player.now_us() >= player.duration_us)
    };
    if scenario.checks.is_empty() && !props.editable {
        return Html::default();
    }
    let lines = scenario.checks.iter().enumerate().map(|(i, check)| {
        let status = statuses.get(i).copied();
        let on_seek = run.command.clone();
        let on_delete = props.editable.then(|| {
            let editor = editor.clone();
            Callback::from(move |_: MouseEvent| editor.dispatch(Action::DeleteCheck(i)))
        });
        check_line(&scenario, check, status, ended, on_seek, on_delete)
    });
    // Both lists can be on screen (drawer and inspector): their headings need distinct ids.
    let heading = if props.editable { "checks-heading-edit" } else { "checks-heading" };
    html! {
        <section class="checks" aria-labelledby={heading}>
            <h3 id={heading}>{"Checks"}</h3>
            if scenario.checks.is_empty() {
                <p class="muted small">{"No checks yet: state what must hold, and see it pass or fail as the run goes."}</p>
            } else {
                <ul aria-label="Checks">{ for lines }</ul>
            }
            if props.editable { <AddCheck /> }
        </section>
    }
}

/// One check: its mark, sentence, value, and the seek button of a failed one.
fn check_line(
    scenario: &Scenario,
    check: &Check,
    status: Option<CheckStatus>,
    ended: bool,
    on_seek: Callback<RunCommand>,
    on_delete: Option<Callback<MouseEvent>>,
) -> Html {
    let sentence = check.sentence(scenario);
    // Once the run is over, a goal still pending was not met.
    let verdict = status.map(|s| if ended { s.at_end() } else { s.verdict });
    let (class, mark, word) = match verdict {
        Some(Verdict::Holds) => ("pass", "✓", "passes"),
        Some(Verdict::Fails) => ("fail", "✗", "fails"),
        Some(Verdict::Pending) => ("pending", "…", "pending"),
        None => ("idle", "·", "not running"),
    };
    let value = status.map(|s| format_value(s.value, check.figure.unit()));
    let seek = status.and_then(|s| s.first_violation_us).map(|t| {
        let when = format_sim_time(t);
        let label = format!("Seek to {when}, the first violation of: {sentence}");
        let onclick = on_seek.reform(move |_: MouseEvent| RunCommand::Seek(t));
        html! {
            <button class="link seek" aria-label={label} onclick={onclick}>
                { format!("first violated at {when}") }
            </button>
        }
    });
    let delete = on_delete.map(|onclick| {
        html! {
            <button class="btn icon small" aria-label={format!("Delete check: {sentence}")}
                    title="Delete this check" onclick={onclick}>{"×"}</button>
        }
    });
    html! {
        <li class={classes!("check", class)} data-verdict={class}>
            <span class="mark" aria-hidden="true">{ mark }</span>
            <span class="sentence">{ sentence.clone() }</span>
            <span class="visually-hidden">{ format!(" {word}") }</span>
            if let Some(v) = value { <span class="value">{ v }</span> }
            if check.expect_fail {
                <span class="expect" title="The scenario expects this check to fail: it shows what goes wrong">{"expected to fail"}</span>
            }
            { for seek }
            { for delete }
        </li>
    }
}

/// What the add form holds while it is filled in.
#[derive(Clone, PartialEq)]
struct Draft {
    figure: CheckFigure,
    /// `None`: the whole scenario.
    node: Option<NodeId>,
    op: CheckOp,
    value: String,
    expect_fail: bool,
}

/// Nodes (and "the whole scenario", as `None`) that have `figure`, with their labels.
fn targets(scenario: &Scenario, figure: CheckFigure) -> Vec<(Option<NodeId>, String)> {
    let whole = figure.applies_to(None).then(|| (None, "the whole scenario".to_owned()));
    let nodes =
        scenario.nodes.iter().filter(|n| figure.applies_to(Some(n.kind.tag()))).map(|n| {
            (Some(n.id), if n.name.is_empty() { n.id.to_string() } else { n.name.clone() })
        });
    whole.into_iter().chain(nodes).collect()
}

#[function_component(AddCheck)]
fn add_check() -> Html {
    let editor = use_editor();
    let scenario = editor.editor.scenario().clone();
    let draft = use_state(|| Draft {
        figure: CheckFigure::Lost,
        node: None,
        op: CheckOp::Equal,
        value: "0".to_owned(),
        expect_fail: false,
    });
    let error = use_state(|| None::<String>);
    let options = targets(&scenario, draft.figure);
    // A target that no longer fits the chosen figure falls back to the first that does.
    let node = if options.iter().any(|(id, _)| *id == draft.node) {
        draft.node
    } else {
        options.first().and_then(|(id, _)| *id)
    };
    let set = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut next = (*draft).clone();
            f(&mut next, input.value());
            draft.set(next);
        })
    };
    let on_figure = set(|d, v| d.figure = CheckFigure::from_code(&v).unwrap_or(d.figure));
    let on_node = set(|d, v| d.node = v.parse().ok().map(NodeId));
    let on_op = set(|d, v| d.op = CheckOp::from_code(&v).unwrap_or(d.op));
    let on_value = set(|d, v| d.value = v);
    let on_expect = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            draft.set(Draft { expect_fail: input.checked(), ..(*draft).clone() });
        })
    };
    let on_add = {
        let (editor, draft, error) = (editor.clone(), draft.clone(), error.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(value) = draft.value.trim().parse::<f64>() else {
                error.set(Some("Enter a number.".to_owned()));
                return;
            };
            let check = Check {
                expect_fail: draft.expect_fail,
                ..Check::new(draft.figure, node, draft.op, value)
            };
            error.set(None);
            editor.dispatch(Action::AddCheck(check));
        })
    };
    let unit = draft.figure.unit().label();
    html! {
        <form class="add-check" aria-label="Add a check" onsubmit={on_add}>
            <select aria-label="Figure" onchange={on_figure}>
                { for CheckFigure::ALL.iter().filter(|f| !targets(&scenario, **f).is_empty()).map(|f| html! {
                    <option value={f.code()} selected={*f == draft.figure}>{ f.label() }</option>
                }) }
            </select>
            <select aria-label="Of" onchange={on_node}>
                { for options.iter().map(|(id, label)| html! {
                    <option value={id.map(|n| n.0.to_string()).unwrap_or_default()} selected={*id == node}>{ label.clone() }</option>
                }) }
            </select>
            <select aria-label="Comparison" onchange={on_op}>
                { for CheckOp::ALL.iter().map(|op| html! {
                    <option value={op.code()} selected={*op == draft.op}>{ op.symbol() }</option>
                }) }
            </select>
            <input type="number" min="0" step="any" aria-label={if unit.is_empty() { "Bound".to_owned() } else { format!("Bound, in {unit}") }}
                   value={draft.value.clone()} onchange={on_value} />
            <span class="unit">{ unit }</span>
            <label class="expect-fail" title="The scenario shows this going wrong: it passes `fanout check` by failing">
                <input type="checkbox" checked={draft.expect_fail} onchange={on_expect} />{"expected to fail"}
            </label>
            <button class="btn" type="submit">{"Add check"}</button>
            if let Some(e) = &*error { <span class="error" role="alert">{ e.clone() }</span> }
        </form>
    }
}

//! The fault lane: one bar per scheduled fault of the scenario, on the timeline's scale (from 0
//! to the run's duration, like the slider), with the current time marked. Add a fault, drag a
//! bar to move it or its right edge to resize it, click it (or Enter) to edit it; by keyboard,
//! ←/→ move it, ↑/↓ lengthen or shorten it, Delete removes it. Each is one undoable editor
//! action (`AddFault`, `UpdateFault`, `DeleteFault`); the run takes the edit by the engine's
//! rule (`engine::faults`): faults from now on happen as edited, faults already past keep what
//! they did.
//!
//! The bars carry no listeners of their own: the track handles pointer, click and key events
//! for the bar they come from (`data-fault`), which keeps the lane small in the bundle.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::use_run;
use crate::editor::Action;
use crate::engine::{secs_to_us, us_to_secs};
use crate::scenario::fields;
use crate::scenario::{Fault, FaultKind, Node, NodeId, NodeKindTag, Scenario};
use crate::ui::panels::fields::SelectField;
use crate::ui::panels::settings::settings;
use crate::ui::state::{use_editor, EditorHandle};

/// Steps a fault moves by, in seconds: the smallest one at least the share of the run asked.
const STEPS: [f64; 15] =
    [0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0];
/// Height of one row of bars, px (overlapping faults stack in rows).
const ROW_PX: f64 = 22.0;
/// A bar is at least this share of the lane wide, so that a crash or a poison message can be
/// grabbed.
const MIN_SHARE: f64 = 0.015;
/// Of a bar that has a length, the rightmost pixels resize it.
const GRIP_PX: f64 = 8.0;

fn step_at_least(s: f64) -> f64 {
    STEPS.iter().copied().find(|&step| step >= s).unwrap_or(3600.0)
}

/// Where a dragged bar snaps to, about a 600th of the run; with `key`, what an arrow key moves
/// a bar by, about a 60th.
fn step_s(run_s: f64, key: bool) -> f64 {
    step_at_least(run_s / if key { 60.0 } else { 600.0 })
}

/// `v` rounded to a multiple of `step`, then to the microsecond (no float noise in the link).
fn round_to(v: f64, step: f64) -> f64 {
    us_to_secs(secs_to_us((v / step).round() * step))
}

/// A number as the lane says it: at most `decimals` decimals, trailing zeros dropped.
fn num(v: f64, decimals: usize) -> String {
    let t = format!("{v:.decimals$}");
    if t.contains('.') {
        t.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        t
    }
}

/// "Crash Payments at 12.0 s for 3 s": a bar's accessible name and tooltip.
pub fn describe(f: &Fault, node: &str) -> String {
    let mut text = format!("{} {node}", f.kind.label());
    match (f.kind, f.instance) {
        (FaultKind::SlowDown, _) => text += &format!(" ×{}", num(f.factor, 2)),
        (k, _) if k.has_count() && f.count > 1 => text += &format!(" ×{}", f.count),
        (k, Some(i)) if k.has_instance() => text += &format!(" (instance {i})"),
        _ => {}
    }
    text += &format!(" at {:.1} s", f.at_s);
    if f.kind.has_duration() {
        text += &format!(" for {} s", num(f.duration_s, 1));
    }
    text
}

/// The row of each fault: the first row where its bar overlaps no bar placed before it.
fn rows(faults: &[Fault], run_s: f64) -> Vec<usize> {
    let extent = |f: &Fault| {
        let span = if f.kind.has_duration() { f.duration_s } else { 0.0 };
        (f.at_s, f.at_s + span.max(run_s * MIN_SHARE * 1.5))
    };
    let mut row = vec![0; faults.len()];
    for i in 0..faults.len() {
        let (start, end) = extent(&faults[i]);
        let taken = |r: usize| {
            (0..i).any(|j| {
                let (s, e) = extent(&faults[j]);
                row[j] == r && s < end && start < e
            })
        };
        row[i] = (0..).find(|&r| !taken(r)).unwrap_or(0);
    }
    row
}

/// The node a fault added from the lane hits: the selected one when a fault fits it, else the
/// first consumer (crashing one is the commonest lesson), else the first node any fault fits.
fn new_fault(s: &Scenario, selected: Option<NodeId>, at_s: f64) -> Option<Fault> {
    let kind_for = |n: &Node| FaultKind::ALL.into_iter().find(|k| k.fits(n.kind.tag()));
    let node = selected
        .and_then(|id| s.node(id))
        .filter(|n| kind_for(n).is_some())
        .or_else(|| s.nodes.iter().find(|n| n.kind.tag().is_consumer()))
        .or_else(|| s.nodes.iter().find(|n| kind_for(n).is_some()))?;
    Some(Fault::new_on(node, kind_for(node)?, at_s))
}

/// A bar being dragged: which fault, whether by its right edge, where the pointer went down,
/// the lane's width in px, and how far it has moved (s).
#[derive(Clone, Copy, PartialEq)]
struct Drag {
    index: usize,
    resize: bool,
    start_x: f64,
    lane_px: f64,
    delta_s: f64,
}

impl Drag {
    /// The fault as the drag has it now: moved (kept within the run) or resized.
    fn apply(&self, f: &Fault, run_s: f64) -> Fault {
        let snap = step_s(run_s, false);
        let mut f = f.clone();
        if self.resize {
            f.duration_s = round_to((f.duration_s + self.delta_s).max(snap), snap);
        } else {
            f.at_s = round_to((f.at_s + self.delta_s).clamp(0.0, run_s), snap);
        }
        f
    }
}

/// The fault an event came from (its bar's `data-fault`), and the bar.
fn bar_of(e: &Event) -> Option<(usize, web_sys::Element)> {
    let target = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let bar = target.closest(".fault-bar").ok()??;
    Some((bar.get_attribute("data-fault")?.parse().ok()?, bar))
}

/// Focuses the bar of fault `index` (when its editor closes), or the Add button, once the edit
/// that asks for it has rendered.
fn focus_bar(index: Option<usize>) {
    let selector = match index {
        Some(i) => format!(".fault-lane [data-fault=\"{i}\"]"),
        None => ".fault-lane .lane-add".to_owned(),
    };
    gloo::timers::callback::Timeout::new(0, move || {
        let el = gloo::utils::document().query_selector(&selector).ok().flatten();
        if let Some(el) = el.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    })
    .forget();
}

/// The fault a key press on its bar asks for: moved, resized, or `None` for deleted; or
/// `Some(None)` when the key is not the lane's.
fn keyed(f: &Fault, key: &str, run_s: f64) -> Option<Option<Fault>> {
    let step = step_s(run_s, true);
    let us = |v: f64| us_to_secs(secs_to_us(v));
    let mut next = f.clone();
    match key {
        "ArrowLeft" => next.at_s = us((f.at_s - step).max(0.0)),
        "ArrowRight" => next.at_s = us((f.at_s + step).min(run_s)),
        "ArrowUp" if f.kind.has_duration() => next.duration_s = us(f.duration_s + step),
        "ArrowDown" if f.kind.has_duration() => {
            next.duration_s = us((f.duration_s - step).max(step))
        }
        "Delete" | "Backspace" => return Some(None),
        _ => return None,
    }
    Some(Some(next))
}

#[function_component(FaultLane)]
pub fn fault_lane() -> Html {
    let editor = use_editor();
    let run = use_run();
    let drag = use_state(|| None::<Drag>);
    let editing = use_state(|| None::<usize>);
    // A drag ends in a click on the bar: that click must not open the editor.
    let dragged = use_mut_ref(|| false);
    let scenario = editor.editor.scenario().clone();
    let run_s = scenario.run_duration_s();
    let (now_us, horizon_us) = {
        let p = run.player.borrow();
        (p.now_us(), p.sim().map_or(p.now_us(), |s| s.fault_horizon_us()))
    };
    let pct = |s: f64| (s / run_s * 100.0).clamp(0.0, 100.0);
    let lane = Lane { editor: editor.clone(), scenario: scenario.clone(), run_s };
    let on_add = lane.on_add(editing.clone(), horizon_us);
    let on_pointer = lane.on_pointer(drag.clone(), dragged.clone());
    let on_click = {
        let (editing, dragged) = (editing.clone(), dragged.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some((index, _)) = bar_of(&e) {
                if !std::mem::take(&mut *dragged.borrow_mut()) {
                    editing.set(Some(index));
                }
            }
        })
    };
    let on_key = lane.on_key();
    let rows = rows(&scenario.faults, run_s);
    let row_count = rows.iter().max().map_or(1, |r| r + 1);
    let bars = scenario.faults.iter().enumerate().map(|(i, f)| {
        let dragging = (*drag).filter(|d| d.index == i);
        lane.bar(i, f, dragging, rows[i], now_us)
    });
    // The editor takes the focus when it opens, so that Tab and Escape work in it.
    use_effect_with(*editing, |open| {
        if open.is_some() {
            let el = gloo::utils::document().query_selector(".fault-editor").ok().flatten();
            if let Some(el) = el.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = el.focus();
            }
        }
    });
    let editor_view = editing.and_then(|i| {
        let at_s = scenario.faults.get(i)?.at_s;
        let editing = editing.clone();
        let close = Callback::from(move |()| {
            editing.set(None);
            focus_bar(Some(i));
        });
        Some(fault_editor(&editor, i, pct(at_s), close))
    });
    html! {
        <section class="fault-lane" aria-label="Scheduled faults">
            <span class="lane-title" aria-hidden="true">{"Faults"}</span>
            <div class="lane-track" style={format!("height:{}px", row_count as f64 * ROW_PX + 6.0)}
                 onpointerdown={on_pointer.clone()} onpointermove={on_pointer.clone()}
                 onpointerup={on_pointer.clone()} onpointercancel={on_pointer}
                 onclick={on_click} onkeydown={on_key}>
                <div class="lane-now" style={format!("left:{:.3}%", pct(us_to_secs(now_us)))}></div>
                if scenario.faults.is_empty() {
                    <span class="lane-empty">{"No scheduled faults: inject one from a node's menu, or add one here."}</span>
                }
                { for bars }
            </div>
            <button type="button" class="btn lane-add" aria-label="Add a fault"
                    title="Add a fault at the current time (on the selected node when one fits)"
                    disabled={scenario.nodes.is_empty()} onclick={on_add}>{"+ Fault"}</button>
            <span id="fault-lane-keys" class="visually-hidden">
                {"Left and right arrows move it, up and down change its length, Delete removes it, Enter edits it."}
            </span>
            { for editor_view }
        </section>
    }
}

/// What the lane's handlers and bars read: the editor, the scenario it shows, the run's length.
struct Lane {
    editor: EditorHandle,
    scenario: std::rc::Rc<Scenario>,
    run_s: f64,
}

impl Lane {
    fn pct(&self, s: f64) -> f64 {
        (s / self.run_s * 100.0).clamp(0.0, 100.0)
    }

    /// "+ Fault": a new fault at the first snap step from the run's fault horizon on (so that it
    /// still happens in this run), on the selected node when one fits; its editor opens.
    fn on_add(
        &self,
        editing: UseStateHandle<Option<usize>>,
        horizon_us: u64,
    ) -> Callback<MouseEvent> {
        let (editor, scenario, run_s) = (self.editor.clone(), self.scenario.clone(), self.run_s);
        Callback::from(move |_: MouseEvent| {
            let step = secs_to_us(step_s(run_s, false)).max(1);
            let at = horizon_us.div_ceil(step).saturating_mul(step).min(secs_to_us(run_s));
            let selected = editor.editor.selection().nodes.iter().next().copied();
            if let Some(fault) = new_fault(&scenario, selected, us_to_secs(at)) {
                editor.dispatch(Action::AddFault(fault));
                editing.set(Some(scenario.faults.len()));
            }
        })
    }

    /// Press, drag and release on a bar: move it, or resize it by its right edge.
    fn on_pointer(
        &self,
        drag: UseStateHandle<Option<Drag>>,
        dragged: std::rc::Rc<std::cell::RefCell<bool>>,
    ) -> Callback<PointerEvent> {
        let (editor, faults, run_s) = (self.editor.clone(), self.scenario.clone(), self.run_s);
        Callback::from(move |e: PointerEvent| match (e.type_().as_str(), *drag) {
            ("pointerdown", _) if e.button() == 0 => {
                let Some((index, bar)) = bar_of(&e) else { return };
                let Some(f) = faults.faults.get(index) else { return };
                let lane_px =
                    bar.parent_element().map_or(1.0, |l| f64::from(l.client_width())).max(1.0);
                let x = f64::from(e.client_x());
                let resize =
                    f.kind.has_duration() && x > bar.get_bounding_client_rect().right() - GRIP_PX;
                let _ = bar.set_pointer_capture(e.pointer_id());
                drag.set(Some(Drag { index, resize, start_x: x, lane_px, delta_s: 0.0 }));
            }
            ("pointermove", Some(d)) => {
                let delta_s = (f64::from(e.client_x()) - d.start_x) / d.lane_px * run_s;
                drag.set(Some(Drag { delta_s, ..d }));
            }
            ("pointerup", Some(d)) => {
                drag.set(None);
                let Some(f) = faults.faults.get(d.index) else { return };
                let moved = d.apply(f, run_s);
                // A press that moved the bar less than one snap step is a click.
                *dragged.borrow_mut() = moved != *f;
                if moved != *f {
                    editor.dispatch(Action::UpdateFault { index: d.index, fault: moved });
                }
            }
            ("pointercancel", _) => drag.set(None),
            _ => {}
        })
    }

    /// A bar's keys: arrows move or resize it, Delete removes it (see `keyed`).
    fn on_key(&self) -> Callback<KeyboardEvent> {
        let (editor, faults, run_s) = (self.editor.clone(), self.scenario.clone(), self.run_s);
        Callback::from(move |e: KeyboardEvent| {
            let Some((index, _)) = bar_of(&e) else { return };
            let Some(f) = faults.faults.get(index) else { return };
            let Some(next) = keyed(f, &e.key(), run_s) else { return };
            // The keys are the bar's, not the canvas's (Delete would delete nodes).
            e.prevent_default();
            e.stop_propagation();
            match next {
                Some(next) if next != *f => {
                    editor.dispatch(Action::UpdateFault { index, fault: next });
                }
                Some(_) => {}
                None => {
                    editor.dispatch(Action::DeleteFault(index));
                    focus_bar(None);
                }
            }
        })
    }

    /// Fault `i`'s bar in row `row`, where `drag` (if it is this bar's) has it now; a fault
    /// already past is marked so.
    fn bar(&self, i: usize, f: &Fault, drag: Option<Drag>, row: usize, now_us: u64) -> Html {
        let shown = drag.map_or_else(|| f.clone(), |d| d.apply(f, self.run_s));
        let broker = format!("broker-{}", f.broker);
        let name = if f.kind.hits_broker() {
            broker.as_str()
        } else {
            self.scenario.node(f.node).map_or("?", |n| n.name.as_str())
        };
        let label = describe(&shown, name);
        let span = if shown.kind.has_duration() { shown.duration_s } else { 0.0 };
        let left = self.pct(shown.at_s).min(100.0 - MIN_SHARE * 100.0);
        let width = (self.pct(shown.at_s + span) - self.pct(shown.at_s)).max(MIN_SHARE * 100.0);
        let past = secs_to_us(f.at_s) < now_us;
        html! {
            <button key={i} type="button" data-fault={i.to_string()} aria-label={label.clone()}
                    class={format!("fault-bar k-{:?}{}{}", f.kind, if past { " past" } else { "" },
                                   if drag.is_some() { " dragging" } else { "" }).to_ascii_lowercase()}
                    style={format!("left:{left:.3}%;width:{width:.3}%;top:{}px", row as f64 * ROW_PX + 3.0)}
                    aria-describedby="fault-lane-keys" aria-haspopup="dialog"
                    title={if past { format!("{label}: already past, the run keeps what it did") } else { label }}>
                // The node first: on a short bar the start is what shows, and nodes are what two
                // bars of one kind differ by (the colour already says the kind).
                <span class="bar-text">{ name }{" · "}{ f.kind.label() }</span>
                if f.kind.has_duration() { <span class="grip"></span> }
            </button>
        }
    }
}

/// Another kind for fault `index` (by its label): the node stays when the kind fits it, else
/// the first node it fits; a duration it had is kept.
fn kind_change(
    editor: &EditorHandle,
    index: usize,
    f: &Fault,
    scenario: &std::rc::Rc<Scenario>,
) -> Callback<String> {
    let (editor, f, scenario) = (editor.clone(), f.clone(), scenario.clone());
    Callback::from(move |label: String| {
        let Some(kind) = FaultKind::ALL.into_iter().find(|k| k.label() == label) else { return };
        let fits = |n: &&Node| kind.fits(n.kind.tag());
        let node = scenario.node(f.node).filter(fits).or_else(|| scenario.nodes.iter().find(fits));
        if let Some(node) = node {
            let fresh = Fault::new_on(node, kind, f.at_s);
            let duration_s = if f.kind.has_duration() { f.duration_s } else { fresh.duration_s };
            editor.dispatch(Action::UpdateFault { index, fault: Fault { duration_s, ..fresh } });
        }
    })
}

/// The node (its instance choice reset) or the instance of fault `index`, from its select.
fn node_or_instance_change(editor: &EditorHandle, index: usize, f: &Fault) -> Callback<Event> {
    let (editor, f) = (editor.clone(), f.clone());
    Callback::from(move |e: Event| {
        let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let mut fault = f.clone();
        match sel.name().as_str() {
            "node" => {
                fault = Fault {
                    node: NodeId(sel.value().parse().unwrap_or(0)),
                    instance: None,
                    ..fault
                }
            }
            _ => fault.instance = sel.value().parse().ok(),
        }
        editor.dispatch(Action::UpdateFault { index, fault });
    })
}

/// The fields of fault `index`: kind, node, time, duration, instance, factor, count (those its
/// kind uses), and Delete, in a dialog under its bar (`left`, % of the lane). Each change is one
/// undoable edit, checked against validation's limits. A function of the lane rather than a
/// component of its own: the lane's focus effect gives it the focus when it opens.
fn fault_editor(editor: &EditorHandle, index: usize, left: f64, on_close: Callback<()>) -> Html {
    let scenario = editor.editor.scenario().clone();
    let Some(f) = scenario.faults.get(index).cloned() else { return Html::default() };
    // The numbers come from the field table: each edit sends the fault with one change.
    let on_fault = {
        let editor = editor.clone();
        Callback::from(move |fault: Fault| editor.dispatch(Action::UpdateFault { index, fault }))
    };
    let on_kind = kind_change(editor, index, &f, &scenario);
    let on_select = node_or_instance_change(editor, index, &f);
    let on_delete = {
        let (editor, close) = (editor.clone(), on_close.clone());
        Callback::from(move |_: MouseEvent| {
            editor.dispatch(Action::DeleteFault(index));
            close.emit(());
            focus_bar(None);
        })
    };
    let kinds: Vec<(&'static str, &'static str)> = FaultKind::ALL
        .into_iter()
        .filter(|k| scenario.nodes.iter().any(|n| k.fits(n.kind.tag())))
        .map(|k| (k.label(), k.label()))
        .collect();
    let node = scenario.node(f.node);
    let instances = node.and_then(|n| n.kind.group()).map_or(0, |g| g.instances);
    let name = node.map_or("?", |n| n.name.as_str());
    let tag = node.map_or(NodeKindTag::Producer, |n| n.kind.tag());
    html! {
        <div class="fault-editor" role="dialog" aria-label={format!("Edit fault: {}", describe(&f, name))}
             tabindex="-1" style={format!("--at:{left:.3}%")} onkeydown={crate::ui::close_on_escape(on_close.clone())}>
            <SelectField label="Fault kind" help="What happens." value={f.kind.label()} options={kinds} on_change={on_kind} />
            <div class="field">
                <label for="fault-node">{"Node"}</label>
                <select id="fault-node" name="node" onchange={on_select.clone()}>
                    { for scenario.nodes.iter().filter(|n| f.kind.fits(n.kind.tag())).map(|n| html! {
                        <option value={n.id.0.to_string()} selected={n.id == f.node}>{ n.name.clone() }</option>
                    }) }
                </select>
            </div>
            { settings(fields::FAULT, &f, tag, &on_fault) }
            if f.kind.has_instance() && instances > 1 {
                <div class="field">
                    <label for="fault-instance">{"Instance"}</label>
                    <select id="fault-instance" name="instance" onchange={on_select}>
                        <option value="all" selected={f.instance.is_none()}>{"All"}</option>
                        { for (0..instances).map(|i| html! {
                            <option value={i.to_string()} selected={f.instance == Some(i)}>{ i }</option>
                        }) }
                    </select>
                </div>
            }
            <div class="fault-editor-actions">
                <button type="button" class="btn danger" onclick={on_delete}>{"Delete"}</button>
                <button type="button" class="btn primary" onclick={on_close.reform(|_: MouseEvent| ())}>{"Done"}</button>
            </div>
        </div>
    }
}

//! The particle layer: a `<canvas>` over the SVG graph, redrawn imperatively on every animation
//! frame from the engine's snapshot (no Yew re-render per frame). It also drives the frame
//! loop: each frame advances the player by the wall-clock time since the last one.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use super::player::Player;
use crate::editor::{viewport::Viewport, NODE_H, NODE_W};
use crate::engine::{MessageState, Micros, NodeState, Snapshot};
use crate::scenario::{EdgeId, NodeKindTag, Scenario};
use crate::ui::canvas::{bezier, point_at, ports};

/// How often, in wall-clock ms, the panels (counters, charts, log) refresh while playing.
const PANEL_REFRESH_MS: f64 = 200.0;
/// Radius of a message dot, in world units.
pub(crate) const DOT_R: f64 = 4.5;
/// Shortest wall-clock time a message takes to cross an edge on screen, in ms. Real network
/// delays are a millisecond or two, far too fast to see at 1×; a hop the engine finished
/// between two frames is replayed as a pulse this long so that every hop is visible.
const PULSE_MS: f64 = crate::animation::PULSE_S * 1000.0;
/// Pulses alive at once; beyond that, new hops are counted on their edge instead.
const MAX_PULSES: usize = 4_000;
/// Pulses drawn per edge; more show as a count.
const MAX_PULSES_PER_EDGE: usize = 48;
/// Hops read from the engine per frame.
const MAX_HOPS_PER_FRAME: usize = 2_000;

#[derive(Properties)]
pub struct LiveLayerProps {
    pub player: Rc<RefCell<Player>>,
    pub scenario: Rc<Scenario>,
    pub viewport: Viewport,
    /// Edges on the selected event's path, drawn highlighted.
    pub highlight: Rc<Vec<EdgeId>>,
    /// Asks the panels to re-render with fresh numbers.
    pub on_tick: Callback<()>,
    /// Changes on every command (play, seek, step…), so the layer redraws while paused.
    pub generation: u64,
}

impl PartialEq for LiveLayerProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.player, &o.player)
            && Rc::ptr_eq(&self.scenario, &o.scenario)
            && self.viewport == o.viewport
            && Rc::ptr_eq(&self.highlight, &o.highlight)
            && self.generation == o.generation
    }
}

/// What the loop needs from the latest props, readable from the animation-frame callback.
struct Inputs {
    scenario: Rc<Scenario>,
    viewport: Viewport,
    highlight: Rc<Vec<EdgeId>>,
    /// Edge id → Bézier control points (world), rebuilt when the scenario changes.
    geometry: BTreeMap<EdgeId, [(f64, f64); 4]>,
    /// Node id → centre (world) and kind, rebuilt when the scenario changes.
    boxes: BTreeMap<crate::scenario::NodeId, (f64, f64, NodeKindTag)>,
    dirty: bool,
}

/// Colours read from the stylesheet (so the canvas follows the light/dark theme).
pub(crate) struct Palette {
    normal: String,
    retry: String,
    duplicate: String,
    dead: String,
    lost: String,
    danger: String,
    warn: String,
    accent: String,
    pub(crate) panel: String,
    pub(crate) text: String,
}

impl Palette {
    pub(crate) fn read() -> Self {
        let style = gloo::utils::window()
            .get_computed_style(&gloo::utils::document_element())
            .ok()
            .flatten();
        let get = |name: &str, fallback: &str| {
            style
                .as_ref()
                .and_then(|s| s.get_property_value(name).ok())
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| fallback.to_owned())
        };
        Self {
            normal: get("--s-normal", "#4f46e5"),
            retry: get("--s-retry", "#d97706"),
            duplicate: get("--s-duplicate", "#db2777"),
            dead: get("--s-dead", "#dc2626"),
            lost: get("--s-lost", "#6b7280"),
            danger: get("--danger", "#b91c1c"),
            warn: get("--warn", "#d97706"),
            accent: get("--accent", "#4f46e5"),
            panel: get("--panel", "#ffffff"),
            text: get("--text", "#171a24"),
        }
    }

    pub(crate) fn of(&self, s: MessageState) -> &str {
        match s {
            MessageState::Normal => &self.normal,
            MessageState::Retry(_) => &self.retry,
            MessageState::Duplicate => &self.duplicate,
            MessageState::DeadLettered => &self.dead,
            MessageState::Lost => &self.lost,
        }
    }
}

fn geometry(s: &Scenario) -> BTreeMap<EdgeId, [(f64, f64); 4]> {
    crate::sort::btree_map(s.edges.iter().filter_map(|e| {
        let a = s.node(e.from)?;
        let b = s.node(e.to)?;
        let (x0, y0, x1, y1) = ports((a.x, a.y), (b.x, b.y));
        Some((e.id, bezier(x0, y0, x1, y1)))
    }))
}

fn boxes(s: &Scenario) -> BTreeMap<crate::scenario::NodeId, (f64, f64, NodeKindTag)> {
    crate::sort::btree_map(s.nodes.iter().map(|n| (n.id, (n.x, n.y, n.kind.tag()))))
}

fn now_ms() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

fn reduced_motion() -> bool {
    gloo::utils::window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

#[function_component(LiveLayer)]
pub fn live_layer(props: &LiveLayerProps) -> Html {
    let canvas_ref = use_node_ref();
    let inputs = use_mut_ref(|| Inputs {
        scenario: props.scenario.clone(),
        viewport: props.viewport,
        highlight: props.highlight.clone(),
        geometry: geometry(&props.scenario),
        boxes: boxes(&props.scenario),
        dirty: true,
    });
    {
        // New props: hand them to the loop and redraw once.
        let mut i = inputs.borrow_mut();
        if !Rc::ptr_eq(&i.scenario, &props.scenario) {
            i.geometry = geometry(&props.scenario);
            i.boxes = boxes(&props.scenario);
            i.scenario = props.scenario.clone();
        }
        i.viewport = props.viewport;
        i.highlight = props.highlight.clone();
        i.dirty = true;
    }

    // One animation-frame loop for the component's lifetime.
    {
        let canvas_ref = canvas_ref.clone();
        let player = props.player.clone();
        let on_tick = props.on_tick.clone();
        let inputs = inputs.clone();
        use_effect_with((), move |_| {
            let handle: Rc<RefCell<Option<AnimationFrame>>> = Rc::new(RefCell::new(None));
            let state = Rc::new(RefCell::new(LoopState {
                reduced_motion: reduced_motion(),
                pulsed_until_us: 0,
                pulses: Vec::new(),
                last_ts: None,
                since_tick_ms: 0.0,
                palette: Palette::read(),
                frames: 0,
                was_busy: false,
            }));
            schedule(handle.clone(), state, canvas_ref, player, inputs, on_tick);
            move || {
                handle.borrow_mut().take();
            }
        });
    }

    html! { <canvas class="particles" ref={canvas_ref} aria-hidden="true"></canvas> }
}

/// A hop replayed on screen: a dot crossing `edge` from `start_ms` for [`PULSE_MS`].
struct Pulse {
    edge: EdgeId,
    start_ms: f64,
    state: MessageState,
    event_id: u64,
}

struct LoopState {
    /// The user asked for reduced motion (re-read with the colours, every 120 frames).
    reduced_motion: bool,
    /// Hops already turned into pulses end at this simulated time.
    pulsed_until_us: Micros,
    pulses: Vec<Pulse>,
    last_ts: Option<f64>,
    since_tick_ms: f64,
    palette: Palette,
    frames: u64,
    was_busy: bool,
}

fn schedule(
    handle: Rc<RefCell<Option<AnimationFrame>>>,
    state: Rc<RefCell<LoopState>>,
    canvas_ref: NodeRef,
    player: Rc<RefCell<Player>>,
    inputs: Rc<RefCell<Inputs>>,
    on_tick: Callback<()>,
) {
    let next = handle.clone();
    let frame = request_animation_frame(move |ts| {
        // After a panic the loop stops: it would only run on into the broken state.
        if crate::ui::crash::crashed() {
            return;
        }
        {
            let mut st = state.borrow_mut();
            let dt = st.last_ts.map_or(0.0, |last| ts - last);
            st.last_ts = Some(ts);
            st.frames += 1;
            // Re-read theme colours now and then: cheap, and follows a theme switch.
            if st.frames.is_multiple_of(120) {
                st.palette = Palette::read();
                st.reduced_motion = reduced_motion();
            }
            let (busy, playing) = {
                let p = player.borrow();
                // A frame that runs a seek slice jumps: it plays nothing, so it animates nothing.
                (p.busy(), p.playing() && p.seeking().is_none())
            };
            let work_start = now_ms();
            if busy {
                player.borrow_mut().frame(dt);
            }
            let mut i = inputs.borrow_mut();
            spawn_pulses(&mut st, &player.borrow(), ts, playing);
            // A node that crashed or came back also changes the diagram's text: refresh then.
            let mut states_changed = false;
            if busy || i.dirty || !st.pulses.is_empty() {
                if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                    let st = &mut *st;
                    states_changed = draw(
                        &canvas,
                        &mut player.borrow_mut(),
                        &i,
                        &st.palette,
                        &mut st.pulses,
                        ts,
                        !st.reduced_motion,
                    );
                }
                i.dirty = false;
            }
            if playing {
                super::bench::record_frame(dt, now_ms() - work_start);
            }
            st.since_tick_ms += dt;
            // Refresh the panels while playing or seeking (the progress bar), and once more
            // when that stops: in this frame (a seek started by an event handler may end in
            // the first frame after it) or since the last one.
            let still_busy = player.borrow().busy();
            let stopped = (st.was_busy || busy) && !still_busy;
            st.was_busy = still_busy;
            if (busy && st.since_tick_ms >= PANEL_REFRESH_MS) || stopped || states_changed {
                st.since_tick_ms = 0.0;
                drop(i);
                on_tick.emit(());
            }
        }
        schedule(handle, state, canvas_ref, player, inputs, on_tick);
    });
    *next.borrow_mut() = Some(frame);
}

/// Turns the hops the engine made since the last frame into pulses (only while playing: a
/// seek or a step jumps, it does not animate).
fn spawn_pulses(st: &mut LoopState, player: &Player, now_ms: f64, playing: bool) {
    let Some(sim) = player.sim() else {
        st.pulses.clear();
        return;
    };
    let now_us = sim.now_us();
    if !playing || now_us < st.pulsed_until_us || st.reduced_motion {
        st.pulsed_until_us = now_us;
        if !playing {
            st.pulses.retain(|p| now_ms - p.start_ms < PULSE_MS);
        }
        return;
    }
    for hop in sim.hops_since(st.pulsed_until_us, MAX_HOPS_PER_FRAME) {
        let Some(edge) = hop.edge else { continue };
        // Which hops travel an edge is the engine's word (the hop's edge); so is the colour.
        if !hop.outcome.travels() {
            continue;
        }
        let state = hop.state;
        if st.pulses.len() >= MAX_PULSES {
            break;
        }
        st.pulses.push(Pulse { edge, start_ms: now_ms, state, event_id: hop.event_id });
    }
    st.pulsed_until_us = now_us;
}

/// Draws one frame: dots on edges, highlighted trace path, node states and lag badges.
fn draw(
    canvas: &HtmlCanvasElement,
    player: &mut Player,
    i: &Inputs,
    pal: &Palette,
    pulses: &mut Vec<Pulse>,
    now_ms: f64,
    motion: bool,
) -> bool {
    let Some(ctx) = world_context(canvas, i.viewport) else { return false };
    highlight_path(&ctx, i, pal);
    let Some(sim) = player.sim() else {
        player.dots.clear();
        player.node_states.clear();
        return false;
    };
    let snap: Snapshot = sim.snapshot();
    player.dots.clear();
    if motion {
        draw_pulses(&ctx, player, i, pal, pulses, now_ms);
        draw_messages(&ctx, player, &snap, i, pal);
    } else {
        pulses.clear();
    }
    // Node states and backlog badges.
    let states: Vec<_> =
        snap.nodes.iter().filter(|n| n.state != NodeState::Up).map(|n| (n.id, n.state)).collect();
    let states_changed = states != player.node_states;
    player.node_states = states;
    let Some(sim) = player.sim() else { return states_changed };
    paint_nodes(&ctx, sim, &snap, pal, |id| i.boxes.get(&id).copied());
    states_changed
}

/// The canvas's 2D context, sized to the element in device pixels, cleared, and set to draw in
/// world units under the viewport.
fn world_context(canvas: &HtmlCanvasElement, vp: Viewport) -> Option<CanvasRenderingContext2d> {
    let dpr = gloo::utils::window().device_pixel_ratio();
    let (w, h) = (f64::from(canvas.client_width()), f64::from(canvas.client_height()));
    let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    let ctx = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())?;
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, f64::from(pw), f64::from(ph));
    let (z, x, y) = (dpr * vp.zoom, dpr * vp.offset_x, dpr * vp.offset_y);
    let _ = ctx.set_transform(z, 0.0, 0.0, z, x, y);
    Some(ctx)
}

/// The selected event's path, under everything else.
fn highlight_path(ctx: &CanvasRenderingContext2d, i: &Inputs, pal: &Palette) {
    if i.highlight.is_empty() {
        return;
    }
    ctx.set_stroke_style_str(&pal.accent);
    ctx.set_line_width(5.0);
    ctx.set_global_alpha(0.35);
    for id in i.highlight.iter() {
        if let Some(c) = i.geometry.get(id) {
            ctx.begin_path();
            ctx.move_to(c[0].0, c[0].1);
            ctx.bezier_curve_to(c[1].0, c[1].1, c[2].0, c[2].1, c[3].0, c[3].1);
            ctx.stroke();
        }
    }
    ctx.set_global_alpha(1.0);
}

/// One dot at (`x`, `y`) in a message state's colour; a lost one fades as `t` goes to 1.
fn dot(
    ctx: &CanvasRenderingContext2d,
    pal: &Palette,
    (x, y): (f64, f64),
    state: MessageState,
    t: f64,
) {
    ctx.set_fill_style_str(pal.of(state));
    ctx.set_global_alpha(if state == MessageState::Lost { 1.0 - t * 0.8 } else { 1.0 });
    ctx.begin_path();
    let _ = ctx.arc(x, y, DOT_R, 0.0, std::f64::consts::TAU);
    ctx.fill();
}

/// Pulses: hops replayed so they can be seen; per edge at most a few dozen dots, the rest
/// counted on a badge.
fn draw_pulses(
    ctx: &CanvasRenderingContext2d,
    player: &mut Player,
    i: &Inputs,
    pal: &Palette,
    pulses: &mut Vec<Pulse>,
    now_ms: f64,
) {
    pulses.retain(|p| now_ms - p.start_ms < PULSE_MS);
    let mut per_edge: BTreeMap<EdgeId, usize> = BTreeMap::new();
    for p in pulses.iter() {
        let Some(c) = i.geometry.get(&p.edge) else { continue };
        let n = per_edge.entry(p.edge).or_default();
        *n += 1;
        if *n > MAX_PULSES_PER_EDGE {
            continue;
        }
        let t = ((now_ms - p.start_ms) / PULSE_MS).clamp(0.0, 1.0);
        let at = point_at(c, t);
        dot(ctx, pal, at, p.state, t);
        player.dots.push((at.0, at.1, p.event_id));
    }
    ctx.set_global_alpha(1.0);
    for (edge, n) in per_edge {
        let Some(c) = i.geometry.get(&edge).filter(|_| n > MAX_PULSES_PER_EDGE) else { continue };
        let (x, y) = point_at(c, 0.5);
        let more = crate::scenario::format_count((n - MAX_PULSES_PER_EDGE) as u64);
        badge(ctx, x, y - 12.0, &format!("+{more}"), &pal.normal, &pal.panel);
    }
}

/// The messages on their way along each edge, as the snapshot has them.
fn draw_messages(
    ctx: &CanvasRenderingContext2d,
    player: &mut Player,
    snap: &Snapshot,
    i: &Inputs,
    pal: &Palette,
) {
    for e in &snap.edges {
        let Some(c) = i.geometry.get(&e.id) else { continue };
        for m in &e.messages {
            let at = point_at(c, f64::from(m.progress));
            dot(ctx, pal, at, m.state, f64::from(m.progress));
            player.dots.push((at.0, at.1, m.event_id));
        }
        ctx.set_global_alpha(1.0);
        if e.more > 0 {
            let (x, y) = point_at(c, 0.5);
            badge(ctx, x, y - 12.0, &format!("+{}", e.more), &pal.normal, &pal.panel);
        }
    }
}

/// Nodes that are not simply up (shaded and named, or outlined) and each node's badge (its lag,
/// then its key figure), in world coordinates: the context's transform places them. The live
/// layer and the animated export paint the same.
pub(crate) fn paint_nodes(
    ctx: &CanvasRenderingContext2d,
    sim: &crate::engine::Simulation,
    snap: &Snapshot,
    pal: &Palette,
    place: impl Fn(crate::scenario::NodeId) -> Option<(f64, f64, NodeKindTag)>,
) {
    for (index, n) in snap.nodes.iter().enumerate() {
        let Some((x, y, tag)) = place(n.id) else { continue };
        let (left, top) = (x - NODE_W / 2.0, y - NODE_H / 2.0);
        match n.state {
            NodeState::Down | NodeState::Crashed => {
                ctx.set_fill_style_str(&pal.danger);
                ctx.set_global_alpha(0.12);
                ctx.fill_rect(left, top, NODE_W, NODE_H);
                ctx.set_global_alpha(1.0);
                let label = if n.state == NodeState::Down { "DOWN" } else { "CRASHED" };
                badge(ctx, left + NODE_W / 2.0, top - 2.0, label, &pal.danger, &pal.panel);
            }
            NodeState::Degraded => {
                ctx.set_stroke_style_str(&pal.warn);
                ctx.set_line_width(2.0);
                ctx.stroke_rect(left - 3.0, top - 3.0, NODE_W + 6.0, NODE_H + 6.0);
            }
            NodeState::Up => {}
        }
        let (text, tone) = key_text(sim, index, tag, n);
        if !text.is_empty() {
            let colour = match tone {
                Tone::Plain if tag == NodeKindTag::DeadLetterQueue => &pal.dead,
                Tone::Plain => &pal.text,
                Tone::Warn => &pal.warn,
                Tone::Bad => &pal.danger,
            };
            badge(ctx, left + NODE_W - 4.0, top + NODE_H + 10.0, &text, colour, &pal.panel);
        }
    }
}

/// How a node's badge reads.
#[derive(Clone, Copy, PartialEq)]
enum Tone {
    Plain,
    /// Lagging by 5 s or more.
    Warn,
    /// A problem figure above zero (duplicates, losses, rejected writes…).
    Bad,
}

/// The badge under a node: a consumer's lag (a projection's backlog, which counts what a
/// rebuild still has to replay) with its age, then the node's key figure (`ui::panels::figures`).
fn key_text(
    sim: &crate::engine::Simulation,
    index: usize,
    tag: NodeKindTag,
    n: &crate::engine::NodeSnapshot,
) -> (String, Tone) {
    use crate::scenario::{format_count, format_duration_us, CheckFigure};
    let mut text = String::new();
    let mut tone = Tone::Plain;
    if tag.is_consumer() {
        let (label, behind) = if tag == NodeKindTag::Projection {
            let backlog = sim.figure_at(index, CheckFigure::Backlog).unwrap_or(0.0) as u64;
            (CheckFigure::Backlog.label(), backlog)
        } else {
            (CheckFigure::Lag.label(), n.queued + n.in_flight)
        };
        if behind > 0 || n.retrying > 0 {
            text = format!("{label} {}", format_count(behind));
            if n.lag_us >= 1_000_000 {
                text.push_str(" · ");
                text.push_str(&format_duration_us(n.lag_us as f64));
            }
            if n.lag_us >= 5_000_000 {
                tone = Tone::Warn;
            }
        }
    }
    if let Some((key, bad)) = crate::ui::panels::figures::key_figure(sim, index, tag) {
        if !text.is_empty() {
            text.push_str(" · ");
        }
        text.push_str(&key);
        if bad {
            tone = Tone::Bad;
        }
    }
    (text, tone)
}

/// A small pill with text, centred on (x, y), in world units.
fn badge(
    ctx: &CanvasRenderingContext2d,
    x: f64,
    y: f64,
    text: &str,
    colour: &str,
    background: &str,
) {
    ctx.set_font("600 11px system-ui, sans-serif");
    let w = ctx.measure_text(text).map(|m| m.width()).unwrap_or(30.0) + 12.0;
    ctx.set_fill_style_str(background);
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(1.2);
    ctx.begin_path();
    let _ = ctx.round_rect_with_f64(x - w / 2.0, y - 9.0, w, 18.0, 9.0);
    ctx.fill();
    ctx.stroke();
    ctx.set_fill_style_str(colour);
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    let _ = ctx.fill_text(text, x, y + 0.5);
}

/// The legend of dot colours, over the canvas.
#[function_component(Legend)]
pub fn legend() -> Html {
    let item = |var: &'static str, label: &'static str| {
        html! { <span><i style={format!("--c: var({var})")}></i>{ label }</span> }
    };
    html! {
        <div class="legend" role="group" aria-label="Legend">
            { item("--s-normal", "normal") }
            { item("--s-retry", "retried") }
            { item("--s-duplicate", "duplicate") }
            { item("--s-dead", "dead-lettered") }
            { item("--s-lost", "lost") }
        </div>
    }
}

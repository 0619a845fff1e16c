//! The metrics drawer: the engine's counters in total and per group, charts over simulated
//! time, and the event log with traces. It re-renders on the run's panel refresh (a few times
//! a second while playing), never per frame.

use yew::prelude::*;

use crate::engine::{
    GroupMetrics, Headline, HopOutcome, Metrics, Micros, Simulation, EVENT_HEADLINES,
};
use crate::scenario::{
    format_count, format_duration_us, format_rate, format_value, CheckFigure, Scenario,
};
use crate::ui::kinds::guarantee_label;
use crate::ui::run::{format_clock, use_run};

use super::chart::{Chart, ChartSeries};
use super::event_log::EventLog;

#[derive(Properties, PartialEq)]
pub struct MetricsProps {
    pub open: bool,
    pub on_toggle: Callback<()>,
    /// Embed mode: key counters only, no tabs.
    #[prop_or_default]
    pub compact: bool,
    /// Counters to show in compact mode, by name (`processed`, `duplicates`…) or as a node's
    /// figure (`duplicates@Ledger`); empty = default.
    #[prop_or_default]
    pub only: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Overview,
    Groups,
    Charts,
    Events,
    Seeds,
    Compare,
}

/// Colours for per-group chart lines, in group order.
const SERIES_COLOURS: &[&str] = &[
    "var(--k-producer)",
    "var(--k-group)",
    "var(--k-service)",
    "var(--k-topic)",
    "var(--k-dlq)",
    "var(--k-database)",
    "var(--k-outbox)",
    "var(--k-projection)",
];

/// A latency for a table cell: `850 µs`, `12.3 ms`, `4.2 s`, or `–` when nothing was measured.
pub fn format_latency(us: f64) -> String {
    if us <= 0.0 {
        "–".into()
    } else {
        format_duration_us(us)
    }
}

#[function_component(MetricsDrawer)]
pub fn metrics_drawer(props: &MetricsProps) -> Html {
    let run = use_run();
    let tab = use_state(|| Tab::Overview);
    {
        // A node's "why?" opens the Events tab (the log sets its filters from the same request).
        let tab = tab.clone();
        use_effect_with(run.why.map(|w| w.n), move |asked| {
            if asked.is_some() {
                tab.set(Tab::Events);
            }
        });
    }
    let editor = crate::ui::state::use_editor();
    // A closed drawer (or an embed's counters) still needs the totals; metrics are computed
    // only on the run's refresh, a few times a second.
    let (metrics, lost): (Option<Metrics>, u64) =
        run.player.borrow().sim().map_or((None, 0), |s| {
            (Some(s.metrics()), s.figure(None, CheckFigure::Lost).unwrap_or_default() as u64)
        });
    let toggle = props.on_toggle.reform(|_: MouseEvent| ());
    let tab_button = |t: Tab, label: &'static str| {
        let tab = tab.clone();
        let selected = *tab == t;
        html! {
            <button role="tab" class="tab" aria-selected={selected.to_string()}
                    onclick={Callback::from(move |_: MouseEvent| tab.set(t))}>{ label }</button>
        }
    };
    let compared = editor.editor.scenario().variant.is_some();
    if props.compact {
        return html! {
            <section class="drawer compact" aria-label="Metrics">
                if compared {
                    <super::compare::ComparePanel compact=true />
                } else if let (Some(m), Some(sim)) = (&metrics, run.player.borrow().sim()) {
                    { embed_counters(m, sim, editor.editor.scenario(), &props.only) }
                }
            </section>
        };
    }
    let body = match (&metrics, *tab) {
        // Always mounted (below), so that seeds keep running on another tab.
        (_, Tab::Seeds) => html! {},
        (None, _) => html! {
            <p class="muted">{ run.player.borrow().error.clone().unwrap_or_else(|| "Nothing to run yet.".into()) }</p>
        },
        (Some(m), Tab::Overview) => overview(m, lost),
        (Some(m), Tab::Groups) => groups_table(m),
        (_, Tab::Compare) => html! { <super::compare::ComparePanel /> },
        (Some(m), Tab::Charts) => {
            // Compare mode: the variant's lines over A's.
            let other =
                run.player.borrow().twin.as_deref().and_then(|t| t.sim().map(Simulation::metrics));
            charts(m, other.as_ref())
        }
        (Some(_), Tab::Events) => html! { <EventLog /> },
    };
    html! {
        <section class="drawer" data-open={props.open.to_string()} aria-labelledby="metrics-heading">
            <div class="drawer-head">
                <h2 id="metrics-heading">{"Metrics"}</h2>
                <div class="tabs" role="tablist" aria-label="Metrics views">
                    { tab_button(Tab::Overview, "Overview") }
                    { tab_button(Tab::Groups, "Groups") }
                    { tab_button(Tab::Charts, "Charts") }
                    { tab_button(Tab::Events, "Events") }
                    { tab_button(Tab::Seeds, "Seeds") }
                    { tab_button(Tab::Compare, "Compare") }
                </div>
                <span style="flex:1"></span>
                if let Some(m) = &metrics {
                    <span class="muted small" title="Engine events processed; same seed, same hash">
                        { format!("{} engine events · trace {}", format_count(m.engine_events), &m.trace_hash[..8.min(m.trace_hash.len())]) }
                    </span>
                }
                <button class="btn" aria-expanded={props.open.to_string()} aria-controls="metrics-body"
                        onclick={toggle}>{ if props.open { "Hide" } else { "Show" } }</button>
            </div>
            <div class="drawer-body" id="metrics-body" role="tabpanel" tabindex="0">
                { body }
                <div hidden={*tab != Tab::Seeds}><super::seeds::SeedsPanel /></div>
            </div>
        </section>
    }
}

/// One counter: its value with its unit, the raw value for tests and tools, its label.
fn counter(label: &str, shown: String, raw: f64, tone: Option<&'static str>) -> Html {
    let class = classes!("counter", (raw > 0.0).then_some(tone).flatten());
    html! {
        <div class={class} role="group" aria-label={label.to_owned()}>
            <div class="n" data-value={raw.to_string()}>{ shown }</div>
            <div class="t">{ label.to_owned() }</div>
        </div>
    }
}

/// Counters an embed shows unless its link names others (`&metrics=…`).
const EMBED_COUNTERS: &[&str] =
    &["produced", "processed", "in-flight", "duplicates", "dead-lettered", "lost"];

/// A headline counter's tone when above zero: a loss is bad, a retry a warning.
fn tone(code: &str) -> Option<&'static str> {
    match code {
        "lost" | "duplicates" | "dead-lettered" | "expired" => Some("bad"),
        "retried" | "redelivered" | "order-violations" => Some("warn"),
        _ => None,
    }
}

fn headline(h: &Headline) -> Html {
    counter(h.label, format_count(h.value), h.value as f64, tone(h.code))
}

/// The headline counters under two headings that say what they count.
fn overview_counters(m: &Metrics, lost_anywhere: u64) -> Html {
    let all = m.headlines(lost_anywhere);
    let (events, deliveries) = all.split_at(EVENT_HEADLINES);
    let groups = m.groups.len();
    let over = if groups == 1 { "1 group".to_owned() } else { format!("{groups} groups") };
    html! {
        <div class="counter-sets">
            <div role="group" aria-label="Events">
                <h3 class="counters-head">{"Events"}</h3>
                <div class="counters">{ for events.iter().map(headline) }</div>
            </div>
            <div role="group" aria-label="Deliveries">
                <h3 class="counters-head" title="Each group that reads an event gets its own copy of it">
                    { format!("Deliveries, summed over {over}") }
                </h3>
                <div class="counters">{ for deliveries.iter().map(headline) }</div>
            </div>
        </div>
    }
}

/// An embed's counters: the headline counters and per-node figures its link names
/// (`metrics=processed,duplicates@Ledger,p95@Checkout`), in that order, or a short default
/// set. Names that mean nothing here are left out.
fn embed_counters(m: &Metrics, sim: &Simulation, s: &Scenario, asked: &[String]) -> Html {
    let lost = sim.figure(None, CheckFigure::Lost).unwrap_or_default() as u64;
    let all = m.headlines(lost);
    let named = |name: &str| all.iter().find(|h| name.eq_ignore_ascii_case(h.code));
    let asked: Vec<&str> = if asked.is_empty() {
        EMBED_COUNTERS.to_vec()
    } else {
        asked.iter().map(String::as_str).collect()
    };
    let shown = asked.into_iter().filter_map(|name| {
        if let Some(h) = named(name) {
            return Some(headline(h));
        }
        let (label, value, f) = super::figures::asked_figure(sim, s, name)?;
        Some(counter(&label, format_value(value, f.unit()), value, None))
    });
    html! { <div class="counters">{ for shown }</div> }
}

fn overview(m: &Metrics, lost_anywhere: u64) -> Html {
    let t = &m.total;
    // End-to-end latency over every group: the worst group's percentiles are what users feel.
    let worst = m
        .groups
        .iter()
        .filter(|g| g.end_to_end_latency.count > 0)
        .max_by_key(|g| g.end_to_end_latency.p99_us);
    html! {
        <>
            { overview_counters(m, lost_anywhere) }
            <dl class="kv inline-stats">
                <dt>{"Time"}</dt><dd>{ format_clock(m.now_us) }</dd>
                <dt>{"Deliveries"}</dt><dd>{ format_rate(t.deliveries_per_s) }</dd>
                if let Some(g) = worst {
                    <dt>{"Slowest group end to end p50 / p95 / p99"}</dt>
                    <dd>{ format!("{} · {} / {} / {}", g.name, format_latency(g.end_to_end_latency.p50_us as f64),
                                  format_latency(g.end_to_end_latency.p95_us as f64), format_latency(g.end_to_end_latency.p99_us as f64)) }</dd>
                }
            </dl>
        </>
    }
}

/// One line per group of `value` over simulated time.
fn group_series(m: &Metrics, value: impl Fn(&crate::engine::Sample) -> f64) -> Vec<ChartSeries> {
    m.groups
        .iter()
        .enumerate()
        .map(|(i, g)| ChartSeries {
            name: g.name.clone(),
            colour: SERIES_COLOURS[i % SERIES_COLOURS.len()].to_owned(),
            points: g.series.iter().map(|s| (s.t_us as f64 / 1e6, value(s))).collect(),
        })
        .collect()
}

/// The charts; in compare mode each with B's lines (named `… · B`) drawn over A's.
fn charts(m: &Metrics, other: Option<&Metrics>) -> Html {
    let now_s = m.now_us as f64 / 1e6;
    let group_series = |m: &Metrics, value: fn(&crate::engine::Sample) -> f64| {
        let mut series = group_series(m, value);
        if let Some(o) = other {
            // Colours from the far side of the palette, so A's and B's lines of a group differ.
            let half = SERIES_COLOURS.len() / 2;
            series.extend(group_series(o, value).into_iter().enumerate().map(|(i, mut s)| {
                s.name.push_str(" · B");
                s.colour = SERIES_COLOURS[(i + half) % SERIES_COLOURS.len()].to_owned();
                s
            }));
        }
        series
    };
    html! {
        <div class="charts">
            <Chart title="Consumer lag" unit="msgs" x_max_s={now_s}
                   series={group_series(m, |s| s.lag_messages as f64)} />
            <Chart title="Lag in time" unit="s" x_max_s={now_s}
                   series={group_series(m, |s| s.lag_us as f64 / 1e6)} />
            <Chart title="Throughput" unit="msgs/s" x_max_s={now_s}
                   series={group_series(m, |s| s.throughput_per_s)} />
            <Chart title="Per-hop latency p99" unit="ms" x_max_s={now_s}
                   series={group_series(m, |s| s.latency_p99_us as f64 / 1e3)} />
            <Chart title="Per-hop latency p95" unit="ms" x_max_s={now_s}
                   series={group_series(m, |s| s.latency_p95_us as f64 / 1e3)} />
            <Chart title="Per-hop latency p50" unit="ms" x_max_s={now_s}
                   series={group_series(m, |s| s.latency_p50_us as f64 / 1e3)} />
        </div>
    }
}

/// Column headers of the per-group table, after the group's name.
const GROUP_COLUMNS: [&str; 14] = [
    "Group",
    "Processed",
    "Lag",
    "Duplicates",
    "DLQ",
    "Lost",
    "Expired",
    "Retried",
    "Order",
    "p50",
    "p95",
    "p99",
    "Rate",
    "In",
];

/// One table cell: its text, and its tone when the figure is above zero.
type Cell = (String, Option<&'static str>);

/// A count cell, toned when above zero.
fn count_cell(n: u64, tone: Option<&'static str>) -> Cell {
    (format_count(n), tone.filter(|_| n > 0))
}

/// One group's row of the per-group table (cells in [`GROUP_COLUMNS`] order, after its name).
fn group_cells(g: &GroupMetrics) -> [Cell; 13] {
    let c = &g.counters;
    let lag = format!("{} · {}", format_count(g.lag_messages), format_duration_us(g.lag_us as f64));
    let latency = |us: u64| (format_latency(us as f64), None);
    [
        count_cell(c.processed, None),
        (lag, (g.lag_messages > 0).then_some("warn")),
        count_cell(c.duplicate_side_effects, Some("bad")),
        count_cell(c.dead_lettered, Some("bad")),
        count_cell(c.lost, Some("bad")),
        count_cell(c.expired, Some("bad")),
        count_cell(c.retried, None),
        count_cell(c.ordering_violations, Some("warn")),
        latency(g.latency.p50_us),
        latency(g.latency.p95_us),
        latency(g.latency.p99_us),
        (format_rate(g.throughput_per_s), None),
        count_cell(c.produced, None),
    ]
}

fn groups_table(m: &Metrics) -> Html {
    let row = |g: &GroupMetrics| {
        html! {
            <tr key={g.id.0.to_string()}>
                <th scope="row">{ &g.name }<small>{ guarantee_label(g.guarantee) }</small></th>
                { for group_cells(g).into_iter().map(|(text, class)| html! { <td {class}>{ text }</td> }) }
            </tr>
        }
    };
    html! {
        <div class="table-wrap" role="region" aria-label="Groups table" tabindex="0">
            <table class="metrics-table" aria-label="Per-group metrics">
                <thead><tr>
                    { for GROUP_COLUMNS.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }
                </tr></thead>
                <tbody>{ for m.groups.iter().map(row) }</tbody>
            </table>
        </div>
    }
}

/// How a hop outcome reads in the log.
pub fn outcome_label(o: HopOutcome) -> &'static str {
    match o {
        HopOutcome::Produced => "produced",
        HopOutcome::Appended => "appended",
        HopOutcome::Lost => "lost",
        HopOutcome::Delivered => "delivered",
        HopOutcome::Redelivered => "redelivered",
        HopOutcome::Processed => "processed",
        HopOutcome::Duplicate => "duplicate side effect",
        HopOutcome::Deduplicated => "deduplicated",
        HopOutcome::Retried => "retried",
        HopOutcome::DeadLettered => "dead-lettered",
        HopOutcome::Crashed => "consumer crashed",
        HopOutcome::Expired => "expired",
        HopOutcome::Outboxed => "written to outbox",
        HopOutcome::Called => "called",
        HopOutcome::Revoked => "revoked by a rebalance",
    }
}

/// Simulated time for a log row.
pub fn format_t(t: Micros) -> String {
    format!("{:.3} s", t as f64 / 1e6)
}

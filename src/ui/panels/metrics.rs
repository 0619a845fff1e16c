//! The metrics drawer: the engine's counters in total and per group, charts over simulated
//! time, and the event log with traces. It re-renders on the run's panel refresh (a few times
//! a second while playing), never per frame.

use yew::prelude::*;

use crate::engine::{GroupMetrics, HopOutcome, Metrics, Micros};
use crate::ui::kinds::guarantee_label;
use crate::ui::run::{format_clock, live_layer::compact, use_run};

use super::chart::{Chart, ChartSeries};
use super::event_log::EventLog;

#[derive(Properties, PartialEq)]
pub struct MetricsProps {
    pub open: bool,
    pub on_toggle: Callback<()>,
    /// Embed mode: key counters only, no tabs.
    #[prop_or_default]
    pub compact: bool,
    /// Counters to show in compact mode, by name (`processed`, `duplicates`…); empty = default.
    #[prop_or_default]
    pub only: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Overview,
    Groups,
    Charts,
    Events,
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

/// A latency for a table cell: `850 µs`, `12.3 ms`, `4.2 s`.
pub fn format_latency(us: f64) -> String {
    if us <= 0.0 {
        "–".into()
    } else if us < 1_000.0 {
        format!("{us:.0} µs")
    } else if us < 1_000_000.0 {
        format!("{:.1} ms", us / 1e3)
    } else {
        format!("{:.1} s", us / 1e6)
    }
}

#[function_component(MetricsDrawer)]
pub fn metrics_drawer(props: &MetricsProps) -> Html {
    let run = use_run();
    let tab = use_state(|| Tab::Overview);
    // A closed drawer (or an embed's counters) still needs the totals; metrics are computed
    // only on the run's refresh, a few times a second.
    let metrics: Option<Metrics> = run.player.borrow().sim().map(|s| s.metrics());
    let toggle = props.on_toggle.reform(|_: MouseEvent| ());
    let tab_button = |t: Tab, label: &'static str| {
        let tab = tab.clone();
        let selected = *tab == t;
        html! {
            <button role="tab" class="tab" aria-selected={selected.to_string()}
                    onclick={Callback::from(move |_: MouseEvent| tab.set(t))}>{ label }</button>
        }
    };
    if props.compact {
        return html! {
            <section class="drawer compact" aria-label="Metrics">
                if let Some(m) = &metrics { { overview_counters(m, Some(&props.only)) } }
            </section>
        };
    }
    let body = match (&metrics, *tab) {
        (None, _) => html! {
            <p class="muted">{ run.player.borrow().error.clone().unwrap_or_else(|| "Nothing to run yet.".into()) }</p>
        },
        (Some(m), Tab::Overview) => overview(m),
        (Some(m), Tab::Groups) => groups_table(m),
        (Some(m), Tab::Charts) => charts(m),
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
                </div>
                <span style="flex:1"></span>
                if let Some(m) = &metrics {
                    <span class="muted small" title="Engine events processed; same seed, same hash">
                        { format!("{} engine events · trace {}", compact(m.engine_events), &m.trace_hash[..8.min(m.trace_hash.len())]) }
                    </span>
                }
                <button class="btn" aria-expanded={props.open.to_string()} aria-controls="metrics-body"
                        onclick={toggle}>{ if props.open { "Hide" } else { "Show" } }</button>
            </div>
            <div class="drawer-body" id="metrics-body" role="tabpanel">{ body }</div>
        </section>
    }
}

fn counter(name: &'static str, value: u64, bad_when_positive: Option<&'static str>) -> Html {
    let class = classes!("counter", (value > 0).then_some(bad_when_positive).flatten());
    html! {
        <div class={class} role="group" aria-label={name}>
            <div class="n" data-value={value.to_string()}>{ compact(value) }</div>
            <div class="t">{ name }</div>
        </div>
    }
}

/// Counters an embed shows unless its link names others (`&metrics=…`).
const EMBED_COUNTERS: &[&str] =
    &["Produced", "Processed", "In flight", "Duplicates", "Dead-lettered", "Lost"];

/// The headline counters: all of them, or for an embed (`embed = Some(names)`) the names its
/// link asks for (`duplicates`, `dead-lettered`…), or a short default set.
fn overview_counters(m: &Metrics, embed: Option<&[String]>) -> Html {
    let t = &m.total;
    let c = &t.counters;
    let all: [(&'static str, u64, Option<&'static str>); 10] = [
        ("Produced", t.events_emitted, None),
        ("Processed", c.processed, None),
        ("In flight", t.queued + t.in_flight, None),
        ("Retried", c.retried, Some("warn")),
        ("Redelivered", c.redelivered, Some("warn")),
        ("Duplicates", c.duplicate_side_effects, Some("bad")),
        ("Dead-lettered", c.dead_lettered, Some("bad")),
        ("Lost", c.lost + c.lost_outputs, Some("bad")),
        ("Expired", c.expired, Some("bad")),
        ("Order violations", c.ordering_violations, Some("warn")),
    ];
    let wanted = |name: &str| match embed {
        None => true,
        Some([]) => EMBED_COUNTERS.contains(&name),
        Some(asked) => asked.iter().any(|a| {
            a.eq_ignore_ascii_case(name) || a.eq_ignore_ascii_case(&name.replace(' ', "-"))
        }),
    };
    html! {
        <div class="counters">
            { for all.iter().filter(|(n, _, _)| wanted(n)).map(|(n, v, bad)| counter(n, *v, *bad)) }
        </div>
    }
}

fn overview(m: &Metrics) -> Html {
    let t = &m.total;
    // End-to-end latency over every group: the worst group's percentiles are what users feel.
    let worst = m
        .groups
        .iter()
        .filter(|g| g.end_to_end_latency.count > 0)
        .max_by_key(|g| g.end_to_end_latency.p99_us);
    html! {
        <>
            { overview_counters(m, None) }
            <dl class="kv inline-stats">
                <dt>{"Time"}</dt><dd>{ format_clock(m.now_us) }</dd>
                <dt>{"Deliveries/s"}</dt><dd>{ format!("{:.1}", t.deliveries_per_s) }</dd>
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

fn charts(m: &Metrics) -> Html {
    let now_s = m.now_us as f64 / 1e6;
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

fn groups_table(m: &Metrics) -> Html {
    let row = |g: &GroupMetrics| {
        let c = &g.counters;
        let lag_s = g.lag_us as f64 / 1e6;
        html! {
            <tr key={g.id.0.to_string()}>
                <th scope="row">{ &g.name }<small>{ guarantee_label(g.guarantee) }</small></th>
                <td>{ compact(c.processed) }</td>
                <td class={(g.lag_messages > 0).then_some("warn")}>{ format!("{} · {:.1} s", compact(g.lag_messages), lag_s) }</td>
                <td class={(c.duplicate_side_effects > 0).then_some("bad")}>{ compact(c.duplicate_side_effects) }</td>
                <td class={(c.dead_lettered > 0).then_some("bad")}>{ compact(c.dead_lettered) }</td>
                <td class={(c.lost > 0).then_some("bad")}>{ compact(c.lost) }</td>
                <td>{ compact(c.retried) }</td>
                <td class={(c.ordering_violations > 0).then_some("warn")}>{ compact(c.ordering_violations) }</td>
                <td>{ format_latency(g.latency.p50_us as f64) }</td>
                <td>{ format_latency(g.latency.p95_us as f64) }</td>
                <td>{ format_latency(g.latency.p99_us as f64) }</td>
                <td>{ format!("{:.1}", g.throughput_per_s) }</td>
                <td>{ compact(c.produced) }</td>
            </tr>
        }
    };
    html! {
        <div class="table-wrap">
            <table class="metrics-table" aria-label="Per-group metrics">
                <thead><tr>
                    <th scope="col">{"Group"}</th><th scope="col">{"Processed"}</th><th scope="col">{"Lag"}</th>
                    <th scope="col">{"Duplicates"}</th><th scope="col">{"DLQ"}</th><th scope="col">{"Lost"}</th>
                    <th scope="col">{"Retried"}</th><th scope="col">{"Order"}</th><th scope="col">{"p50"}</th>
                    <th scope="col">{"p95"}</th><th scope="col">{"p99"}</th><th scope="col">{"Msgs/s"}</th>
                    <th scope="col">{"In"}</th>
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

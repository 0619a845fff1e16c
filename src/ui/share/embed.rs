//! Embed mode: its options in the query string (`?embed&autoplay&edit&t=30&metrics=…`) and
//! the iframe snippet that sets them.

use crate::scenario::{link, Scenario};

use super::address::{page_base, query_params};

/// Options of embed mode, read from the query string: `?embed&autoplay&edit&t=30&metrics=…`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EmbedOptions {
    /// Compact chrome for an iframe in a blog post.
    pub embed: bool,
    /// Start playing as soon as it opens.
    pub autoplay: bool,
    /// Show the palette and inspector (otherwise the embed is a viewer).
    pub editable: bool,
    /// Simulated time to start at, in seconds.
    pub start_s: Option<f64>,
    /// Counters and figures to show (by name, e.g. `processed`, `duplicates`, or a node's
    /// figure, `duplicates@Ledger`; see `docs/embedding.md`); empty = the default set.
    pub metrics: Vec<String>,
}

/// Reads the embed options from the query string.
pub fn embed_options() -> EmbedOptions {
    let params = query_params();
    let has = |k: &str| params.iter().any(|(key, v)| key == k && v != "0" && v != "false");
    let get = |k: &str| params.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    EmbedOptions {
        embed: has("embed"),
        autoplay: has("autoplay"),
        editable: has("edit"),
        start_s: get("t")
            .and_then(|t| t.parse::<f64>().ok())
            .filter(|t| t.is_finite() && *t >= 0.0),
        metrics: get("metrics")
            .map(|m| m.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default(),
    }
}

/// The iframe snippet for an embed of `s` with the given options; `metrics` is the counters
/// and figures to show, as the `metrics=` parameter reads them (empty: the default set).
pub fn embed_snippet(
    s: &Scenario,
    height_px: u32,
    autoplay: bool,
    editable: bool,
    start_s: f64,
    metrics: &str,
) -> String {
    let base = page_base();
    let mut query = String::from("embed");
    if autoplay {
        query.push_str("&autoplay");
    }
    if editable {
        query.push_str("&edit");
    }
    if start_s > 0.0 {
        query.push_str(&format!("&t={start_s}"));
    }
    let metrics: Vec<&str> = metrics.split(',').map(str::trim).filter(|m| !m.is_empty()).collect();
    if !metrics.is_empty() {
        // Names may hold spaces and brackets (`p95@Checkout (calls)`); `,` and `@` stay as they are.
        let encoded: Vec<String> =
            metrics.iter().map(|m| String::from(js_sys::encode_uri_component(m))).collect();
        query.push_str("&metrics=");
        query.push_str(&encoded.join(",").replace("%40", "@"));
    }
    let title = html_escape(if s.title.is_empty() { "Fanout scenario" } else { &s.title });
    format!(
        "<iframe src=\"{base}?{query}#{}\" title=\"{title}\" width=\"100%\" height=\"{height_px}\" style=\"border:1px solid #e2e5ee;border-radius:12px\" loading=\"lazy\"></iframe>",
        link::encode(s)
    )
}

/// Escapes text for an HTML attribute (titles are user text).
fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

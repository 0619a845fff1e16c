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

/// Heights an embed's frame may have, in CSS pixels: the Share dialog's range, and the range
/// of the height an embed asks its page for.
pub const EMBED_MIN_HEIGHT_PX: f64 = 240.0;
pub const EMBED_MAX_HEIGHT_PX: f64 = 2000.0;

/// What the Share dialog's embed options ask of the snippet.
#[derive(Clone, Debug, PartialEq)]
pub struct SnippetOptions {
    pub height_px: u32,
    pub autoplay: bool,
    pub editable: bool,
    pub start_s: f64,
    /// The counters and figures to show, as the `metrics=` parameter reads them (empty: the
    /// default set).
    pub metrics: String,
    /// `light` or `dark`; `None` follows the reader's system setting.
    pub theme: Option<&'static str>,
    /// The page resizes the frame to the height the embed asks for (a few lines of script).
    pub fit_height: bool,
    /// A button stands in for the frame until the reader clicks it: nothing loads before.
    pub click_to_load: bool,
}

impl Default for SnippetOptions {
    /// What the Share dialog offers first: a 480 px frame that plays at once from the start,
    /// read-only, with the default counters, in the reader's theme, fitted to the graph.
    fn default() -> Self {
        SnippetOptions {
            height_px: 480,
            autoplay: true,
            editable: false,
            start_s: 0.0,
            metrics: String::new(),
            theme: None,
            fit_height: true,
            click_to_load: false,
        }
    }
}

/// The embed's address for `s` with the given options.
pub fn embed_url(s: &Scenario, o: &SnippetOptions) -> String {
    let mut query = String::from("embed");
    if o.autoplay {
        query.push_str("&autoplay");
    }
    if o.editable {
        query.push_str("&edit");
    }
    if o.start_s > 0.0 {
        query.push_str(&format!("&t={}", o.start_s));
    }
    if let Some(theme) = o.theme {
        query.push_str("&theme=");
        query.push_str(theme);
    }
    let metrics: Vec<&str> =
        o.metrics.split(',').map(str::trim).filter(|m| !m.is_empty()).collect();
    if !metrics.is_empty() {
        // Names may hold spaces and brackets (`p95@Checkout (calls)`); `,` and `@` stay as they are.
        let encoded: Vec<String> =
            metrics.iter().map(|m| String::from(js_sys::encode_uri_component(m))).collect();
        query.push_str("&metrics=");
        query.push_str(&encoded.join(",").replace("%40", "@"));
    }
    format!("{}?{query}#{}", page_base(), link::encode(s))
}

/// The snippet for an embed of `s`: the frame (or, with `click_to_load`, a button that puts
/// it there) in a box with an id of its own, and with `fit_height` the listener that sizes
/// the frame to the height the embed asks for (`ui::app::embed_height`).
pub fn embed_snippet(s: &Scenario, o: &SnippetOptions) -> String {
    let url = html_escape(&embed_url(s, o));
    let title = html_escape(if s.title.is_empty() { "Fanout scenario" } else { &s.title });
    // One id per scenario and options, so two embeds on one page size their own frames.
    let id = format!("fanout-{:08x}", fnv1a(&url));
    let h = o.height_px;
    let frame_style = "border:1px solid #e2e5ee;border-radius:12px";
    let inner = if o.click_to_load {
        format!(
            "<button type=\"button\" data-src=\"{url}\" title=\"{title}\" style=\"width:100%;height:{h}px;border:1px solid #e2e5ee;border-radius:12px;background:#f6f7fb;font:16px system-ui,sans-serif;cursor:pointer\" onclick=\"var f=document.createElement('iframe');f.src=this.dataset.src;f.title=this.title;f.width='100%';f.height='{h}';f.style.cssText='{frame_style}';this.replaceWith(f)\">▶ Load the simulation: {title}</button>"
        )
    } else {
        format!(
            "<iframe src=\"{url}\" title=\"{title}\" width=\"100%\" height=\"{h}\" style=\"{frame_style}\" loading=\"lazy\"></iframe>"
        )
    };
    let script = if o.fit_height {
        format!(
            "\n<script>addEventListener(\"message\",function(e){{var f=document.querySelector(\"#{id} iframe\");if(f&&e.source===f.contentWindow&&e.data&&e.data.type===\"fanout:height\")f.height=e.data.height}})</script>"
        )
    } else {
        String::new()
    };
    format!("<div id=\"{id}\">{inner}</div>{script}")
}

/// FNV-1a, 32 bits: a short, stable id from text.
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// Escapes text for an HTML attribute (titles are user text).
fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

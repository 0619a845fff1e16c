//! Where a scenario comes from and goes to in the browser: the URL fragment (share links),
//! the recent drafts (`ui::drafts`), the gallery, and embed options in the query string. All of
//! them carry the one `Scenario` type through the versioned link codec or its JSON.

use crate::editor::drafts::DraftId;
use crate::editor::viewport::{Viewport, MAX_ZOOM, MIN_ZOOM};
use crate::scenario::{gallery, limits, link, Scenario};
use crate::ui::drafts;

/// Separates the scenario link from the view in the fragment: `#v1.…~view=x,y,zoom`. `~` is
/// not in the link's alphabet (base64url and `.`), so the link codec never sees the view.
const VIEW_MARK: &str = "~view=";
/// Largest pan offset a link may set, in pixels (anything beyond is nonsense or hostile).
const MAX_VIEW_OFFSET_PX: f64 = 1.0e7;

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

/// What the app opens with.
pub struct Initial {
    pub scenario: Scenario,
    /// A message for the user (a broken link, an unreadable autosave).
    pub notice: Option<String>,
    pub embed: EmbedOptions,
    /// The pan and zoom the link was shared with, if any.
    pub view: Option<Viewport>,
    /// The draft slot the document is saved in once edited: the one it continues, else new.
    pub draft: DraftId,
}

/// Refuses a document whose nodes or edges repeat an id: validation reports it, but the
/// diagram keys its elements by id and could not draw such a graph.
pub(crate) fn distinct_ids(s: Scenario) -> Result<Scenario, String> {
    let mut nodes: Vec<u32> = s.nodes.iter().map(|n| n.id.0).collect();
    let mut edges: Vec<u32> = s.edges.iter().map(|e| e.id.0).collect();
    nodes.sort_unstable();
    edges.sort_unstable();
    if nodes.windows(2).any(|w| w[0] == w[1]) || edges.windows(2).any(|w| w[0] == w[1]) {
        return Err("This scenario gives two nodes (or two edges) the same id.".into());
    }
    Ok(s)
}

/// The view part of a fragment, `x,y,zoom`; `None` if anything is off.
fn parse_view(text: &str) -> Option<Viewport> {
    let mut parts = text.split(',').map(|p| p.trim().parse::<f64>().ok().filter(|v| v.is_finite()));
    let (x, y, zoom) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || x.abs() > MAX_VIEW_OFFSET_PX || y.abs() > MAX_VIEW_OFFSET_PX {
        return None;
    }
    Some(Viewport { offset_x: x, offset_y: y, zoom: zoom.clamp(MIN_ZOOM, MAX_ZOOM) })
}

/// The fragment's suffix that carries a view. The zoom keeps four decimals: with three, a zoom
/// such as 1.1949 (shown as 119 %) came back as 1.195 (shown as 120 %).
fn view_suffix(v: &Viewport) -> String {
    format!("{VIEW_MARK}{:.0},{:.0},{:.4}", v.offset_x, v.offset_y, v.zoom)
}

fn query_params() -> Vec<(String, String)> {
    let search = gloo::utils::window().location().search().unwrap_or_default();
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_owned(), decode_component(v)),
            None => (p.to_owned(), String::new()),
        })
        .collect()
}

fn decode_component(v: &str) -> String {
    js_sys::decode_uri_component(v).ok().and_then(|s| s.as_string()).unwrap_or_else(|| v.to_owned())
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

/// The scenario to open: the link in the fragment, else a gallery scenario named in the query
/// (`?gallery=slug`), else this tab's draft or the newest one (not in embeds), else the default.
/// A link that cannot be read opens the default with a message. Whatever opens, no draft is
/// written until it is edited, and a link or lesson gets a draft of its own: opening one never
/// replaces someone's work.
pub fn initial() -> Initial {
    let embed = embed_options();
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    let fragment = hash.trim_start_matches('#');
    let (fragment, view) = match fragment.split_once(VIEW_MARK) {
        Some((link, view)) => (link, parse_view(view)),
        None => (fragment, None),
    };
    let fresh = |scenario: Scenario, notice: Option<String>, embed: EmbedOptions| Initial {
        scenario,
        notice,
        embed,
        view: None,
        draft: drafts::new_id(),
    };
    if !fragment.is_empty() {
        return match link::decode_lenient(fragment)
            .map_err(|e| e.to_string())
            .and_then(distinct_ids)
        {
            Ok(scenario) => {
                // A reload shows the fragment this tab wrote: keep writing the same draft.
                let own = drafts::tab_draft().filter(|id| {
                    drafts::shelf().get(id).is_some_and(|d| d.link == link::encode(&scenario))
                });
                let draft = own.unwrap_or_else(drafts::new_id);
                Initial { draft, view, ..fresh(scenario, None, embed) }
            }
            Err(e) => fresh(
                Scenario::default(),
                Some(format!("{e} Showing the default scenario instead.")),
                embed,
            ),
        };
    }
    if let Some(slug) = query_params().into_iter().find(|(k, _)| k == "gallery").map(|(_, v)| v) {
        return match gallery::find(&slug) {
            Some(entry) => fresh(entry.scenario, None, embed),
            None => fresh(
                Scenario::default(),
                Some("That gallery scenario does not exist. Showing the default one.".into()),
                embed,
            ),
        };
    }
    if !embed.embed {
        drafts::migrate_legacy_autosave();
        if let Some((draft, scenario)) = drafts::to_continue() {
            return Initial { draft: draft.id, ..fresh(scenario, None, embed) };
        }
    }
    fresh(Scenario::default(), None, embed)
}

/// The scenario in the address's fragment now, if there is one (used when the fragment changes
/// under a running app).
pub fn from_fragment() -> Option<Result<Scenario, String>> {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    let fragment = hash.trim_start_matches('#');
    let link = fragment.split_once(VIEW_MARK).map_or(fragment, |(link, _)| link);
    if link.is_empty() {
        return None;
    }
    Some(
        link::decode_lenient(link)
            .map_err(|e| format!("{e} The current scenario stays open."))
            .and_then(distinct_ids),
    )
}

/// The share link of `s` seen through `view`: this page's address with the scenario (and the
/// pan and zoom) in the fragment.
pub fn share_url(s: &Scenario, view: &Viewport) -> String {
    url_of(&link::encode(s), view)
}

/// This page's address (without the query: a share link opens the full app) with `link` and
/// the view in the fragment.
fn url_of(link: &str, view: &Viewport) -> String {
    let location = gloo::utils::window().location();
    let base = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_else(|_| "/".into())
    );
    format!("{base}#{link}{}", view_suffix(view))
}

/// Puts the scenario in the URL fragment without adding a history entry (the fragment always
/// holds the current scenario, so a reload or a copied address restores it). The link is also
/// kept for the crash message.
pub fn write_fragment(s: &Scenario, view: &Viewport) {
    let window = gloo::utils::window();
    let Ok(history) = window.history() else { return };
    let location = window.location();
    let encoded = link::encode(s);
    crate::ui::crash::remember_link(url_of(&encoded, view));
    let url = format!(
        "{}{}#{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        encoded,
        view_suffix(view)
    );
    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
}

/// Reads an imported file's text as a scenario, refusing oversized input before parsing: a
/// Fanout scenario (JSON), or AsyncAPI 3.0 (JSON or YAML, one document or several). The list
/// says what an AsyncAPI import had to assume (empty for a scenario file).
pub fn import(text: &str) -> Result<(Scenario, Vec<String>), String> {
    if text.len() > limits::MAX_JSON_BYTES {
        return Err(format!(
            "That file is {} KB; a scenario file is at most {} KB.",
            text.len() / 1024,
            limits::MAX_JSON_BYTES / 1024
        ));
    }
    let body = text.trim_start_matches('\u{feff}').trim_start();
    // A scenario is a JSON object without an `asyncapi` field; anything else is read as AsyncAPI.
    let scenario_json = body.starts_with('{')
        && (!body.contains("\"asyncapi\"")
            || serde_json::from_str::<serde_json::Value>(body)
                .is_ok_and(|v| v.get("asyncapi").is_none()));
    if scenario_json {
        return Scenario::from_json(text)
            .map_err(|e| format!("That file is not a Fanout scenario: {e}."))
            .and_then(distinct_ids)
            .map(|s| (s, Vec::new()));
    }
    let imported = crate::interop::import_text(text)
        .map_err(|e| format!("That file is neither a Fanout scenario nor AsyncAPI 3.0: {e}."))?;
    Ok((distinct_ids(imported.scenario)?, imported.assumed))
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
    let location = gloo::utils::window().location();
    let base = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_else(|_| "/".into())
    );
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

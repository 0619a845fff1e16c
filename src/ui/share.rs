//! Where a scenario comes from and goes to in the browser: the URL fragment (share links),
//! localStorage (autosave), the gallery, and embed options in the query string. All of them
//! carry the one `Scenario` type through the versioned link codec or its JSON.

use gloo::storage::{LocalStorage, Storage};

use crate::scenario::{gallery, limits, link, Scenario};

/// localStorage key of the autosaved scenario (JSON).
const AUTOSAVE_KEY: &str = "fanout.autosave.v1";

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
    /// Counters to show (by name, e.g. `processed`, `duplicates`); empty = the default set.
    pub metrics: Vec<String>,
}

/// What the app opens with.
pub struct Initial {
    pub scenario: Scenario,
    /// A message for the user (a broken link, an unreadable autosave).
    pub notice: Option<String>,
    pub embed: EmbedOptions,
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
/// (`?gallery=slug`), else the autosave (not in embeds), else the default. A link that cannot
/// be read opens the default with a message; nothing the user had is overwritten by it.
pub fn initial() -> Initial {
    let embed = embed_options();
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    let fragment = hash.trim_start_matches('#');
    if !fragment.is_empty() {
        return match link::decode_lenient(fragment) {
            Ok(scenario) => Initial { scenario, notice: None, embed },
            Err(e) => Initial {
                scenario: Scenario::default(),
                notice: Some(format!("{e} Showing the default scenario instead.")),
                embed,
            },
        };
    }
    if let Some(slug) = query_params().into_iter().find(|(k, _)| k == "gallery").map(|(_, v)| v) {
        return match gallery::find(&slug) {
            Some(entry) => Initial { scenario: entry.scenario, notice: None, embed },
            None => Initial {
                scenario: Scenario::default(),
                notice: Some(
                    "That gallery scenario does not exist. Showing the default one.".into(),
                ),
                embed,
            },
        };
    }
    if !embed.embed {
        if let Ok(json) = LocalStorage::get::<String>(AUTOSAVE_KEY) {
            return match Scenario::from_json(&json) {
                Ok(scenario) => Initial { scenario, notice: None, embed },
                Err(e) => Initial {
                    scenario: Scenario::default(),
                    notice: Some(format!("Your autosaved scenario could not be read ({e}).")),
                    embed,
                },
            };
        }
    }
    Initial { scenario: Scenario::default(), notice: None, embed }
}

/// The share link of `s`: this page's address with the scenario in the fragment.
pub fn share_url(s: &Scenario) -> String {
    let location = gloo::utils::window().location();
    let base = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_else(|_| "/".into())
    );
    format!("{base}#{}", link::encode(s))
}

/// Puts the scenario in the URL fragment without adding a history entry (the fragment always
/// holds the current scenario, so a reload or a copied address restores it).
pub fn write_fragment(s: &Scenario) {
    let window = gloo::utils::window();
    let Ok(history) = window.history() else { return };
    let location = window.location();
    let url = format!(
        "{}{}#{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        link::encode(s)
    );
    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
}

/// Saves the scenario to localStorage; the error (quota, private mode) is for the user.
pub fn autosave(s: &Scenario) -> Result<(), String> {
    LocalStorage::set(AUTOSAVE_KEY, s.to_json())
        .map_err(|e| format!("Autosave failed ({e}); your work is still in the link."))
}

/// Reads an imported file's text as a scenario, refusing oversized input before parsing.
pub fn import(text: &str) -> Result<Scenario, String> {
    if text.len() > limits::MAX_JSON_BYTES {
        return Err(format!(
            "That file is {} KB; a scenario file is at most {} KB.",
            text.len() / 1024,
            limits::MAX_JSON_BYTES / 1024
        ));
    }
    Scenario::from_json(text).map_err(|e| format!("That file is not a Fanout scenario: {e}."))
}

/// The iframe snippet for an embed of `s` with the given options.
pub fn embed_snippet(
    s: &Scenario,
    height_px: u32,
    autoplay: bool,
    editable: bool,
    start_s: f64,
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

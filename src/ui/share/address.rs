//! The page's address: the fragment holds the scenario's link and the view
//! (`#v1.…~view=x,y,zoom`), always the current document, written without adding history.

use crate::editor::viewport::Viewport;
use crate::scenario::{link, Scenario};

use super::distinct_ids;

/// Separates the scenario link from the view in the fragment. `~` is not in the link's
/// alphabet (base64url and `.`), so the link codec never sees the view.
pub(super) const VIEW_MARK: &str = "~view=";

/// The fragment's suffix that carries a view.
fn view_suffix(v: &Viewport) -> String {
    format!("{VIEW_MARK}{}", v.to_link())
}

/// The query string's parameters, decoded.
pub(super) fn query_params() -> Vec<(String, String)> {
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

/// This page's address without query or fragment.
pub(super) fn page_base() -> String {
    let location = gloo::utils::window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_else(|_| "/".into())
    )
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
    format!("{}#{link}{}", page_base(), view_suffix(view))
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

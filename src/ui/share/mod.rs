//! Where a scenario comes from and goes to in the browser: the address (`address`: share
//! links and the view in the fragment), embed options (`embed`), the recent drafts
//! (`ui::drafts`), the gallery and imported files. All of them carry the one `Scenario` type
//! through the versioned link codec or its JSON.

mod address;
mod embed;

pub use address::{from_fragment, share_url, write_fragment};
pub use embed::{
    embed_snippet, embed_url, EmbedOptions, SnippetOptions, EMBED_MAX_HEIGHT_PX,
    EMBED_MIN_HEIGHT_PX,
};

use crate::editor::drafts::DraftId;
use crate::editor::viewport::Viewport;
use crate::scenario::{gallery, limits, link, Scenario};
use crate::ui::drafts;
use address::{query_params, VIEW_MARK};

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

/// The scenario to open: the link in the fragment, else a gallery scenario named in the query
/// (`?gallery=slug`), else this tab's draft or the newest one (not in embeds), else the default.
/// A link that cannot be read opens the default with a message. Whatever opens, no draft is
/// written until it is edited, and a link or lesson gets a draft of its own: opening one never
/// replaces someone's work.
pub fn initial() -> Initial {
    let embed = embed::embed_options();
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    let fragment = hash.trim_start_matches('#');
    let (fragment, view) = match fragment.split_once(VIEW_MARK) {
        Some((link, view)) => (link, Viewport::from_link(view)),
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
        return match linked(fragment) {
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
    if let Some(slug) = gallery_slug() {
        return match lesson(&slug) {
            Ok(scenario) => fresh(scenario, None, embed),
            Err(e) => fresh(Scenario::default(), Some(e), embed),
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

/// The scenario of a share link's fragment (without its view).
fn linked(fragment: &str) -> Result<Scenario, String> {
    link::decode_lenient(fragment).map_err(|e| e.to_string()).and_then(distinct_ids)
}

/// The gallery lesson the query names (`?gallery=slug`), if it names one.
fn gallery_slug() -> Option<String> {
    query_params().into_iter().find(|(k, _)| k == "gallery").map(|(_, v)| v)
}

fn lesson(slug: &str) -> Result<Scenario, String> {
    gallery::find(slug)
        .map(|entry| entry.scenario)
        .ok_or_else(|| "That gallery scenario does not exist. Showing the default one.".into())
}

/// What an embed's viewer (`ui::viewer`) opens: the scenario of the link or lesson, a message
/// if it could not be read, the embed's options, and the full app's address on the same
/// scenario ("Open in Fanout").
pub struct Viewing {
    pub scenario: std::rc::Rc<Scenario>,
    pub notice: Option<String>,
    pub embed: EmbedOptions,
    pub full_app_url: String,
}

/// Reads what the viewer opens from the address, as [`initial`] does for the editor (no
/// drafts: an embed never writes one).
pub fn viewing() -> Viewing {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    let fragment = hash.trim_start_matches('#');
    let link = fragment.split_once(VIEW_MARK).map_or(fragment, |(link, _)| link);
    let slug = gallery_slug();
    let opened = match (link.is_empty(), &slug) {
        (false, _) => {
            Some(linked(link).map_err(|e| format!("{e} Showing the default scenario instead.")))
        }
        (true, Some(slug)) => Some(lesson(slug)),
        (true, None) => None,
    };
    let (scenario, notice) = match opened {
        Some(Ok(s)) => (s, None),
        Some(Err(e)) => (Scenario::default(), Some(e)),
        None => (Scenario::default(), None),
    };
    // The same page without the embed's options: the lesson it names and the fragment stay.
    let query =
        slug.map(|s| format!("?gallery={}", String::from(js_sys::encode_uri_component(&s))));
    let full_app_url = format!("{}{}{hash}", address::page_base(), query.unwrap_or_default());
    crate::ui::crash::remember_link(full_app_url.clone());
    Viewing {
        scenario: std::rc::Rc::new(scenario),
        notice,
        embed: embed::embed_options(),
        full_app_url,
    }
}

/// Reads imported files' text as a scenario, refusing oversized input before parsing: one
/// Fanout scenario (JSON), or AsyncAPI 3.0 (JSON or YAML; one file or several, each with one
/// document or several, all describing one system). The list says what an AsyncAPI import had
/// to assume (empty for a scenario file).
pub fn import(texts: &[String]) -> Result<(Scenario, Vec<String>), String> {
    let [text] = texts else {
        let mut docs = Vec::new();
        for text in texts {
            docs.extend(crate::interop::import::parse_text(text).map_err(not_one_system)?);
        }
        let imported = crate::interop::import::import_documents(&docs).map_err(not_one_system)?;
        return Ok((distinct_ids(imported.scenario)?, imported.assumed));
    };
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
    let imported = crate::interop::import_text(text).map_err(not_asyncapi)?;
    Ok((distinct_ids(imported.scenario)?, imported.assumed))
}

fn not_asyncapi(e: String) -> String {
    format!("That file is neither a Fanout scenario nor AsyncAPI 3.0: {e}.")
}

fn not_one_system(e: String) -> String {
    format!("Several files are read as AsyncAPI 3.0 documents of one system, but: {e}.")
}

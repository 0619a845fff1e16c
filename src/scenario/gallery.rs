//! The gallery: one ready-made scenario per lesson of `SCENARIOS.md`, stored as the JSON files in
//! `scenarios/` (which the command-line runner reads too) and compiled into the crate.

use super::Scenario;

/// One gallery scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct GalleryEntry {
    /// Short name for links and file names (`checkout-fan-out`).
    pub slug: &'static str,
    /// Title shown on the card.
    pub title: String,
    /// Lesson number in `SCENARIOS.md`, 1..=12.
    pub lesson: u8,
    /// The scenario itself.
    pub scenario: Scenario,
}

/// The gallery sources: (lesson, slug, JSON).
const SOURCES: &[(u8, &str, &str)] =
    &[(12, "user-registered", include_str!("../../scenarios/12-user-registered.json"))];

/// Every gallery scenario, in lesson order. A file that fails to parse is left out (a test
/// checks they all parse and validate).
pub fn all() -> Vec<GalleryEntry> {
    let mut entries: Vec<GalleryEntry> = SOURCES
        .iter()
        .filter_map(|(lesson, slug, json)| {
            let scenario = Scenario::from_json(json).ok()?;
            Some(GalleryEntry { slug, title: scenario.title.clone(), lesson: *lesson, scenario })
        })
        .collect();
    entries.sort_by_key(|e| e.lesson);
    entries
}

/// The gallery scenario with this slug.
pub fn find(slug: &str) -> Option<GalleryEntry> {
    all().into_iter().find(|e| e.slug == slug)
}

/// Raw JSON of every gallery file, as (slug, text).
pub fn sources() -> impl Iterator<Item = (&'static str, &'static str)> {
    SOURCES.iter().map(|(_, slug, json)| (*slug, *json))
}

/// The first-open scenario ("User registered"); an empty scenario if its file were broken.
pub(crate) fn user_registered() -> Scenario {
    SOURCES
        .iter()
        .find(|(_, slug, _)| *slug == "user-registered")
        .and_then(|(_, _, json)| Scenario::from_json(json).ok())
        .unwrap_or_else(Scenario::empty)
}

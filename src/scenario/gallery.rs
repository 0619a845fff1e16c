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
    /// Lesson number in `SCENARIOS.md`, 1..=12; 13..=15 are the brokers' lessons (issue 13).
    pub lesson: u8,
    /// The scenario itself.
    pub scenario: Scenario,
}

/// The gallery sources: (lesson, slug, JSON).
const SOURCES: &[(u8, &str, &str)] = &[
    (1, "checkout-fan-out", include_str!("../../scenarios/01-checkout-fan-out.json")),
    (2, "direct-calls-vs-events", include_str!("../../scenarios/02-direct-calls-vs-events.json")),
    (3, "duplicate-payment", include_str!("../../scenarios/03-duplicate-payment.json")),
    (4, "poison-message-and-dlq", include_str!("../../scenarios/04-poison-message-and-dlq.json")),
    (
        5,
        "consumer-down-for-an-hour",
        include_str!("../../scenarios/05-consumer-down-for-an-hour.json"),
    ),
    (6, "out-of-order-events", include_str!("../../scenarios/06-out-of-order-events.json")),
    (7, "outbox", include_str!("../../scenarios/07-outbox.json")),
    (8, "order-lifecycle", include_str!("../../scenarios/08-order-lifecycle.json")),
    (9, "cqrs-and-replay", include_str!("../../scenarios/09-cqrs-and-replay.json")),
    (10, "delivery-guarantees", include_str!("../../scenarios/10-delivery-guarantees.json")),
    (11, "schema-change", include_str!("../../scenarios/11-schema-change.json")),
    (12, "user-registered", include_str!("../../scenarios/12-user-registered.json")),
    (13, "acks-1-failover", include_str!("../../scenarios/13-acks-1-failover.json")),
    (14, "min-insync-replicas", include_str!("../../scenarios/14-min-insync-replicas.json")),
    (
        15,
        "retries-without-idempotence",
        include_str!("../../scenarios/15-retries-without-idempotence.json"),
    ),
];

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
    crate::sort::sort_by_key(&mut entries, |e| e.lesson);
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

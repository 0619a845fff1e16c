//! Recent drafts: the documents a browser keeps so that no work is lost.
//!
//! Each open document (a tab's work) is saved in a *slot* of its own, keyed by a [`DraftId`]:
//! `fanout.draft.<id>` in localStorage. Opening a link, an embed or a gallery lesson starts a new
//! document with a new id, so it never overwrites another document's draft; two tabs editing
//! different documents write different slots; and when two tabs show the same draft, each sees
//! the other's writes as a change to its own slot ([`slot_change`]) and can say so.
//!
//! A slot's value is a small versioned JSON record ([`DRAFT_FORMAT`]): the title and node count
//! for the list, the save time, and the scenario as a share link (compact, versioned, and read
//! through the link codec's bounded decoder). The drafts together stay within
//! [`limits::MAX_DRAFTS`] and [`limits::MAX_DRAFTS_BYTES`]: [`Shelf::make_room`] names what to
//! drop, unreadable entries first, then the oldest drafts. Anything under the prefix that does
//! not read as a draft is skipped, never a panic.
//!
//! Pure Rust: the UI passes in what storage holds and the wall-clock time, and writes what this
//! module says (`ui::drafts` is the browser glue).

use serde_json::{json, Value};

use crate::scenario::{limits, link, Scenario};

/// Prefix of every draft's storage key; the rest of the key is the draft's id.
pub const KEY_PREFIX: &str = "fanout.draft.";
/// Version of the stored record. A newer record (from a newer Fanout in another tab) is listed
/// as unreadable by this build and left alone unless room is needed.
pub const DRAFT_FORMAT: u32 = 1;
/// Longest draft id, in characters.
const MAX_ID_LEN: usize = 32;
/// Title shown for a draft whose scenario has none.
pub const UNTITLED: &str = "Untitled scenario";

/// Which slot a document is saved in: 1 to 32 characters of `a-z`, `0-9` and `-`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DraftId(String);

impl DraftId {
    /// The id in `text`, if it is one.
    pub fn parse(text: &str) -> Option<Self> {
        let ok = !text.is_empty()
            && text.len() <= MAX_ID_LEN
            && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        ok.then(|| DraftId(text.to_owned()))
    }

    /// A fresh id from the time (ms since 1970) and a random number: ids sort by creation, and
    /// two tabs opening in the same millisecond still differ.
    pub fn generate(now_ms: f64, random: u64) -> Self {
        // `as` saturates: a clock before 1970 or past 2^64 ms gives 0 or the maximum.
        let time = now_ms.max(0.0) as u64;
        DraftId(format!("{time:x}-{:x}", random & 0xff_ffff_ffff))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The storage key of this draft's slot.
    pub fn key(&self) -> String {
        format!("{KEY_PREFIX}{}", self.0)
    }

    /// The draft id a storage key names, if it is a draft's key.
    pub fn from_key(key: &str) -> Option<Self> {
        key.strip_prefix(KEY_PREFIX).and_then(DraftId::parse)
    }
}

/// One draft as listed: enough to show it without decoding its scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub id: DraftId,
    /// The scenario's title (possibly empty; see [`Draft::display_title`]).
    pub title: String,
    /// When it was saved, in ms since 1970 (the browser's clock).
    pub saved_ms: f64,
    /// How many nodes the scenario has.
    pub nodes: usize,
    /// The scenario as a share link (the fragment, without `#`).
    pub link: String,
    /// Bytes the entry takes in storage (key and value).
    pub bytes: usize,
}

impl Draft {
    /// The title to show: the scenario's, or [`UNTITLED`].
    pub fn display_title(&self) -> &str {
        if self.title.trim().is_empty() {
            UNTITLED
        } else {
            &self.title
        }
    }

    /// The draft's scenario, read through the link codec (bounded, never a panic). Unfinished
    /// work may not run yet, so it is read leniently, like the editor's own URL fragment.
    pub fn scenario(&self) -> Result<Scenario, String> {
        link::decode_lenient(&self.link).map_err(|e| e.to_string())
    }
}

/// Bytes an entry takes in storage.
fn entry_bytes(key: &str, value: &str) -> usize {
    key.len() + value.len()
}

/// Reads one storage entry. `None` when it is not a draft's key; `Some(Err(bytes))` when it is
/// but does not read as a draft of this version (damaged, cut short, or newer).
pub fn parse_entry(key: &str, value: &str) -> Option<Result<Draft, usize>> {
    let id = DraftId::from_key(key)?;
    let bytes = entry_bytes(key, value);
    // Read through `Value` by hand rather than a derived deserialiser: the wasm build already
    // parses JSON to `Value` (scenario import), and a derive would add its own parser (KBs).
    let read = || -> Option<Draft> {
        let v: Value = serde_json::from_str(value).ok()?;
        if v.get("version")?.as_u64()? != u64::from(DRAFT_FORMAT) {
            return None;
        }
        let title = v.get("title")?.as_str()?;
        let saved_ms = v.get("saved_ms")?.as_f64()?;
        let nodes = usize::try_from(v.get("nodes")?.as_u64()?).ok()?;
        let link = v.get("link")?.as_str()?;
        let sane = saved_ms.is_finite()
            && link.len() <= link::MAX_LINK_CHARS
            && nodes <= limits::MAX_NODES
            && title.chars().count() <= limits::MAX_NAME_LEN;
        sane.then(|| Draft {
            id,
            title: title.to_owned(),
            saved_ms,
            nodes,
            link: link.to_owned(),
            bytes,
        })
    };
    Some(read().ok_or(bytes))
}

/// The record that saves `scenario` as draft `id` at `now_ms`: `(key, value)` to write. Refused
/// when the scenario is too large for a link (its link would not open either).
pub fn encode(id: &DraftId, scenario: &Scenario, now_ms: f64) -> Result<(String, String), String> {
    let link = link::encode(scenario);
    if link.len() > link::MAX_LINK_CHARS {
        return Err(format!(
            "This scenario is too large to keep as a draft ({} KB as a link; at most {} KB). \
             Export it as JSON to keep it.",
            link.len() / 1024,
            link::MAX_LINK_CHARS / 1024
        ));
    }
    let title: String = scenario.title.chars().take(limits::MAX_NAME_LEN).collect();
    let record = json!({
        "version": DRAFT_FORMAT,
        "title": title,
        "saved_ms": if now_ms.is_finite() { now_ms } else { 0.0 },
        "nodes": scenario.nodes.len(),
        "link": link,
    });
    let value = record.to_string();
    Ok((id.key(), value))
}

/// Every draft storage holds, newest first, and what could not be read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shelf {
    drafts: Vec<Draft>,
    /// Keys under [`KEY_PREFIX`] that did not read as drafts, with their size in bytes, in
    /// storage order.
    unreadable: Vec<(String, usize)>,
}

impl Shelf {
    /// Sorts what storage holds into drafts (newest first) and unreadable entries; other keys
    /// are ignored.
    pub fn read(entries: impl IntoIterator<Item = (String, String)>) -> Shelf {
        let mut shelf = Shelf::default();
        for (key, value) in entries {
            match parse_entry(&key, &value) {
                Some(Ok(d)) => shelf.drafts.push(d),
                Some(Err(bytes)) => shelf.unreadable.push((key, bytes)),
                None => {}
            }
        }
        // Newest first; ties (same millisecond) by id, so the order never depends on storage's.
        // (Unstable sort: the keys are unique, and its code is a third of the stable sort's in
        // the wasm bundle. Unreadable entries stay in storage order: any order is fine.)
        shelf
            .drafts
            .sort_unstable_by(|a, b| b.saved_ms.total_cmp(&a.saved_ms).then(a.id.cmp(&b.id)));
        shelf
    }

    /// The drafts, newest first.
    pub fn drafts(&self) -> &[Draft] {
        &self.drafts
    }

    /// How many entries under the prefix could not be read.
    pub fn unreadable(&self) -> usize {
        self.unreadable.len()
    }

    /// The draft with this id.
    pub fn get(&self, id: &DraftId) -> Option<&Draft> {
        self.drafts.iter().find(|d| d.id == *id)
    }

    /// Bytes all entries under the prefix take, readable or not.
    pub fn total_bytes(&self) -> usize {
        self.drafts.iter().map(|d| d.bytes).sum::<usize>()
            + self.unreadable.iter().map(|(_, b)| b).sum::<usize>()
    }

    /// Keys to remove before writing `value` to `key` (the slot of `id`) so that the drafts stay
    /// within [`limits::MAX_DRAFTS`] and [`limits::MAX_DRAFTS_BYTES`]: unreadable entries
    /// first, then the oldest drafts; never the slot being written.
    pub fn make_room(&self, id: &DraftId, key: &str, value: &str) -> Vec<String> {
        let others: Vec<&Draft> = self.drafts.iter().filter(|d| d.id != *id).collect();
        let mut count = others.len() + 1;
        let mut bytes = others.iter().map(|d| d.bytes).sum::<usize>()
            + self.unreadable.iter().map(|(_, b)| b).sum::<usize>()
            + entry_bytes(key, value);
        let mut drop = Vec::new();
        for (k, b) in &self.unreadable {
            if bytes <= limits::MAX_DRAFTS_BYTES {
                break;
            }
            drop.push(k.clone());
            bytes -= b;
        }
        // `others` is newest first: drop from the end.
        for d in others.iter().rev() {
            if count <= limits::MAX_DRAFTS && bytes <= limits::MAX_DRAFTS_BYTES {
                break;
            }
            drop.push(d.id.key());
            count -= 1;
            bytes -= d.bytes;
        }
        drop
    }
}

/// What a change to a storage key, made by another tab, means to a tab showing draft `mine`.
#[derive(Clone, Debug, PartialEq)]
pub enum SlotChange {
    /// Not this tab's slot.
    Elsewhere,
    /// This tab's slot now holds what this tab shows (its own last write, or the same scenario).
    Same,
    /// Another tab removed the slot (deleted the draft, or dropped it to make room); this tab
    /// writes it again on its next edit.
    Removed,
    /// Another tab saved a different version of this tab's draft.
    Theirs(Draft),
    /// The slot now holds something that does not read as a draft; this tab's next save
    /// replaces it.
    Unreadable,
}

/// Sorts a storage change seen by the tab showing draft `mine`, whose document is `my_link` now
/// and which last wrote `last_written` to its slot.
pub fn slot_change(
    mine: &DraftId,
    key: &str,
    new_value: Option<&str>,
    last_written: Option<&str>,
    my_link: &str,
) -> SlotChange {
    if DraftId::from_key(key).as_ref() != Some(mine) {
        return SlotChange::Elsewhere;
    }
    let Some(value) = new_value else { return SlotChange::Removed };
    if Some(value) == last_written {
        return SlotChange::Same;
    }
    match parse_entry(key, value) {
        Some(Ok(d)) if d.link == my_link => SlotChange::Same,
        Some(Ok(d)) => SlotChange::Theirs(d),
        _ => SlotChange::Unreadable,
    }
}

/// How long ago a draft was saved, in words: "just now", "5 min ago", "3 h ago", "yesterday",
/// "4 days ago". A time in the future (another clock) reads "just now".
pub fn age_label(saved_ms: f64, now_ms: f64) -> String {
    let s = (now_ms - saved_ms) / 1000.0;
    if !s.is_finite() {
        return "some time ago".into();
    }
    let (min, h, d) = (s / 60.0, s / 3600.0, s / 86_400.0);
    if s < 45.0 {
        "just now".into()
    } else if min < 90.0 {
        format!("{} min ago", min.round().max(1.0))
    } else if h < 24.0 {
        format!("{} h ago", h.round())
    } else if d < 2.0 {
        "yesterday".into()
    } else {
        format!("{} days ago", d.floor())
    }
}

//! Formats architects already use, in and out: Mermaid flowcharts and AsyncAPI 3.0 documents.
//!
//! Pure conversion code (no browser APIs), shared by the Share menu and the command line
//! (`fanout export`, `fanout import`). The mapping is documented in
//! `docs/asyncapi-and-mermaid.md`.

pub mod asyncapi;
pub mod import;
pub mod mermaid;
pub mod yaml;

pub use asyncapi::{export as to_asyncapi, Document};
pub use import::{import_text, Imported};
pub use mermaid::to_mermaid;

/// Every document of `docs` as one YAML stream (`---` between documents).
pub fn documents_to_yaml(docs: &[Document]) -> String {
    let mut out = String::new();
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&yaml::to_yaml(&d.value));
    }
    out
}

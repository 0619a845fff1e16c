//! The scenario: the one serde type that share links, autosave, files and the CLI all use.

//! Fanout: an event-driven architecture playground.
//!
//! The crate is layered so that data flows one way: `scenario` (what the user built) →
//! `engine` (what happens when it runs) → `ui` (what the browser shows). `scenario`, `engine`,
//! `editor` (the diagram editor's model), `chart_math` (the metrics charts' arithmetic) and
//! `animation` (animated GIF export: frames, dots, the encoder) are pure Rust and never touch
//! the browser; `ui` exists only in the wasm build, `cli` only natively.

pub mod animation;
pub mod chart_math;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod editor;
pub mod engine;
pub mod interop;
pub mod scenario;
pub mod sort;
pub mod stats;

#[cfg(target_arch = "wasm32")]
pub mod ui;

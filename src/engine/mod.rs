//! The deterministic discrete-event simulation engine. Pure Rust: no browser APIs, no wall clock.

//! The panels around the canvas: palette (left), inspector (right), metrics drawer (bottom).

mod event_log;
mod faults;
mod fields;
pub mod gallery;
pub mod inspector;
pub mod metrics;
pub mod palette;
pub mod share_menu;

//! The panels around the canvas: notes and palette (left), inspector (right), metrics drawer
//! (bottom), and the dialogs (gallery, share, recent drafts).

pub mod broker_faults;
pub mod chart;
pub mod checks;
pub mod compare;
pub mod drafts;
mod event_log;
pub mod faults;
pub(crate) mod fields;
pub mod figures;
pub mod gallery;
pub mod inspector;
pub mod interop_export;
pub mod metrics;
pub mod notes;
mod outcome_list;
pub mod palette;
mod seeds;
pub mod settings;
pub mod share_menu;
pub mod story;

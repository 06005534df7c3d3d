//! paydesk's core: everything the counter app and the `paydesk` CLI share.
//!
//! This crate has **no Tauri dependency** and needs no window: the front ends call only
//! [`desk::Desk`], which drives the providers, the SQLite history, the key vault and QR codes.
//! Data flows one way: front end → `desk` → (`provider`, `store`, `vault`, `qr`) → the outside world.

pub mod desk;
pub mod error;
pub mod hub;
pub mod i18n;
pub mod lease;
pub mod link;
pub mod log;
pub mod merge;
pub mod money;
pub mod provider;
pub mod qr;
pub mod report;
pub mod sale;
pub mod settings;
pub mod store;
pub mod vault;

pub use error::{Error, Result, Said};

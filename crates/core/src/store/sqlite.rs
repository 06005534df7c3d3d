//! Placeholder: being written.
pub struct SqliteStore;

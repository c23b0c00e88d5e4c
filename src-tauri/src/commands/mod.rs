//! Commands the UI may call, one module per domain. Each is also listed in `build.rs` and granted
//! in `capabilities/main.json`.

pub mod app;
pub mod campaigns;
pub mod connect;
pub mod draft;
pub mod duplicate;
pub mod import;
pub mod launch;
pub mod settings;

//! Commands the UI may call, one module per domain. Each is also listed once in `list.rs`
//! (which registers it and gives it its permission) and granted in `capabilities/main.json`.

pub mod app;
pub mod calls;
pub mod campaigns;
pub mod connect;
pub mod draft;
pub mod duplicate;
pub mod import;
pub mod launch;
pub mod records;
pub mod saved;
pub mod settings;

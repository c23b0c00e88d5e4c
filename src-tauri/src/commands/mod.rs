//! Commands the UI may call, one module per domain. Each is also listed once in `list.rs`
//! (which registers it and gives it its permission) and granted in `capabilities/main.json`.

pub(crate) mod app;
pub(crate) mod calls;
pub(crate) mod campaigns;
pub(crate) mod compliance;
pub(crate) mod connect;
pub(crate) mod dnc;
pub(crate) mod draft;
pub(crate) mod duplicate;
pub(crate) mod estimate;
pub(crate) mod import;
pub(crate) mod launch;
pub(crate) mod opt_out;
pub(crate) mod pilot;
pub(crate) mod records;
pub(crate) mod saved;
pub(crate) mod settings;

//! What the UI needs to know about the app itself: version, build, connection.

use crate::error::IpcError;
use crate::ipc::{AppInfo, Connection};
use crate::state::AppState;

#[tauri::command]
pub async fn app_info(state: tauri::State<'_, AppState>) -> Result<AppInfo, IpcError> {
    report_ready_for_benchmarks();
    let address = state.settings.lock().await.api_base_url.clone();
    let connection = match state.keys.load() {
        Ok(Some(saved)) if saved.is_for(&address) => Connection::Connected {
            key_last4: saved.key.last4(),
        },
        Ok(Some(saved)) => Connection::KeyForOtherAddress {
            key_last4: saved.key.last4(),
            key_address: saved.origin,
            address,
        },
        Ok(None) => Connection::Practice,
        Err(error) => Connection::KeyringUnavailable {
            message: error.to_string(),
        },
    };
    Ok(AppInfo {
        name: "Batchline".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        development_build: state.identity.development,
        connection,
    })
}

/// `scripts/bench-app` measures start-up to the UI's first call: the home screen asks for
/// `app_info` as soon as it is on screen. Silent unless the benchmark asks.
fn report_ready_for_benchmarks() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("BATCHLINE_BENCH_READY").is_some() {
        ONCE.call_once(|| eprintln!("BATCHLINE_READY"));
    }
}

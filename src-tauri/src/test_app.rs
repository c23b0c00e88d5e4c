//! The app as the tests drive it: the real command wiring on Tauri's mock runtime, and IPC
//! requests sent as the main window would send them (no real window, no display needed).

use crate::configure;
use crate::secrets;
use crate::state::{AppState, Identity};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindowBuilder};

pub(crate) fn request(cmd: &str) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("url"),
        body: InvokeBody::default(),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

pub(crate) fn app() -> tauri::App<tauri::test::MockRuntime> {
    secrets::use_mock_store();
    // Each test app has its own keyring entry: tests run in parallel and share one store.
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let identity = Identity::new(&format!("app.batchline.desktop.test{n}"), true);
    let app = configure(mock_builder(), identity.clone())
        .build(tauri::generate_context!())
        .expect("app builds");
    // The mock runtime does not run `setup`; give the app what setup would.
    let dir = tempfile::tempdir().expect("temp dir").keep();
    app.manage(AppState::new(
        identity,
        dir.join("data"),
        dir.join("config"),
    ));
    app
}

pub(crate) fn window(
    app: &tauri::App<tauri::test::MockRuntime>,
    label: &str,
) -> tauri::WebviewWindow<tauri::test::MockRuntime> {
    WebviewWindowBuilder::new(app, label, Default::default())
        .build()
        .expect("window")
}

pub(crate) fn call(
    window: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    let mut req = request(cmd);
    req.body = InvokeBody::Json(args);
    get_ipc_response(window, req).map(|body| body.deserialize::<serde_json::Value>().expect("json"))
}

//! The app as the tests drive it: the real command wiring on Tauri's mock runtime, and IPC
//! requests sent as the main window would send them (no real window, no display needed).

use crate::configure;
use crate::logging::LogFolder;
use crate::secrets;
use crate::state::{AppState, Identity};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindowBuilder};

/// The log of the whole test process, as the real app's log (a process has one): every test app
/// writes to it, Batchline's crates at their most detailed, the HTTP stack at the app's `warn`
/// although the test asks for more.
pub(crate) fn log_dir() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir").keep().join("logs");
        // Asking for the HTTP stack's trace output too: the app's log holds it at `warn`.
        let levels: Vec<String> = applog::OWN_CRATES
            .iter()
            .chain(applog::WIRE_CRATES)
            .map(|name| format!("{name}=trace"))
            .collect();
        let options = applog::Options {
            stderr: false,
            levels: Some(&levels.join(",")),
        };
        applog::install(&dir, options).expect("the test log is set up");
        dir
    })
}

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
    let logs = log_dir();
    secrets::use_mock_store();
    // Each test app has its own keyring entry: tests run in parallel and share one store.
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let identity = Identity {
        identifier: format!("{}.test{n}", campaign::app_identifier(true)),
        development: true,
        exclusive: false,
    };
    let app = configure(mock_builder(), identity.clone())
        .build(tauri::generate_context!())
        .expect("app builds");
    // The mock runtime does not run `setup`; give the app what setup would.
    let dir = tempfile::tempdir().expect("temp dir").keep();
    // The folder "Open log folder" shows; no file manager is started in tests.
    app.manage(LogFolder::with_viewer(logs.to_owned(), |_| Ok(())));
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

/// A Cartesia-compatible server on loopback that accepts only `key`.
pub(crate) fn sandbox_with_key(key: &str) -> sandbox::Sandbox {
    tauri::async_runtime::block_on(sandbox::start(sandbox::SandboxConfig {
        api_key: key.into(),
        ..sandbox::SandboxConfig::default()
    }))
    .expect("sandbox")
}

/// Points the app at `url` through Settings, as the person would.
pub(crate) fn set_address(window: &tauri::WebviewWindow<tauri::test::MockRuntime>, url: &str) {
    let mut settings = call(window, "get_settings", serde_json::json!({})).expect("settings");
    settings["apiBaseUrl"] = url.into();
    call(
        window,
        "save_settings",
        serde_json::json!({ "settings": settings }),
    )
    .expect("saved");
}

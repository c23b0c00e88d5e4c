//! Tells the window when a campaign's progress changes, and the person (a desktop notification)
//! when a campaign finishes or needs attention, even when Batchline is in the background. When
//! to say something and the words are `campaign::view::Notices`'; this passes them on.

use crate::ipc::ProgressEvent;
use crate::state::AppState;
use campaign::view::Notices;
use campaign::TrackerEvent;
use tauri::{Emitter, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::error::RecvError;

pub(crate) const PROGRESS_EVENT: &str = "campaign-progress";

fn notify<R: Runtime>(app: &tauri::AppHandle<R>, title: &str, body: &str) {
    // Without a notification service (a bare desktop) there is nothing more to do: the
    // window shows the same news.
    if let Err(error) = app.notification().builder().title(title).body(body).show() {
        tracing::info!("desktop notification not shown: {error}");
    }
}

/// The window's word of a tracker event.
fn progress_event(event: &TrackerEvent) -> ProgressEvent {
    let (campaign_id, trouble, key_refused) = match event {
        TrackerEvent::Progress { campaign_id, .. } => (campaign_id, None, false),
        TrackerEvent::Trouble {
            campaign_id,
            message,
            key_refused,
            ..
        } => (campaign_id, Some(message.clone()), *key_refused),
    };
    ProgressEvent {
        campaign_id: campaign_id.to_string(),
        trouble,
        key_refused,
    }
}

/// How often the calling hours are checked against the running campaigns (real time).
const HOURS_CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(3);

/// Enforces the calling hours while the app runs (`campaign::pause_for_hours`): a part whose
/// recipients' hours have closed with calls still waiting is stopped and the rest planned into
/// the next hours. Runs for the life of the app.
fn enforce_hours<R: Runtime>(app: tauri::AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        loop {
            tokio::time::sleep(HOURS_CHECK_EVERY).await;
            let Ok(runtime) = state.runtime().await else {
                continue;
            };
            match campaign::pause_for_hours(
                &runtime.launcher,
                &runtime.client,
                &runtime.store,
                campaign::app_now(),
            )
            .await
            {
                Ok(paused) if paused.is_empty() => {}
                Ok(paused) => {
                    for (campaign_id, report) in paused {
                        tracing::info!(
                            campaign_id,
                            moved = report.moved,
                            "calling hours closed: people not called yet moved to the next hours"
                        );
                        let _ = app.emit(
                            PROGRESS_EVENT,
                            ProgressEvent {
                                campaign_id: campaign_id.to_string(),
                                trouble: None,
                                key_refused: false,
                            },
                        );
                    }
                    runtime.tracker.wake();
                }
                Err(error) => tracing::warn!("calling hours not checked: {error}"),
            }
        }
    });
}

/// Keeps the do-not-call list out of calls already in Cartesia
/// (`campaign::dnc_enforce::take_out_waiting`): at start-up for anything left, then whenever the
/// list changes (from its page, a file, or a campaign's results). The person is told who was
/// taken out of which campaign. Runs for the life of the app.
fn enforce_do_not_call<R: Runtime>(app: tauri::AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let mut watch = campaign::dnc_enforce::DncWatch::new();
        loop {
            let Ok(runtime) = state.runtime().await else {
                tokio::time::sleep(HOURS_CHECK_EVERY).await;
                continue;
            };
            match campaign::dnc_enforce::take_out_waiting(
                &runtime.launcher,
                &runtime.client,
                &runtime.store,
                &mut watch,
                campaign::app_now(),
            )
            .await
            {
                Ok(done) => {
                    for taken in &done {
                        tracing::info!(
                            campaign_id = taken.campaign_id,
                            people = taken.people.len(),
                            "do-not-call: waiting calls taken out"
                        );
                        notify(&app, "Taken out of a campaign", &taken.message);
                        let _ = app.emit(
                            PROGRESS_EVENT,
                            ProgressEvent {
                                campaign_id: taken.campaign_id.to_string(),
                                trouble: None,
                                key_refused: false,
                            },
                        );
                    }
                    if !done.is_empty() {
                        runtime.tracker.wake();
                    }
                }
                Err(error) => {
                    tracing::warn!("do-not-call list not applied to waiting calls: {error}")
                }
            }
            tokio::time::sleep(HOURS_CHECK_EVERY).await;
        }
    });
}

/// Runs for the life of the app.
pub(crate) fn start<R: Runtime>(app: tauri::AppHandle<R>) {
    enforce_hours(app.clone());
    enforce_do_not_call(app.clone());
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let mut events = state.progress.subscribe();
        let mut notices = Notices::default();
        loop {
            let event = match events.recv().await {
                Ok(event) => event,
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => break,
            };
            let _ = app.emit(PROGRESS_EVENT, progress_event(&event));
            let Ok(runtime) = state.runtime().await else {
                continue;
            };
            if let Some(notice) = notices.heard(&runtime.store, &event) {
                notify(&app, notice.title, &notice.body);
            }
        }
    });
}

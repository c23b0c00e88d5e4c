//! Tells the window when a campaign's progress changes, and the person (a desktop notification)
//! when a campaign finishes or needs attention, even when Batchline is in the background.

use crate::ipc::ProgressEvent;
use crate::state::AppState;
use campaign::{CampaignId, Store, TrackerEvent};
use std::collections::HashMap;
use tauri::{Emitter, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::error::RecvError;

pub const PROGRESS_EVENT: &str = "campaign-progress";

/// What a notification says about a campaign whose every part has finished.
pub fn finished_message(name: &str, by_status: &std::collections::BTreeMap<String, u32>) -> String {
    let get = |k: &str| by_status.get(k).copied().unwrap_or(0);
    let answered = get("completed");
    let not_reached = get("failed");
    let cancelled = get("cancelled");
    // Grouped like every other count in the app (1,995), whatever the system's locale.
    let n = campaign::view::count;
    let mut text = format!("“{name}” has finished: {} answered", n(answered));
    if not_reached > 0 {
        text.push_str(&format!(
            ", {} not reached (you can retry them)",
            n(not_reached)
        ));
    }
    if cancelled > 0 {
        text.push_str(&format!(", {} not called (cancelled)", n(cancelled)));
    }
    text.push('.');
    text
}

/// Whether every created part of the campaign has been seen to the end.
fn all_parts_done(store: &Store, campaign_id: CampaignId) -> bool {
    store
        .parts(campaign_id)
        .map(|parts| !parts.is_empty() && parts.iter().all(|p| p.tracking_done))
        .unwrap_or(false)
}

fn notify<R: Runtime>(app: &tauri::AppHandle<R>, title: &str, body: &str) {
    // Without a notification service (a bare desktop) there is nothing more to do: the
    // window shows the same news.
    if let Err(error) = app.notification().builder().title(title).body(body).show() {
        tracing::info!("desktop notification not shown: {error}");
    }
}

/// Runs for the life of the app.
pub fn start<R: Runtime>(app: tauri::AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let mut events = state.progress.subscribe();
        // What was last notified per campaign, so a finish is announced once (again after a retry).
        let mut announced: HashMap<CampaignId, String> = HashMap::new();
        loop {
            let event = match events.recv().await {
                Ok(event) => event,
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => break,
            };
            match event {
                TrackerEvent::Progress {
                    campaign_id,
                    done,
                    snapshot,
                    ..
                } => {
                    let _ = app.emit(
                        PROGRESS_EVENT,
                        ProgressEvent {
                            campaign_id: campaign_id.to_string(),
                            trouble: None,
                            key_refused: false,
                        },
                    );
                    if !done {
                        continue;
                    }
                    let Ok(runtime) = state.runtime().await else {
                        continue;
                    };
                    if !all_parts_done(&runtime.store, campaign_id) {
                        continue;
                    }
                    let (Ok(c), Ok(progress)) = (
                        runtime.store.campaign(campaign_id),
                        runtime.store.campaign_progress(campaign_id),
                    ) else {
                        continue;
                    };
                    let key = format!("done:{}", snapshot.retry_count);
                    if announced.get(&campaign_id) == Some(&key) {
                        continue;
                    }
                    announced.insert(campaign_id, key);
                    notify(
                        &app,
                        "Campaign finished",
                        &finished_message(&c.setup.name, &progress.by_status),
                    );
                }
                TrackerEvent::Trouble {
                    campaign_id,
                    message,
                    key_refused,
                    ..
                } => {
                    let _ = app.emit(
                        PROGRESS_EVENT,
                        ProgressEvent {
                            campaign_id: campaign_id.to_string(),
                            trouble: Some(message.clone()),
                            key_refused,
                        },
                    );
                    if key_refused && announced.get(&campaign_id).map(String::as_str) != Some("key")
                    {
                        announced.insert(campaign_id, "key".into());
                        notify(&app, "A campaign needs your attention", &message);
                    }
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::finished_message;
    use std::collections::BTreeMap;

    #[test]
    fn the_finish_notification_counts_in_words() {
        let mut by = BTreeMap::new();
        by.insert("completed".to_string(), 24);
        by.insert("failed".to_string(), 2);
        assert_eq!(
            finished_message("Spring reminders", &by),
            "“Spring reminders” has finished: 24 answered, 2 not reached (you can retry them)."
        );
        by.remove("failed");
        by.insert("cancelled".to_string(), 1_194);
        assert_eq!(
            finished_message("X", &by),
            "“X” has finished: 24 answered, 1,194 not called (cancelled)."
        );
    }
}

//! `campaign launch-rest` and `campaign stop-pilot`: after a pilot.

use super::store::{app_store_path, open_store};
use super::words::{part_words, progress_line, said};
use super::PilotArgs;
use crate::out::Failure;
use crate::remote;
use campaign::Launcher;

/// `launch-rest` (`release`) or `stop-pilot`, through the same core calls as the app's buttons.
pub(super) fn after_pilot(args: &PilotArgs, release: bool) -> Result<(), Failure> {
    let store_path = match &args.store {
        Some(path) => path.clone(),
        None => app_store_path()?,
    };
    let store = open_store(&store_path)?;
    let record = campaign::pilot::PilotRecord::of(&store, args.campaign)
        .map_err(said)?
        .ok_or_else(|| Failure::from("This campaign didn't start with a pilot.".to_string()))?;
    let Some(people) = args.confirm else {
        return Err(format!(
            "The rest is {} people. Run this again with --confirm {} to {}.",
            record.rest_count,
            record.rest_count,
            if release {
                "call them"
            } else {
                "end the campaign with its pilot (they won't be called)"
            }
        )
        .into());
    };
    let confirmation = campaign::actions::Confirmation {
        confirmed: true,
        recipients: people,
    };
    let now = campaign::app_now();
    if !release {
        campaign::pilot::stop_pilot(&store, args.campaign, &confirmation, now).map_err(said)?;
        println!("Stopped after the pilot: the rest won't be called.");
        return Ok(());
    }
    let key = remote::key_from_env()?;
    let client = remote::client(&args.conn, key)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("Could not start: {e}"))?;
    let released = runtime
        .block_on(Launcher::new(store.clone()).launch_rest(
            &client,
            args.campaign,
            &confirmation,
            now,
            |p| progress_line(false, &part_words(&p)),
        ))
        .map_err(said)?;
    let report = released.launch;
    println!(
        "The rest: {} of {} part(s) with Cartesia.",
        report.created, report.parts
    );
    if report.all_created() {
        Ok(())
    } else {
        Err(report.failures().join("\n").into())
    }
}

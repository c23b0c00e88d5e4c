//! "Duplicate": a campaign's recipients and setup become a new draft, to run it again or with
//! changes (`campaign::draft::duplicate` makes the copy; the wizard opens it at Setup).

use crate::commands::import::read;
use crate::error::IpcError;
use crate::state::AppState;

#[tauri::command]
pub(crate) async fn duplicate_campaign(
    id: String,
    state: tauri::State<'_, AppState>,
) -> Result<(), IpcError> {
    let campaign_id = campaign::draft::campaign_to_copy(&id)?;
    let runtime = state.runtime().await?;
    let country = state.settings.lock().await.default_country.clone();
    let copy = campaign::draft::duplicate(&runtime.store, campaign_id, &country)?;
    let import = read(copy.import, state.account_store()?).await?;
    state.save_import(import).await?;
    state.save_setup(&copy.setup)
}

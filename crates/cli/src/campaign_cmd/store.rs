//! Where the campaign is recorded: the app's campaign store, or --store.

use super::words::said;
use crate::out::Failure;
use campaign::Store;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The campaign store of the app's Cartesia account, in its data folder: the folder the app
/// of this build (release or development) keeps its data in.
pub fn app_store_path() -> Result<PathBuf, String> {
    let data = dirs::data_dir().ok_or(
        "This computer has no folder for app data. Say where to keep the campaign with --store.",
    )?;
    Ok(campaign::default_store_path(&data, cfg!(debug_assertions)))
}

pub(super) fn open_store(path: &Path) -> Result<Arc<Store>, Failure> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("Could not create the folder {}: {e}", dir.display()))?;
    }
    Ok(Arc::new(Store::open(path).map_err(said)?))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    #[test]
    fn the_default_store_is_the_app_accounts_in_its_data_folder() {
        let path = app_store_path().unwrap();
        let id = campaign::app_identifier(cfg!(debug_assertions));
        assert!(
            path.ends_with(Path::new(&id).join("campaigns.sqlite")),
            "{}",
            path.display()
        );
        assert!(path.starts_with(dirs::data_dir().unwrap()));
    }
}

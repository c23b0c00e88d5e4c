//! `batchline import` (placeholder until the recipients crate lands).
use clap::Args;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to read.
    pub file: std::path::PathBuf,
}

pub fn run(_args: ImportArgs) -> Result<(), String> {
    Err("import is not built yet".into())
}

//! Commands that talk to Cartesia (or the sandbox) (placeholder until the client lands).
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum RemoteCommand {
    /// List the agents of the account.
    Agents,
}

pub fn run(_cmd: RemoteCommand) -> Result<(), String> {
    Err("not built yet".into())
}

//! `batchline`: the command-line face of Batchline's core crates, for scripting and for tests.
//!
//! Each subcommand lives in its own module; this file only parses and dispatches. It is a
//! library as well as the `batchline` binary so that the app's tests can run
//! `batchline campaign launch` ([`campaign_cmd`]) in the same process as the app.

pub mod campaign_cmd;
mod import;
mod out;
mod plan_cmd;
mod remote;
mod sandbox_cmd;

pub use out::Failure;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "batchline",
    version,
    about = "Run outbound calling campaigns on Cartesia"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read a recipient list (CSV, TSV, XLSX, XLS, ODS) and report what can be called.
    Import(import::ImportArgs),
    /// Launch a whole campaign from a recipient list, as the app does.
    Campaign(campaign_cmd::CampaignArgs),
    /// Plan when each recipient of a list is called, inside calling hours in their local time.
    Plan(plan_cmd::PlanArgs),
    /// Serve the practice (sandbox) Cartesia-compatible API on loopback.
    Sandbox(sandbox_cmd::SandboxArgs),
    #[command(flatten)]
    Remote(remote::RemoteCommand),
}

/// Runs the command the process was started with.
pub fn main() -> ExitCode {
    // The core crates' warnings on standard error (BATCHLINE_LOG asks for more); standard
    // output stays the command's own.
    applog::install_stderr_quiet(std::env::var(applog::ENV_VAR).ok().as_deref());
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Import(args) => import::run(args),
        Command::Campaign(args) => campaign_cmd::run(args),
        Command::Plan(args) => plan_cmd::run(args),
        Command::Sandbox(args) => sandbox_cmd::run(args),
        Command::Remote(cmd) => remote::run(cmd),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader stopped reading (`batchline numbers list | head -1`): it has what it wanted.
        Err(Failure::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(failure) => {
            out::note(&failure.to_string());
            ExitCode::FAILURE
        }
    }
}

//! `batchline`: the command-line face of Batchline's core crates, for scripting and for tests.
//!
//! Each subcommand lives in its own module; this file only parses and dispatches.

mod import;
mod out;
mod remote;
mod sandbox_cmd;

use clap::{Parser, Subcommand};
use out::Failure;
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
    /// Serve the practice (sandbox) Cartesia-compatible API on loopback.
    Sandbox(sandbox_cmd::SandboxArgs),
    #[command(flatten)]
    Remote(remote::RemoteCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Import(args) => import::run(args),
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

//! `batchline sandbox` (placeholder until the sandbox crate lands).
use clap::Args;

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1.
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
}

pub fn run(_args: SandboxArgs) -> Result<(), String> {
    Err("sandbox is not built yet".into())
}

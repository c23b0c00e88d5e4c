//! `batchline`: see the library ([`batchline_cli`]) for the commands.

fn main() -> std::process::ExitCode {
    batchline_cli::main()
}

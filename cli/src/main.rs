//! `claimwatch`: the command line. `demo` runs the whole pipeline in one process on an embedded
//! broker; `tail` decodes events from a topic; `check-watch` validates a watch-topic file.

mod demo;
mod tail;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "claimwatch", version, about = "Event-sourced OSINT monitoring")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run fetcher, extractor and alerting over the sample corpus on an embedded broker, print
    /// every alert as a JSON line, then a summary on stderr.
    Demo(demo::DemoArgs),
    /// Decode claimwatch events from a topic and print them as JSON lines.
    Tail(tail::TailArgs),
    /// Validate a watch-topic file; report each problem as `file:line:column: message`.
    CheckWatch {
        /// The watch-topic file (TOML).
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Demo(a) => demo::main(a),
        Command::Tail(a) => tail::main(a),
        Command::CheckWatch { file } => check_watch(&file),
    }
}

fn check_watch(file: &std::path::Path) -> ExitCode {
    let source = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}: cannot read: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    match claimwatch_alerting::compile_watch_file(&source, &file.display().to_string()) {
        Ok(set) => {
            println!(
                "{}: ok, {} topic(s): {}",
                file.display(),
                set.topics().len(),
                set.topics()
                    .iter()
                    .map(|t| format!("{} v{}", t.id, t.version))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprintln!("{errors}");
            ExitCode::from(1)
        }
    }
}

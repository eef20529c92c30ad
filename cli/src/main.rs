//! `claimwatch`: the command line. `demo` runs the whole pipeline in one process on an embedded
//! broker; `tail` decodes events from a topic; `check-watch` validates a watch-topic file.

mod backfill;
mod demo;
mod entity;
mod produce;
mod replay;
mod tail;
mod try_topics;
mod watch;

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
    /// Rewind a stopped consumer group over a retained topic so it reprocesses history
    /// (e.g. re-extract raw articles with a new extractor version).
    Replay(replay::ReplayArgs),
    /// Manage watch topics in the compacted topic the alerting service follows.
    Watch(watch::WatchArgs),
    /// Manage users' entities in the compacted topic the extractor follows.
    Entity(entity::EntityArgs),
    /// Run one watch topic over the retained claims log and write the alerts it would have
    /// fired (marked as backfill) to stdout or the alerts topic.
    Backfill(backfill::BackfillArgs),
    /// Validate a watch-topic file; report each problem as `file:line:column: message`.
    CheckWatch {
        /// The watch-topic file (TOML).
        file: PathBuf,
        /// A dictionary file of the users' own entities (as for `claimwatch entity import`),
        /// layered on the shipped dictionary when resolving `entity:` and `in:` names.
        #[arg(long)]
        entities: Option<PathBuf>,
        /// Saved articles (HTML, or plain text: a title line, a blank line, paragraphs) to try
        /// the topics on, offline: prints which topics fire on each, on which terms and
        /// sentences, and where the article was placed.
        #[arg(long, num_args = 1..)]
        against: Vec<PathBuf>,
    },
    /// GET an http:// URL and exit 0 on a 2xx answer (container healthchecks without curl).
    Probe {
        /// e.g. http://127.0.0.1:9464/healthz
        url: String,
        /// Seconds before giving up.
        #[arg(long, default_value_t = 3)]
        timeout_secs: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Demo(a) => demo::main(a),
        Command::Tail(a) => tail::main(a),
        Command::Replay(a) => replay::main(a),
        Command::Watch(a) => watch::main(a),
        Command::Entity(a) => entity::main(a),
        Command::Backfill(a) => backfill::main(a),
        Command::CheckWatch {
            file,
            entities,
            against,
        } => check_watch(&file, entities.as_deref(), &against),
        Command::Probe { url, timeout_secs } => probe(&url, timeout_secs),
    }
}

/// The shipped dictionary with a user's entity file layered on it.
fn user_dictionary(
    file: &std::path::Path,
    source: &str,
) -> Result<claimwatch_extract::EntityDictionary, String> {
    let mut log = claimwatch_extract::EntityLog::new();
    for (id, doc) in entity::split_file(source).map_err(|e| format!("{}: {e}", file.display()))? {
        log.apply(&id, Some(&doc))
            .map_err(|e| format!("{}: {e}", file.display()))?;
    }
    log.dictionary()
        .map_err(|e| format!("{}: {e}", file.display()))
}

fn probe(url: &str, timeout_secs: u64) -> ExitCode {
    match probe_status(url, std::time::Duration::from_secs(timeout_secs)) {
        Ok(status) if (200..300).contains(&status) => ExitCode::SUCCESS,
        Ok(status) => {
            eprintln!("claimwatch probe: {url} answered {status}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("claimwatch probe: {url}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Minimal HTTP/1.0 GET: enough for a health endpoint, no TLS.
fn probe_status(url: &str, timeout: std::time::Duration) -> Result<u16, String> {
    use std::io::{Read, Write};
    use std::net::ToSocketAddrs;
    let rest = url
        .strip_prefix("http://")
        .ok_or("only http:// URLs are supported")?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let addr = authority
        .to_socket_addrs()
        .map_err(|e| e.to_string())?
        .next()
        .ok_or("host did not resolve")?;
    let mut s = std::net::TcpStream::connect_timeout(&addr, timeout).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    s.set_write_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: {authority}\r\n\r\n").map_err(|e| e.to_string())?;
    let mut head = [0u8; 64];
    let n = s.read(&mut head).map_err(|e| e.to_string())?;
    let line = String::from_utf8_lossy(&head[..n]);
    line.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("not an HTTP answer: {line:?}"))
}

fn check_watch(
    file: &std::path::Path,
    entities: Option<&std::path::Path>,
    against: &[PathBuf],
) -> ExitCode {
    let read = |f: &std::path::Path| {
        std::fs::read_to_string(f).map_err(|e| format!("{}: cannot read: {e}", f.display()))
    };
    let source = match read(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let dict = match entities.map(|f| read(f).and_then(|src| user_dictionary(f, &src))) {
        None => claimwatch_extract::EntityDictionary::shared().map_err(|e| e.to_string()),
        Some(d) => d.map(std::sync::Arc::new),
    };
    let dict = match dict {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match claimwatch_alerting::compile_watch_file_with(&source, &file.display().to_string(), &dict)
    {
        Ok(set) => {
            for w in claimwatch_alerting::topic_warnings(&set) {
                eprintln!("{}: {w}", file.display());
            }
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
            if against.is_empty() {
                return ExitCode::SUCCESS;
            }
            match try_topics::run(&set, dict, against) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(2)
                }
            }
        }
        Err(errors) => {
            eprintln!("{errors}");
            ExitCode::from(1)
        }
    }
}

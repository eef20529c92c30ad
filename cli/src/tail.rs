//! `claimwatch tail <topic>`: decode our Avro events to JSON lines.

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use claimwatch_kafka::reader::{read_topic, OwnedRecord, Start};
use claimwatch_kafka::KafkaSettings;
use claimwatch_model::{topics, Alert, ClaimEvent, RawArticle};
use claimwatch_schema::{Codec, CodecError, Registry};
use serde_json::{json, Value};

#[derive(Debug, clap::Args)]
pub struct TailArgs {
    /// Topic to read (any claimwatch topic, or a `.dlq` topic).
    topic: String,
    /// Kafka bootstrap servers.
    #[arg(
        long,
        env = "CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS",
        default_value = "127.0.0.1:9092"
    )]
    bootstrap_servers: String,
    /// Start at the oldest retained record instead of only new ones.
    #[arg(long)]
    from_beginning: bool,
    /// Stop after this many records.
    #[arg(long)]
    max: Option<u64>,
    /// Stop after this many seconds.
    #[arg(long)]
    timeout_secs: Option<u64>,
    /// With --from-beginning: stop at the end of the topic instead of following it.
    #[arg(long)]
    no_follow: bool,
    /// JSON lines for every topic (alerts are otherwise shown for people to read).
    #[arg(long)]
    json: bool,
    /// Schema registry (Confluent REST API; for Apicurio `.../apis/ccompat/v7`) to resolve
    /// the schema ids of Confluent-framed records. Single-object records need none.
    #[arg(long, env = "CLAIMWATCH_SCHEMA_REGISTRY_URL")]
    schema_registry_url: Option<String>,
}

fn date(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| ms.to_string())
}

/// An alert as a short block of text for a terminal.
pub fn human(a: &Alert) -> String {
    let label = match (a.kind.as_str(), a.backfill) {
        ("alert", false) => String::new(),
        (kind, false) => format!(" {kind}"),
        (kind, true) => format!(" {kind}, backfill"),
    };
    let mut out = format!(
        "[{}{label}] {} v{} · {}\n  {}\n  source {}{}\n  why: {}\n",
        a.severity,
        a.watch_topic_id,
        a.watch_topic_version,
        a.article_title.as_deref().unwrap_or("(untitled)"),
        a.article_url,
        a.source_id,
        a.published_at
            .map(|p| format!(", published {}", date(p)))
            .unwrap_or_default(),
        a.explanation,
    );
    for d in &a.digest {
        out.push_str(&format!(
            "  - {} · {} ({}, {} claim(s))\n",
            d.article_title.as_deref().unwrap_or("(untitled)"),
            d.article_url,
            d.source_id,
            d.claims
        ));
    }
    if a.digest_more > 0 {
        out.push_str(&format!("  … and {} more\n", a.digest_more));
    }
    for c in &a.matched_claims {
        let who = match (&c.speaker, &c.cue) {
            (Some(s), Some(cue)) => format!(" — {s} ({cue})"),
            (Some(s), None) => format!(" — {s}"),
            (None, Some(cue)) => format!(" ({cue})"),
            (None, None) => String::new(),
        };
        out.push_str(&format!(
            "  • \"{}\"{who}{}\n",
            c.text,
            if c.hedged { " [hedged]" } else { "" }
        ));
    }
    out
}

/// The codecs of our Avro topics, reading both framings (Confluent-framed records only with a
/// registry).
pub struct Decoders {
    raw: Codec<RawArticle>,
    claim: Codec<ClaimEvent>,
    alert: Codec<Alert>,
}

impl Decoders {
    pub fn new(registry: Option<Registry>) -> Result<Decoders, CodecError> {
        let mut d = Decoders {
            raw: Codec::new()?,
            claim: Codec::new()?,
            alert: Codec::new()?,
        };
        if let Some(r) = registry {
            d.raw = d.raw.with_registry(r.clone());
            d.claim = d.claim.with_registry(r.clone());
            d.alert = d.alert.with_registry(r);
        }
        Ok(d)
    }
}

/// Decode one record of `topic` as JSON; undecodable records are shown with their error.
pub fn decode(codecs: &Decoders, topic: &str, r: &OwnedRecord) -> Value {
    let payload = r.payload.as_deref().unwrap_or_default();
    let decoded: Result<Value, String> = if topic == topics::ARTICLES_RAW {
        codecs
            .raw
            .decode(payload)
            .map(|mut a| {
                let body = String::from_utf8_lossy(&a.body).into_owned();
                a.body.clear();
                let mut v = serde_json::to_value(&a).unwrap_or(Value::Null);
                v["body"] = Value::String(body);
                v
            })
            .map_err(|e| e.to_string())
    } else if topic == topics::CLAIMS {
        codecs
            .claim
            .decode(payload)
            .map(|c| serde_json::to_value(c).unwrap_or(Value::Null))
            .map_err(|e| e.to_string())
    } else if topic == topics::ALERTS {
        codecs
            .alert
            .decode(payload)
            .map(|a| serde_json::to_value(a).unwrap_or(Value::Null))
            .map_err(|e| e.to_string())
    } else if let Ok(s) = std::str::from_utf8(payload) {
        Ok(serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.to_string())))
    } else {
        Err(format!("{} bytes of binary data", payload.len()))
    };
    match decoded {
        Ok(v) if topic.ends_with(".dlq") || !r.headers.is_empty() => json!({
            "partition": r.partition, "offset": r.offset,
            "headers": r.headers.iter().map(|(k, v)| (k.clone(), Value::String(String::from_utf8_lossy(v).into_owned()))).collect::<serde_json::Map<_, _>>(),
            "value": v,
        }),
        Ok(v) => v,
        Err(e) => json!({
            "partition": r.partition, "offset": r.offset, "error": e,
            "headers": r.headers.iter().map(|(k, v)| (k.clone(), Value::String(String::from_utf8_lossy(v).into_owned()))).collect::<serde_json::Map<_, _>>(),
            "value_bytes": payload.len(),
        }),
    }
}

pub fn main(a: TailArgs) -> ExitCode {
    let registry = match Registry::from_setting(a.schema_registry_url.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("claimwatch tail: {e}");
            return ExitCode::FAILURE;
        }
    };
    let codecs = match Decoders::new(registry) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("claimwatch tail: {e}");
            return ExitCode::FAILURE;
        }
    };
    let kafka = KafkaSettings::from_env(&a.bootstrap_servers, Duration::from_secs(10));
    let deadline = a
        .timeout_secs
        .map(|s| Instant::now() + Duration::from_secs(s));
    let start = if a.from_beginning {
        Start::Beginning
    } else {
        Start::End
    };
    let follow = !(a.from_beginning && a.no_follow);
    let stdout = std::io::stdout();
    let mut seen = 0u64;
    let result = read_topic(&kafka, &a.topic, start, follow, deadline, |r| {
        let readable = (!a.json && a.topic == topics::ALERTS)
            .then(|| codecs.alert.decode(r.payload.as_deref()?).ok())
            .flatten();
        let line = match readable {
            Some(alert) => human(&alert),
            None => decode(&codecs, &a.topic, &r).to_string(),
        };
        let mut out = stdout.lock();
        if writeln!(out, "{}", line.trim_end()).is_err() {
            return false; // stdout closed (e.g. piped into head)
        }
        seen += 1;
        a.max.is_none_or(|m| seen < m)
    });
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("claimwatch tail: {e}");
            ExitCode::FAILURE
        }
    }
}

use super::*;
use apache_avro::schema_compatibility::SchemaCompatibility;
use apache_avro::types::Value;
use claimwatch_model::{AttributionLink, DateMention, EntityMention, MatchedClaim};

fn raw() -> RawArticle {
    RawArticle {
        article_id: "a1".into(),
        url: "file:///tmp/x.html".into(),
        canonical_url: "file:///tmp/x.html".into(),
        source_id: "local".into(),
        fetched_at: 1_760_000_000_123,
        http_status: None,
        content_type: Some("text/html".into()),
        declared_charset: None,
        language_hint: Some("en".into()),
        body: vec![0, 159, 146, 150, b'<', b'p'],
        content_hash: "ff".into(),
    }
}

fn claim() -> ClaimEvent {
    ClaimEvent {
        claim_id: "c1".into(),
        article_id: "a1".into(),
        article_url: "https://example.org/a".into(),
        article_title: None,
        source_id: "s".into(),
        text: "КНДР направит рабочих, сообщил представитель.".into(),
        sentence_index: 3,
        start: 10,
        end: 90,
        speaker: Some("представитель".into()),
        cue: Some("сообщил".into()),
        entities: vec![EntityMention {
            id: "north-korea".into(),
            surface: "КНДР".into(),
            start: 0,
            end: 8,
        }],
        hedged: true,
        hedge_cue: Some("likely".into()),
        published_at: Some(1_760_000_000_000),
        fetched_at: 1_760_000_000_500,
        language: Some("ru".into()),
        extractor_version: "x/0.1".into(),
        dictionary_version: "2026.11".into(),
        claim_index: 0,
        claims_in_article: 1,
        attribution_chain: vec![AttributionLink {
            speaker: Some("представитель".into()),
            cue: Some("сообщил".into()),
            speaker_entity_id: None,
            speaker_as_written: None,
            origin: "sentence".into(),
        }],
        dates: vec![DateMention {
            text: "7 июня".into(),
            start: 0,
            end: 11,
            value: Some("2025-06-07".into()),
            precision: "day".into(),
            year_inferred: true,
        }],
        date_reference: Some("fetched".into()),
        story_signature: vec![7, -3, 1_000_000],
    }
}

fn alert() -> Alert {
    Alert {
        alert_id: "al".into(),
        watch_topic_id: "dprk-workers-russia".into(),
        watch_topic_version: 2,
        severity: "high".into(),
        article_id: "a1".into(),
        article_url: "https://example.org/a".into(),
        article_title: Some("t".into()),
        source_id: "s".into(),
        published_at: None,
        matched_claims: vec![MatchedClaim {
            claim_id: "c1".into(),
            text: "x".into(),
            speaker: None,
            cue: Some("said".into()),
            hedged: false,
        }],
        matched_terms: vec!["entity:north-korea".into(), "worker*".into()],
        explanation: "why".into(),
        fired_at: 5,
        fetched_at: 4,
        highlights: vec![claimwatch_model::Highlight {
            claim_id: "c1".into(),
            term: "worker*".into(),
            start: 3,
            end: 10,
        }],
        kind: "update".into(),
        story_id: Some("a0".into()),
        backfill: true,
        digest: vec![claimwatch_model::DigestEntry {
            alert_id: "x".into(),
            kind: "alert".into(),
            story_id: "a0".into(),
            article_id: "a0".into(),
            article_url: "https://example.org/0".into(),
            article_title: None,
            source_id: "s".into(),
            published_at: Some(3),
            claims: 2,
        }],
        digest_more: 4,
    }
}

#[test]
fn raw_article_round_trips() {
    let c = Codec::<RawArticle>::new().unwrap();
    let bytes = c.encode(&raw()).unwrap();
    assert_eq!(&bytes[..2], &SINGLE_OBJECT_MAGIC);
    assert_eq!(c.decode(&bytes).unwrap(), raw());
}

#[test]
fn claim_event_round_trips() {
    let c = Codec::<ClaimEvent>::new().unwrap();
    let bytes = c.encode(&claim()).unwrap();
    assert_eq!(c.decode(&bytes).unwrap(), claim());
}

#[test]
fn article_event_round_trips_and_matches_its_claims() {
    let c = claim();
    let mut articles = ArticleEvent::from_claims(&[c.clone(), c.clone()]);
    assert_eq!(articles.len(), 1);
    let mut a = articles.pop().unwrap();
    a.statements[0].countries = vec!["russia".into()];
    a.byline = Some("A. Writer".into());
    a.statements_dropped = 3;
    let codec: Codec<ArticleEvent> = Codec::new().unwrap();
    let bytes = codec.encode(&a).unwrap();
    assert_eq!(codec.decode(&bytes).unwrap(), a);
    // The statements read back as the claim events they came from.
    let back: Vec<ClaimEvent> = a.claim_events().collect();
    assert_eq!(back[0].claim_id, c.claim_id);
    assert_eq!(back[0].text, c.text);
    assert_eq!(back[1].claim_index, 1);
    assert_eq!(back[1].claims_in_article, 2);
}

/// An array of more than 1,024 items: the serializer writes it in blocks, the `Value` path in
/// one; both decode to the same alert (a fuzzer's input once failed the debug check here).
#[test]
fn an_alert_with_a_long_array_encodes_in_blocks_and_round_trips() {
    let c = Codec::<Alert>::new().unwrap();
    let a = Alert {
        matched_terms: (0..2_500).map(|i| format!("term{i}")).collect(),
        ..alert()
    };
    let bytes = c.encode(&a).unwrap();
    assert_eq!(c.decode(&bytes).unwrap(), a);
}

#[test]
fn alert_round_trips() {
    let c = Codec::<Alert>::new().unwrap();
    let bytes = c.encode(&alert()).unwrap();
    assert_eq!(c.decode(&bytes).unwrap(), alert());
}

#[test]
fn fingerprints_match_the_specification_and_other_implementations() {
    // fingerprint64 of `"int"` as given in the specification, and of `"string"` as fastavro computes it.
    use crate::canonical::{fingerprint64, parsing_canonical_form};
    assert_eq!(fingerprint64(b"\"int\""), 0x7275_d51a_3f39_5c8f);
    assert_eq!(fingerprint64(b"\"string\""), 0x8f01_4872_6345_03c7);
    assert_eq!(
        parsing_canonical_form(r#"{"type":"long","logicalType":"timestamp-millis"}"#).unwrap(),
        "\"long\""
    );
    assert_eq!(
        parsing_canonical_form(r#"{"type":"record","name":"R","namespace":"a.b","doc":"x","fields":[{"name":"f","type":{"type":"fixed","name":"F","size":2},"default":"x"},{"name":"g","type":"F"}]}"#).unwrap(),
        r#"{"name":"a.b.R","type":"record","fields":[{"name":"f","type":{"name":"a.b.F","type":"fixed","size":2}},{"name":"g","type":"a.b.F"}]}"#
    );
    // Cross-checked with Python fastavro 1.13 (`fastavro.schema.fingerprint(to_parsing_canonical_form(s),
    // "CRC-64-AVRO")`, which prints the little-endian bytes) on schemas/claim_event.avsc.
    let c = Codec::<ClaimEvent>::new().unwrap();
    assert_eq!(hex_le(c.schema().fingerprint), CLAIM_EVENT_V3_FP);
    assert_eq!(hex_le(c.history()[1].fingerprint), "3b6c2ed68cfd57d8");
    assert_eq!(hex_le(c.history()[0].fingerprint), "9f75dd6550b9bac7");
    let bytes = c.encode(&claim()).unwrap();
    assert_eq!(&bytes[2..10], &c.schema().fingerprint.to_le_bytes());
}

fn hex_le(fp: u64) -> String {
    fp.to_le_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn decoding_rejects_garbage_without_panicking() {
    let c = Codec::<RawArticle>::new().unwrap();
    assert!(matches!(c.decode(&[]), Err(CodecError::Truncated(0))));
    assert!(matches!(
        c.decode(b"hello"),
        Err(CodecError::UnknownFraming(_))
    ));
    assert!(matches!(
        c.decode(&[0xC3, 0x01, 1, 2]),
        Err(CodecError::Truncated(4))
    ));
    // Right framing, wrong schema.
    let claim_bytes = Codec::<ClaimEvent>::new()
        .unwrap()
        .encode(&claim())
        .unwrap();
    assert!(matches!(
        c.decode(&claim_bytes),
        Err(CodecError::FingerprintMismatch { .. })
    ));
    // Right header, corrupted body: deterministic pseudo-random bytes.
    let good = c.encode(&raw()).unwrap();
    let mut state = 0x1234_5678_u32;
    for _ in 0..200 {
        let mut bad = good[..10].to_vec();
        for _ in 0..(state % 64) {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            bad.push(state as u8);
        }
        let _ = c.decode(&bad); // must return, Ok or Err, never panic
    }
    let mut truncated = good.clone();
    truncated.truncate(good.len() - 3);
    assert!(c.decode(&truncated).is_err());
}

/// fastavro 1.13's fingerprint of schemas/claim_event.avsc (v3), little-endian hex.
const CLAIM_EVENT_V3_FP: &str = "aa0334bc7a50cd85";

/// The v1 record of [`claim`]: the v2 fields dropped, encoded with the v1 schema and framed
/// with the v1 fingerprint, as a v1 extractor wrote it.
fn v1_message(v1: &EventSchema) -> Vec<u8> {
    old_message(claim(), v1)
}

/// `event` as a writer with the older schema `old` produced it: fields the old schema lacks
/// are dropped, and the message carries the old fingerprint.
fn old_message<T: serde::Serialize>(event: T, v1: &EventSchema) -> Vec<u8> {
    let Value::Record(fields) = apache_avro::to_value(event).unwrap() else {
        panic!("a record");
    };
    let v1_names: Vec<&str> = match &v1.schema {
        apache_avro::Schema::Record(r) => r.fields.iter().map(|f| f.name.as_str()).collect(),
        _ => panic!("a record schema"),
    };
    let kept: Vec<(String, Value)> = fields
        .into_iter()
        .filter(|(name, _)| v1_names.contains(&name.as_str()))
        .collect();
    assert_eq!(kept.len(), v1_names.len());
    let value = Value::Record(kept).resolve(&v1.schema).unwrap();
    let mut out = SINGLE_OBJECT_MAGIC.to_vec();
    out.extend_from_slice(&v1.fingerprint.to_le_bytes());
    out.extend(apache_avro::to_avro_datum(&v1.schema, value).unwrap());
    out
}

#[test]
fn current_claim_schema_reads_every_historical_one() {
    let c = Codec::<ClaimEvent>::new().unwrap();
    assert!(!c.history().is_empty());
    for old in c.history() {
        assert_ne!(old.fingerprint, c.schema().fingerprint);
        SchemaCompatibility::can_read(&old.schema, &c.schema().schema)
            .unwrap_or_else(|e| panic!("current schema cannot read {}: {e}", old.name));
    }
}

#[test]
fn v1_claim_message_decodes_with_the_current_codec() {
    let c = Codec::<ClaimEvent>::new().unwrap();
    let bytes = v1_message(&c.history()[0]);
    let decoded = c.decode(&bytes).unwrap();
    let expected = ClaimEvent {
        attribution_chain: Vec::new(),
        dates: Vec::new(),
        date_reference: None,
        story_signature: Vec::new(),
        ..claim()
    };
    assert_eq!(decoded, expected);
    // A corrupt v1 body still fails cleanly.
    assert!(c.decode(&bytes[..bytes.len() - 2]).is_err());
    // An unknown fingerprint is still refused.
    let mut unknown = bytes.clone();
    unknown[2] ^= 0xFF;
    assert!(matches!(
        c.decode(&unknown),
        Err(CodecError::FingerprintMismatch { .. })
    ));
}

#[test]
fn history_files_are_frozen() {
    // A historical schema must never change: its fingerprint is what old messages carry.
    let c = Codec::<ClaimEvent>::new().unwrap();
    let v1 = &c.history()[0];
    assert_eq!(
        v1.fingerprint.to_le_bytes(),
        [0x9f, 0x75, 0xdd, 0x65, 0x50, 0xb9, 0xba, 0xc7]
    );
}

#[test]
fn v1_alert_message_decodes_with_the_current_codec() {
    let c = Codec::<Alert>::new().unwrap();
    let v1 = &c.history()[0];
    SchemaCompatibility::can_read(&v1.schema, &c.schema().schema).unwrap();
    // Frozen: alerts written before highlights carry this fingerprint (as fastavro 1.13
    // computes it for schemas/history/alert.v1.avsc); the current one is fastavro's too.
    assert_eq!(hex_le(v1.fingerprint), "21179ce204c1110d");
    assert_eq!(hex_le(c.schema().fingerprint), "85724b03f22422fc");
    let decoded = c.decode(&old_message(alert(), v1)).unwrap();
    assert_eq!(
        decoded,
        Alert {
            highlights: Vec::new(),
            ..v2_defaults(alert())
        }
    );
}

/// What a v2 reader fills in for the fields v3 added.
fn v2_defaults(a: Alert) -> Alert {
    Alert {
        kind: "alert".into(),
        story_id: None,
        backfill: false,
        digest: Vec::new(),
        digest_more: 0,
        ..a
    }
}

#[test]
fn v2_messages_decode_with_the_current_codecs() {
    let c = Codec::<Alert>::new().unwrap();
    let v2 = &c.history()[1];
    // Frozen: the v2 alert schema as fastavro 1.13 fingerprints schemas/history/alert.v2.avsc.
    assert_eq!(hex_le(v2.fingerprint), "7e1e9dabeacc9aac");
    SchemaCompatibility::can_read(&v2.schema, &c.schema().schema).unwrap();
    assert_eq!(
        c.decode(&old_message(alert(), v2)).unwrap(),
        v2_defaults(alert())
    );

    let c = Codec::<ClaimEvent>::new().unwrap();
    let v2 = &c.history()[1];
    let decoded = c.decode(&old_message(claim(), v2)).unwrap();
    assert_eq!(
        decoded,
        ClaimEvent {
            story_signature: Vec::new(),
            ..claim()
        }
    );
}

// ------------------------------------------------------------ schema registry (Confluent)

use std::time::Duration;

const PATIENCE: Duration = Duration::from_secs(1);

#[test]
fn confluent_framing_round_trips_through_a_registry() {
    let reg = Registry::new(MemoryRegistry::new());
    let producer = Codec::<Alert>::new()
        .unwrap()
        .registered_for(&reg, "claimwatch.alerts.v1", PATIENCE)
        .unwrap();
    let Framing::Confluent { schema_id } = *producer.framing() else {
        panic!("registered codec uses the Confluent framing");
    };
    let bytes = producer.encode(&alert()).unwrap();
    assert_eq!(bytes[0], 0, "magic byte");
    assert_eq!(bytes[1..5], schema_id.to_be_bytes());
    assert_eq!(bytes[5..], producer.encode_datum(&alert()).unwrap()[..]);
    assert_eq!(producer.decode(&bytes).unwrap(), alert());
}

#[test]
fn consumers_resolve_ids_once_and_still_read_single_object_messages() {
    let mem = std::sync::Arc::new(MemoryRegistry::new());
    let reg = Registry::new(SharedMemory(mem.clone()));
    let producer = Codec::<ClaimEvent>::new()
        .unwrap()
        .registered_for(&reg, "claimwatch.claims.v1", PATIENCE)
        .unwrap();
    assert_eq!(mem.versions("claimwatch.claims.v1-value"), vec![1]);
    let bytes = producer.encode(&claim()).unwrap();
    // A consumer in another process: same registry, its own cache.
    let consumer_reg = Registry::new(SharedMemory(mem.clone()));
    let consumer = Codec::<ClaimEvent>::new()
        .unwrap()
        .with_registry(consumer_reg);
    for _ in 0..3 {
        assert_eq!(consumer.decode(&bytes).unwrap(), claim());
    }
    assert_eq!(mem.lookups(), 1, "the id is looked up once, then cached");
    // Clones share the cache.
    assert_eq!(consumer.clone().decode(&bytes).unwrap(), claim());
    assert_eq!(mem.lookups(), 1);
    // Single-object messages need no registry and still decode.
    let single = Codec::<ClaimEvent>::new()
        .unwrap()
        .encode(&claim())
        .unwrap();
    assert_eq!(consumer.decode(&single).unwrap(), claim());
    assert_eq!(mem.lookups(), 1);
}

/// A [`MemoryRegistry`] shared between several [`Registry`] handles (separate caches).
#[derive(Debug)]
struct SharedMemory(std::sync::Arc<MemoryRegistry>);

impl SchemaRegistry for SharedMemory {
    fn register(&self, subject: &str, schema: &str) -> Result<SchemaId, RegistryError> {
        self.0.register(subject, schema)
    }
    fn schema_by_id(&self, id: SchemaId) -> Result<String, RegistryError> {
        self.0.schema_by_id(id)
    }
}

#[test]
fn an_id_naming_a_historical_schema_is_resolved_into_the_current_one() {
    let mem = std::sync::Arc::new(MemoryRegistry::new());
    let c = Codec::<Alert>::new().unwrap();
    let v1 = &c.history()[0];
    let id = mem
        .register("claimwatch.alerts.v1-value", sources::history::ALERT_V1)
        .unwrap();
    // The v1 datum, framed with the v1 schema's registry id.
    let single = old_message(alert(), v1);
    let mut bytes = vec![0];
    bytes.extend_from_slice(&id.to_be_bytes());
    bytes.extend_from_slice(&single[10..]);
    let consumer = c.with_registry(Registry::new(SharedMemory(mem)));
    assert_eq!(
        consumer.decode(&bytes).unwrap(),
        Alert {
            highlights: Vec::new(),
            ..v2_defaults(alert())
        }
    );
}

#[test]
fn unresolvable_confluent_messages_fail_with_clear_errors() {
    let mem = std::sync::Arc::new(MemoryRegistry::new());
    let reg = Registry::new(SharedMemory(mem.clone()));
    let claims = Codec::<ClaimEvent>::new()
        .unwrap()
        .registered_for(&reg, "claimwatch.claims.v1", PATIENCE)
        .unwrap();
    let claim_bytes = claims.encode(&claim()).unwrap();
    let alerts = Codec::<Alert>::new().unwrap();

    // No registry configured.
    let e = alerts.decode(&claim_bytes).unwrap_err();
    assert!(matches!(e, CodecError::NoRegistry(1)), "{e}");
    assert_eq!(e.kind(), "no_registry");

    let alerts = alerts.with_registry(Registry::new(SharedMemory(mem)));
    // Truncated header.
    assert!(matches!(
        alerts.decode(&[0, 0, 0, 1]),
        Err(CodecError::Truncated(4))
    ));
    // An id the registry never gave out.
    let e = alerts.decode(&[0, 0, 0, 0, 42, 2, 3]).unwrap_err();
    assert!(
        matches!(e, CodecError::Registry(RegistryError::UnknownId(42))),
        "{e}"
    );
    assert_eq!(e.kind(), "unknown_schema_id");
    // A known id naming another event's schema.
    let e = alerts.decode(&claim_bytes).unwrap_err();
    assert!(matches!(e, CodecError::FingerprintMismatch { .. }), "{e}");
    // Right id, corrupted body: errors, never panics.
    for cut in [1, 5, 9] {
        let _ = claims.decode(&claim_bytes[..claim_bytes.len() - cut]);
    }
    let mut trailing = claim_bytes.clone();
    trailing.push(0);
    assert!(matches!(
        claims.decode(&trailing),
        Err(CodecError::TrailingBytes(1))
    ));
}

/// A registry that answers every lookup with something that is not an Avro schema, or
/// cannot be reached at all.
#[derive(Debug)]
enum Broken {
    Garbage,
    Down,
}

impl SchemaRegistry for Broken {
    fn register(&self, _: &str, _: &str) -> Result<SchemaId, RegistryError> {
        Err(self.error())
    }
    fn schema_by_id(&self, _: SchemaId) -> Result<String, RegistryError> {
        match self {
            Broken::Garbage => Ok("{\"type\": \"recrod\"".into()),
            Broken::Down => Err(self.error()),
        }
    }
}

impl Broken {
    fn error(&self) -> RegistryError {
        RegistryError::Unreachable {
            what: "test".into(),
            message: "connection refused".into(),
        }
    }
}

#[test]
fn broken_registries_give_errors_and_bounded_waits() {
    let frame = [0, 0, 0, 0, 7, 1, 2, 3];
    let garbage = Codec::<Alert>::new()
        .unwrap()
        .with_registry(Registry::new(Broken::Garbage));
    assert_eq!(
        garbage.decode(&frame).unwrap_err().kind(),
        "registry_bad_response"
    );
    let down = Codec::<Alert>::new()
        .unwrap()
        .with_registry(Registry::new(Broken::Down));
    assert_eq!(
        down.decode(&frame).unwrap_err().kind(),
        "registry_unreachable"
    );
    let started = std::time::Instant::now();
    let e = Codec::<Alert>::new()
        .unwrap()
        .registered_for(
            &Registry::new(Broken::Down),
            "t",
            Duration::from_millis(700),
        )
        .unwrap_err();
    assert_eq!(e.kind(), "registry_unreachable");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(200) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
}

// ------------------------------------------------------------ the HTTP client

/// A one-thread HTTP server answering each request with the next canned response; returns
/// its base URL and a handle yielding the request lines it saw.
fn canned_server(
    responses: Vec<(u16, &'static str)>,
) -> (String, std::thread::JoinHandle<Vec<String>>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for (status, body) in responses {
            let (stream, _) = listener.accept().unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            seen.push(line.trim_end().to_string());
            let mut length = 0usize;
            loop {
                let mut h = String::new();
                reader.read_line(&mut h).unwrap();
                if h.trim_end().is_empty() {
                    break;
                }
                if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
            }
            let mut req_body = vec![0; length];
            reader.read_exact(&mut req_body).unwrap();
            if !req_body.is_empty() {
                seen.push(String::from_utf8(req_body).unwrap());
            }
            let mut stream = reader.into_inner();
            write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
        }
        seen
    });
    (url, handle)
}

#[test]
fn http_registry_speaks_the_confluent_api() {
    let schema = serde_json::to_string(sources::ALERT).unwrap();
    let schema_answer: &'static str =
        Box::leak(format!("{{\"schema\":{schema}}}").into_boxed_str());
    let (url, server) = canned_server(vec![
        (200, "{\"id\":7}"),
        (200, schema_answer),
        (
            404,
            "{\"error_code\":40403,\"message\":\"Schema 8 not found\"}",
        ),
        (500, "{\"error_code\":50001,\"message\":\"boom\"}"),
        (500, "{\"error_code\":50001,\"message\":\"boom\"}"),
        (500, "{\"error_code\":50001,\"message\":\"boom\"}"),
        (200, "{\"schema\":\"not avro\"}"),
        (409, "{\"error_code\":409,\"message\":\"incompatible\"}"),
        (200, "<html>"),
    ]);
    let http = registry::HttpRegistry::new(&format!("{url}/apis/ccompat/v7/")).unwrap();
    assert_eq!(http.register("a.b-value", sources::ALERT).unwrap(), 7);
    assert_eq!(http.schema_by_id(7).unwrap(), sources::ALERT);
    assert!(matches!(
        http.schema_by_id(8),
        Err(RegistryError::UnknownId(8))
    ));
    // 5xx is retried, then reported.
    let e = http.schema_by_id(9).unwrap_err();
    assert!(
        matches!(e, RegistryError::Status { status: 500, ref message, .. } if message == "boom"),
        "{e}"
    );
    // Through a Registry: a non-Avro answer is a bad response.
    let reg = Registry::new(http);
    assert_eq!(
        reg.writer_fingerprint(10).unwrap_err().kind(),
        "registry_bad_response"
    );
    let e = reg.register("x-value", "{}").unwrap_err();
    assert_eq!(e.kind(), "registry_refused");
    assert!(e.to_string().contains("incompatible"), "{e}");
    assert_eq!(
        reg.register("x-value", "{}").unwrap_err().kind(),
        "registry_bad_response"
    );
    let seen = server.join().unwrap();
    assert_eq!(
        seen[0],
        "POST /apis/ccompat/v7/subjects/a.b-value/versions HTTP/1.1"
    );
    let posted: serde_json::Value = serde_json::from_str(&seen[1]).unwrap();
    assert_eq!(posted["schema"], sources::ALERT);
    assert_eq!(seen[2], "GET /apis/ccompat/v7/schemas/ids/7 HTTP/1.1");
    assert_eq!(
        seen.iter()
            .filter(|l| l.contains("/schemas/ids/9 "))
            .count(),
        3,
        "three tries on 5xx"
    );
}

#[test]
fn http_registry_rejects_bad_urls_and_reports_unreachable_hosts() {
    for bad in ["", "localhost:8081", "ftp://x", "http://", "http://h/p?q=1"] {
        assert_eq!(
            registry::HttpRegistry::new(bad).unwrap_err().kind(),
            "registry_config",
            "{bad}"
        );
    }
    // A port nobody listens on (bound, then released).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let http = registry::HttpRegistry::new(&format!("http://127.0.0.1:{port}")).unwrap();
    let started = std::time::Instant::now();
    let e = http.schema_by_id(1).unwrap_err();
    assert_eq!(e.kind(), "registry_unreachable", "{e}");
    assert!(started.elapsed() < registry::HttpRegistry::MAX_CALL);
}

/// The direct serializer writes fields in the order the Rust type serializes them, the
/// `Value` path matches them to the schema by name: equal bytes mean the model's field order
/// is the schema's, for every event type, filled in and empty.
#[test]
fn direct_encoding_equals_the_value_encoding_for_every_event() {
    fn same<T: Event>(event: &T) {
        let c = Codec::<T>::new().unwrap();
        let direct = c.encode_datum(event).unwrap();
        assert_eq!(direct, c.encode_datum_via_value(event).unwrap());
        assert!(!direct.is_empty());
    }
    let mut bare_raw = raw();
    bare_raw.content_type = None;
    bare_raw.language_hint = None;
    bare_raw.http_status = Some(200);
    bare_raw.body.clear();
    same(&raw());
    same(&bare_raw);

    let mut bare_claim = claim();
    bare_claim.speaker = None;
    bare_claim.cue = None;
    bare_claim.entities.clear();
    bare_claim.attribution_chain.clear();
    bare_claim.dates.clear();
    bare_claim.story_signature.clear();
    bare_claim.published_at = None;
    same(&claim());
    same(&bare_claim);

    let mut article = ArticleEvent::from_claims(&[claim(), bare_claim.clone()])
        .pop()
        .unwrap();
    article.byline = Some("A. Writer".into());
    article.statements[0].countries = vec!["russia".into()];
    article.statements_dropped = 2;
    same(&article);
    let mut bare_article = article.clone();
    bare_article.statements.clear();
    bare_article.byline = None;
    same(&bare_article);

    let mut bare_alert = alert();
    bare_alert.article_title = None;
    bare_alert.story_id = None;
    bare_alert.digest.clear();
    bare_alert.highlights.clear();
    bare_alert.matched_claims.clear();
    same(&alert());
    same(&bare_alert);
}

/// A small deterministic generator of varied events for the hand-written encoders: strings of
/// several scripts and lengths (empty, and longer than one varint byte), integers at their
/// limits, every option empty and filled, arrays of 0 to 3 items.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.next() as usize % xs.len()].clone()
    }
    fn text(&mut self) -> String {
        let piece = self.pick(&["", "a", "Сибирь", "북한", "نقل", "x\u{301}", "\"q\"\n"]);
        piece.repeat(self.next() as usize % 40)
    }
    fn opt(&mut self) -> Option<String> {
        self.next().is_multiple_of(2).then(|| self.text())
    }
    fn int(&mut self) -> i32 {
        self.pick(&[0, 1, -1, 63, 64, -65, 300, i32::MAX, i32::MIN])
    }
    fn long(&mut self) -> i64 {
        self.pick(&[0, -1, 1_760_000_000_123, i64::MAX, i64::MIN])
    }
    fn n(&mut self) -> usize {
        self.next() as usize % 4
    }
    fn statement(&mut self) -> claimwatch_model::Statement {
        claimwatch_model::Statement {
            statement_id: self.text(),
            text: self.text(),
            sentence_index: self.int(),
            paragraph: self.int(),
            start: self.int(),
            end: self.int(),
            speaker: self.opt(),
            cue: self.opt(),
            entities: (0..self.n())
                .map(|_| EntityMention {
                    id: self.text(),
                    surface: self.text(),
                    start: self.int(),
                    end: self.int(),
                })
                .collect(),
            countries: (0..self.n()).map(|_| self.text()).collect(),
            hedged: self.next().is_multiple_of(2),
            hedge_cue: self.opt(),
            attribution_chain: (0..self.n())
                .map(|_| AttributionLink {
                    speaker: self.opt(),
                    cue: self.opt(),
                    speaker_entity_id: self.opt(),
                    speaker_as_written: self.opt(),
                    origin: self.text(),
                })
                .collect(),
            dates: (0..self.n())
                .map(|_| DateMention {
                    text: self.text(),
                    start: self.int(),
                    end: self.int(),
                    value: self.opt(),
                    precision: self.text(),
                    year_inferred: self.next().is_multiple_of(2),
                })
                .collect(),
        }
    }
    fn article(&mut self) -> ArticleEvent {
        ArticleEvent {
            article_id: self.text(),
            article_url: self.text(),
            article_title: self.opt(),
            source_id: self.text(),
            byline: self.opt(),
            published_at: self.next().is_multiple_of(2).then(|| self.long()),
            fetched_at: self.long(),
            language: self.opt(),
            extractor_version: self.text(),
            dictionary_version: self.text(),
            date_reference: self.opt(),
            story_signature: (0..self.n() * 20).map(|_| self.int()).collect(),
            statements: (0..self.n()).map(|_| self.statement()).collect(),
            statements_dropped: self.int(),
            raw_timestamp: self.next().is_multiple_of(2).then(|| self.long()),
        }
    }
}

/// The hand-written encoders (`direct.rs`) write the reference encoding's bytes, and decode
/// back to the same events: for articles, and for the claim events written from an article's
/// parts, over 2,000 generated articles.
#[test]
fn hand_written_encoders_equal_the_reference_encoding() {
    let articles = Codec::<ArticleEvent>::new().unwrap();
    let claims = Codec::<ClaimEvent>::new().unwrap();
    let mut g = Gen(7);
    let mut claims_seen = 0;
    for _ in 0..2_000 {
        let a = g.article();
        assert_eq!(
            articles.encode_datum(&a).unwrap(),
            articles.encode_datum_via_value(&a).unwrap(),
            "{a:?}"
        );
        assert_eq!(articles.decode(&articles.encode(&a).unwrap()).unwrap(), a);
        let n = a.statements.len() as i32;
        for (i, (s, built)) in a.statements.iter().zip(a.claim_events()).enumerate() {
            let framed = claims.encode_claim_of(&a, s, i as i32, n).unwrap();
            assert_eq!(framed, claims.encode(&built).unwrap(), "{built:?}");
            assert_eq!(claims.decode(&framed).unwrap(), built);
            claims_seen += 1;
        }
    }
    assert!(claims_seen > 1_000, "{claims_seen} claims generated");
}

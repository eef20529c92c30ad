//! An article whose claims cannot be produced (here: about 120 KB of attributed sentences, with the
//! largest record set to 64 KiB, the smallest the setting allows) does not loop the extractor: after a bounded number of
//! attempts it is dead-lettered with the reason, and every other article of its batch comes
//! out exactly once.

use std::collections::HashMap;
use std::time::Duration;

use claimwatch_kafka::rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use claimwatch_model::{ids, topics, ClaimEvent, RawArticle};
use claimwatch_schema::Codec;

use crate::harness::*;

const OTHERS: usize = 23;

fn raw(url: &str, body: String) -> RawArticle {
    RawArticle {
        article_id: ids::article_id(url),
        url: url.into(),
        canonical_url: url.into(),
        source_id: "it-oversized".into(),
        fetched_at: 1_760_000_000_000,
        http_status: Some(200),
        content_type: Some("text/html".into()),
        declared_charset: Some("utf-8".into()),
        language_hint: Some("en".into()),
        content_hash: ids::sha256_hex(body.as_bytes()),
        body: body.into_bytes(),
    }
}

#[test]
fn an_article_whose_claims_are_too_large_is_dead_lettered_and_its_batch_goes_on() {
    ensure_topics();
    let work = temp_dir("oversized");
    let tag = work.file_name().unwrap().to_string_lossy().to_string();
    let codec = Codec::<RawArticle>::new().unwrap();

    // Forty attributed sentences of about 3 KB each (each under the per-statement text cap of
    // `claimwatch_model::bounds`, so none is cut, together about 120 KB), then 23 ordinary
    // articles, in one batch.
    let mut sentence = String::new();
    for s in 0..40 {
        sentence.push_str(&format!(
            "A North Korean minister said in statement {s} that "
        ));
        let mut i = 0;
        while i < 60 {
            sentence.push_str(&format!("crate {s}-{i} of grain reached the depot and "));
            i += 1;
        }
        sentence.push_str("the trucks were counted. ");
    }
    let big = raw(
        &format!("http://it.example/oversized/{tag}/big"),
        format!("<html><head><title>Depot</title></head><body><article><p>{sentence}</p></article></body></html>"),
    );
    let others: Vec<RawArticle> = (0..OTHERS)
        .map(|n| {
            raw(
                &format!("http://it.example/oversized/{tag}/{n}"),
                format!(
                    "<html><head><title>Port {n}</title></head><body><article><p>North Korea sent \
                     {} workers to a Russian port in week {n}, a regional official said.</p>\
                     </article></body></html>",
                    100 + n
                ),
            )
        })
        .collect();
    let producer: BaseProducer = kafka()
        .config_with(&[("linger.ms", "50")])
        .create()
        .expect("producer");
    for a in std::iter::once(&big).chain(others.iter()) {
        let payload = codec.encode(a).unwrap();
        producer
            .send(
                BaseRecord::to(topics::ARTICLES_RAW)
                    .key(&a.article_id)
                    .payload(&payload)
                    .partition(0),
            )
            .map_err(|(e, _)| e)
            .expect("send");
    }
    producer.flush(Duration::from_secs(30)).expect("flush");

    let mut extractor = Service::start(
        "claimwatch-extractor",
        &[],
        &[
            (
                "CLAIMWATCH_EXTRACTOR_TRANSACTIONAL_ID",
                "it-oversized-extractor".into(),
            ),
            ("CLAIMWATCH_EXTRACTOR_BATCH_MAX", "50".into()),
            // The oversized events are the claims.v1 ones (off by default).
            ("CLAIMWATCH_EXTRACTOR_LEGACY_CLAIMS", "true".into()),
            ("CLAIMWATCH_MAX_MESSAGE_BYTES", (64 * 1024).to_string()),
        ],
        &work,
    );
    let dlq = topics::dlq(topics::ARTICLES_RAW);
    let claim_codec = Codec::<ClaimEvent>::new().unwrap();
    let dead = wait_for(Duration::from_secs(60), || {
        read_all(&dlq)
            .into_iter()
            .find(|r| r.key.as_deref() == Some(big.article_id.as_bytes()))
    })
    .unwrap_or_else(|| {
        let big_claims: Vec<usize> = read_all(topics::CLAIMS)
            .into_iter()
            .filter_map(|r| claim_codec.decode(r.payload.as_deref()?).ok())
            .filter(|c| c.article_id == big.article_id)
            .map(|c| c.text.len())
            .collect();
        panic!(
            "the oversized article was not dead-lettered; its claims' text sizes: {big_claims:?}\n{}",
            extractor.log_text()
        )
    });
    let headers: HashMap<String, String> = dead
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), String::from_utf8_lossy(v).into_owned()))
        .collect();
    assert_eq!(headers["claimwatch.error.kind"], "unproducible_output");
    // The input (100 KB) is itself larger than a record may be here: its dead letter says so
    // instead of carrying it.
    assert_eq!(
        headers.get(claimwatch_kafka::txloop::H_VALUE_OMITTED),
        Some(&codec.encode(&big).unwrap().len().to_string()),
        "{headers:?}"
    );
    assert_eq!(headers["__connect.errors.partition"], "0");
    assert!(
        headers["__connect.errors.exception.message"]
            .to_lowercase()
            .contains("too large"),
        "{headers:?}"
    );

    let wanted: HashMap<&str, ()> = others.iter().map(|a| (a.article_id.as_str(), ())).collect();
    let claims = wait_for(Duration::from_secs(60), || {
        let c: Vec<ClaimEvent> = read_all(topics::CLAIMS)
            .into_iter()
            .filter_map(|r| claim_codec.decode(r.payload.as_deref()?).ok())
            .filter(|c| {
                wanted.contains_key(c.article_id.as_str()) || c.article_id == big.article_id
            })
            .collect();
        let articles: std::collections::HashSet<&str> =
            c.iter().map(|c| c.article_id.as_str()).collect();
        (articles.len() >= OTHERS).then_some(c.clone())
    })
    .unwrap_or_else(|| {
        panic!(
            "the other articles did not come out\n{}",
            extractor.log_text()
        )
    });
    assert!(
        claims.iter().all(|c| c.article_id != big.article_id),
        "no claim of the dead-lettered article"
    );
    let ids = counts(claims.iter().map(|c| c.claim_id.clone()));
    assert!(ids.values().all(|n| *n == 1), "a claim came out twice");
    assert!(extractor.is_running(), "the extractor died");
    assert_eq!(
        extractor.http_get("/readyz").map(|(s, _)| s),
        Some(200),
        "ready again once past the oversized article"
    );
    extractor.terminate(Duration::from_secs(30));
}

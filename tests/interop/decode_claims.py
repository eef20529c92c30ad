"""Third-party decoder check: read ClaimEvent records from Kafka with confluent-kafka and decode
them with fastavro, using nothing of claimwatch but the schema files.

Usage: decode_claims.py BOOTSTRAP TOPIC SCHEMA.avsc MAX_RECORDS TIMEOUT_SECS
Prints one JSON object per decoded record, then 'N passed, M failed' (a record fails when its
framing, fingerprint or body does not decode; Confluent-framed records, written in
schema-registry mode, are skipped and counted). Exit status 1 if any failed or none were read.
"""

import io
import json
import sys

from fastavro import parse_schema, schemaless_reader
from fastavro.schema import fingerprint, to_parsing_canonical_form
from topic_reader import records


def main() -> int:
    bootstrap, topic, schema_path, max_records, timeout = sys.argv[1:6]
    max_records, timeout = int(max_records), float(timeout)
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    parsed = parse_schema(schema)
    expected_fp = fingerprint(to_parsing_canonical_form(parsed), "CRC-64-AVRO")

    passed = failed = skipped = 0
    for msg in records(bootstrap, topic, "fastavro-interop", timeout):
        if passed + failed >= max_records:
            break
        value = msg.value() or b""
        if value[:1] == b"\x00":
            # Confluent framing: written in schema-registry mode (tests/it/registry.rs
            # checks those with a registry), not this single-object check's business.
            skipped += 1
            continue
        try:
            if value[:2] != b"\xc3\x01":
                raise ValueError(f"not single-object encoded: {value[:2].hex()}")
            if value[2:10].hex() != expected_fp:
                raise ValueError(f"fingerprint {value[2:10].hex()} != {expected_fp}")
            body = io.BytesIO(value[10:])
            record = schemaless_reader(body, parsed)
            if body.read():
                raise ValueError("trailing bytes after the datum")
            print(json.dumps({"claim_id": record["claim_id"], "article_id": record["article_id"],
                              "text": record["text"], "entities": [e["id"] for e in record["entities"]]},
                             ensure_ascii=False))
            passed += 1
        except Exception as e:  # report and count, keep reading
            print(json.dumps({"error": str(e), "offset": msg.offset()}))
            failed += 1
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 0 if passed > 0 and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Third-party subscription check in schema-registry mode: read Alert records from Kafka with
confluent-kafka and decode them with its AvroDeserializer, which resolves each record's schema
id through the schema registry. Nothing of claimwatch is used, not even the schema files.

Usage: decode_alerts_registry.py BOOTSTRAP TOPIC REGISTRY_URL TIMEOUT_SECS
Reads the topic from the beginning to its end. Records that do not start with the Confluent
magic byte 0 (single-object encoded ones, written without a registry) are counted as skipped.
Prints one JSON object per decoded record, then 'N passed, M failed, K skipped'. Exit status 1
if any failed or none were decoded.
"""

import json
import sys

from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext
from topic_reader import records


def main() -> int:
    bootstrap, topic, registry_url, timeout = sys.argv[1:5]
    timeout = float(timeout)
    # a request timeout: without one, a request the registry drops is waited for forever
    registry = SchemaRegistryClient({"url": registry_url, "timeout": 10})
    deserialize = AvroDeserializer(registry)
    passed = failed = skipped = 0
    for msg in records(bootstrap, topic, "registry-interop", timeout):
        value = msg.value() or b""
        if value[:1] != b"\x00":
            skipped += 1
            continue
        try:
            record = deserialize(value, SerializationContext(topic, MessageField.VALUE))
            print(json.dumps({"schema_id": int.from_bytes(value[1:5], "big"), "alert": record},
                             ensure_ascii=False, default=str))
            passed += 1
        except Exception as e:  # report and count, keep reading
            print(json.dumps({"error": str(e), "offset": msg.offset()}))
            failed += 1
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 0 if passed > 0 and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

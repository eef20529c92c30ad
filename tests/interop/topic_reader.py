"""Reading a Kafka topic from its beginning to its current end with plain confluent-kafka, for
the third-party decoder checks (shared by decode_claims.py and decode_alerts_registry.py)."""

import time
import uuid

from confluent_kafka import Consumer, KafkaError


def records(bootstrap, topic, group_prefix, timeout):
    """Yield each committed record of `topic` (read_committed) until every partition has been
    read to its end or `timeout` seconds have passed."""
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"{group_prefix}-{uuid.uuid4()}",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
            "isolation.level": "read_committed",
            "enable.partition.eof": True,
        }
    )
    consumer.subscribe([topic])
    deadline = time.monotonic() + timeout
    at_end = set()
    try:
        while time.monotonic() < deadline:
            assigned = consumer.assignment()
            if assigned and len(at_end) >= len(assigned):
                break  # every partition read to its end
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                if msg.error().code() == KafkaError._PARTITION_EOF:
                    at_end.add(msg.partition())
                    continue
                raise RuntimeError(str(msg.error()))
            at_end.discard(msg.partition())
            yield msg
    finally:
        consumer.close()

#!/usr/bin/env python3
"""Smoke test for the test Kafka broker (tests/tools/kafka.sh).

Run inside tests/tools/with-kafka.sh with the venv python:

    PY=$(bash tests/tools/venv.sh | tail -n1)
    bash tests/tools/with-kafka.sh "$PY" tests/tools/smoke_kafka.py

Checks against $CLAIMWATCH_TEST_BOOTSTRAP that:
  * AdminClient can create a 3-partition topic,
  * a transactional producer can commit one transaction (10 messages) and
    abort another (5 messages),
  * a read_committed consumer sees exactly the 10 committed messages.
Every step has a bounded timeout; exits non-zero on any failure.
"""

import os
import sys
import time
import uuid

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

STEP_TIMEOUT_S = 30.0
COMMITTED = 10
ABORTED = 5


def log(msg: str) -> None:
    print(f"smoke_kafka.py: {msg}", flush=True)


def fail(msg: str) -> "None":
    log(f"FAIL: {msg}")
    sys.exit(1)


def main() -> int:
    bootstrap = os.environ.get("CLAIMWATCH_TEST_BOOTSTRAP")
    if not bootstrap:
        fail("CLAIMWATCH_TEST_BOOTSTRAP is not set (run me via tests/tools/with-kafka.sh)")
    t0 = time.monotonic()
    topic = f"smoke-{uuid.uuid4().hex[:8]}"
    common = {"bootstrap.servers": bootstrap, "socket.timeout.ms": 10000}

    # 1. topic with 3 partitions
    admin = AdminClient(common)
    futures = admin.create_topics(
        [NewTopic(topic, num_partitions=3, replication_factor=1)],
        operation_timeout=STEP_TIMEOUT_S,
        request_timeout=STEP_TIMEOUT_S,
    )
    futures[topic].result(timeout=STEP_TIMEOUT_S)
    md = admin.list_topics(topic=topic, timeout=STEP_TIMEOUT_S)
    parts = len(md.topics[topic].partitions)
    if parts != 3:
        fail(f"topic {topic} has {parts} partitions, want 3")
    log(f"created topic {topic} with {parts} partitions")

    # 2. transactional producer: one committed, one aborted transaction
    delivery_errors = []

    def on_delivery(err, _msg):
        if err is not None:
            delivery_errors.append(err)

    producer = Producer(
        {
            **common,
            "transactional.id": f"smoke-tx-{uuid.uuid4().hex[:8]}",
            "enable.idempotence": True,
            "transaction.timeout.ms": 60000,
            "message.timeout.ms": 30000,
        }
    )
    producer.init_transactions(STEP_TIMEOUT_S)
    producer.begin_transaction()
    for i in range(COMMITTED):
        producer.produce(topic, key=f"k{i}".encode(), value=f"committed-{i}".encode(), on_delivery=on_delivery)
    producer.commit_transaction(STEP_TIMEOUT_S)
    if delivery_errors:
        fail(f"delivery errors in committed transaction: {delivery_errors}")
    log(f"committed transaction with {COMMITTED} messages")

    producer.begin_transaction()
    for i in range(ABORTED):
        producer.produce(topic, key=f"a{i}".encode(), value=f"aborted-{i}".encode(), on_delivery=on_delivery)
    producer.flush(STEP_TIMEOUT_S)  # make sure the aborted records really hit the log
    producer.abort_transaction(STEP_TIMEOUT_S)
    log(f"aborted transaction with {ABORTED} messages")

    # 3. read_committed consumer sees exactly the committed messages
    consumer = Consumer(
        {
            **common,
            "group.id": f"smoke-{uuid.uuid4().hex[:8]}",
            "isolation.level": "read_committed",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
            "enable.partition.eof": True,
        }
    )
    try:
        consumer.assign([TopicPartition(topic, p) for p in range(3)])
        seen = []
        eof = set()
        deadline = time.monotonic() + STEP_TIMEOUT_S
        while len(eof) < 3 and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                if msg.error().code() == KafkaError._PARTITION_EOF:
                    eof.add(msg.partition())
                    continue
                if msg.error().fatal():
                    raise KafkaException(msg.error())
                log(f"warning: non-fatal consumer error (client retries): {msg.error()}")
                continue
            seen.append(msg.value().decode())
        if len(eof) < 3:
            fail(f"did not reach the end of all partitions within {STEP_TIMEOUT_S}s (eof {sorted(eof)})")
    finally:
        consumer.close()

    want = sorted(f"committed-{i}" for i in range(COMMITTED))
    if sorted(seen) != want:
        fail(f"read_committed consumer saw {len(seen)} messages {sorted(seen)}, want exactly {want}")
    log(f"read_committed consumer saw exactly the {COMMITTED} committed messages")

    # cleanup (best effort)
    try:
        admin.delete_topics([topic], operation_timeout=10)[topic].result(timeout=15)
    except Exception as exc:  # noqa: BLE001
        log(f"warning: could not delete {topic}: {exc}")

    log(f"OK in {time.monotonic() - t0:.1f}s")
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KafkaException as exc:
        fail(f"kafka error: {exc}")

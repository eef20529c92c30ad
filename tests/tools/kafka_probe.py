#!/usr/bin/env python3
"""Tiny stdlib-only Kafka wire-protocol probe used by tests/tools/kafka.sh.

usage: python3 tests/tools/kafka_probe.py PORT api
       python3 tests/tools/kafka_probe.py PORT warmup

  api     send ApiVersions v0 to 127.0.0.1:PORT; exit 0 when the broker answers
          with error_code 0 (the broker really serves requests)
  warmup  FindCoordinator v1 for a consumer group and for a transactional id,
          then OffsetFetch v2 for that group and InitProducerId v1 for that
          transactional id; exit 0 only when all four return error_code 0.
          The first FindCoordinator makes the broker create __consumer_offsets
          and __transaction_state; the other two only succeed once those are
          loaded. So tests do not pay for (or trip over) COORDINATOR_NOT_AVAILABLE,
          NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS on first use.

Exit 1 on any failure (connection refused, timeout, error code); no output
unless -v is given as the last argument. Needs no third-party package.
"""

import socket
import struct
import sys

CLIENT_ID = b"claimwatch-probe"
TIMEOUT_S = 2.0


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed")
        buf += chunk
    return buf


def request(port: int, api_key: int, api_version: int, body: bytes, correlation: int) -> bytes:
    """Send one request with a v1 header; return the response body after the v0 header."""
    header = struct.pack(">hhih", api_key, api_version, correlation, len(CLIENT_ID)) + CLIENT_ID
    payload = header + body
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT_S) as sock:
        sock.settimeout(TIMEOUT_S)
        sock.sendall(struct.pack(">i", len(payload)) + payload)
        (size,) = struct.unpack(">i", _recv_exact(sock, 4))
        resp = _recv_exact(sock, size)
    (corr,) = struct.unpack(">i", resp[:4])
    if corr != correlation:
        raise ValueError(f"correlation id {corr}, want {correlation}")
    return resp[4:]


def api_versions(port: int) -> int:
    body = request(port, 18, 0, b"", 7)
    (err,) = struct.unpack(">h", body[:2])
    return err


def _string(s: str) -> bytes:
    b = s.encode()
    return struct.pack(">h", len(b)) + b


def find_coordinator(port: int, key: str, key_type: int) -> int:
    body = request(port, 10, 1, _string(key) + struct.pack(">b", key_type), 11 + key_type)
    _throttle, err = struct.unpack(">ih", body[:6])
    if err != 0:
        return err
    rest = body[6:]
    (msg_len,) = struct.unpack(">h", rest[:2])
    rest = rest[2 + max(msg_len, 0):]
    (node_id,) = struct.unpack(">i", rest[:4])
    return 0 if node_id >= 0 else -1


def offset_fetch(port: int, group: str) -> int:
    # v2: group_id, topics = null (all); response: topics array, error_code
    body = request(port, 9, 2, _string(group) + struct.pack(">i", -1), 21)
    (count,) = struct.unpack(">i", body[:4])
    if count != 0:  # the warm-up group never commits, so this is unexpected
        return -1
    (err,) = struct.unpack(">h", body[4:6])
    return err


def init_producer_id(port: int, transactional_id: str) -> int:
    # v1: transactional_id, transaction_timeout_ms; response: throttle, error_code, pid, epoch
    body = request(port, 22, 1, _string(transactional_id) + struct.pack(">i", 60000), 31)
    _throttle, err = struct.unpack(">ih", body[:6])
    return err


def main(argv: list) -> int:
    verbose = argv[-1] == "-v"
    if verbose:
        argv = argv[:-1]
    if len(argv) != 3 or argv[2] not in ("api", "warmup"):
        print(__doc__, file=sys.stderr)
        return 2
    port = int(argv[1])
    try:
        if argv[2] == "api":
            err = api_versions(port)
            if verbose:
                print(f"kafka_probe.py: ApiVersions error_code={err}", file=sys.stderr)
            return 0 if err == 0 else 1
        errs = []
        for step in (
            lambda: find_coordinator(port, "claimwatch-warmup", 0),  # group coordinator
            lambda: find_coordinator(port, "claimwatch-warmup", 1),  # transaction coordinator
            lambda: offset_fetch(port, "claimwatch-warmup"),
            lambda: init_producer_id(port, "claimwatch-warmup"),
        ):
            errs.append(step())
            if errs[-1] != 0:
                break
        if verbose:
            print(
                "kafka_probe.py: FindCoordinator(group), FindCoordinator(txn), OffsetFetch, "
                f"InitProducerId error codes: {errs}",
                file=sys.stderr,
            )
        return 0 if errs == [0, 0, 0, 0] else 1
    except (OSError, EOFError, ValueError, struct.error) as exc:
        if verbose:
            print(f"kafka_probe.py: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

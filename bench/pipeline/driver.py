#!/usr/bin/env python3
"""Drive `make bench-pipeline`: the services as OS processes against a real broker.

Run by bench/pipeline/run.sh (which builds the release binaries, generates the corpus and
starts a fresh broker): `driver.py --bins DIR --corpus DIR --work DIR --bench-extract BIN`.
Needs CLAIMWATCH_TEST_BOOTSTRAP and the confluent-kafka client of tests/tools/venv.sh (only
to commit group offsets, to replay raw records at a fixed rate and to read alerts).

Phases, each on its own consumer groups and its own copy of the corpus (hard links under other
names, so the fetcher sees new URLs):
 1. fetcher alone: a `dir` source over the corpus, --once;
 2. extractor alone, 1 instance: started on an empty input and settled, then the raw records
    of phase 1 produced again as fast as the client goes (a backlog far ahead of the stage);
 3. alerting alone over the article events of phase 2 (from the beginning of the topic);
 4. extractor scale-out: 2 and 3 instances, as in 2 (3 partitions);
 5. the whole pipeline: extractor and alerting started, then the fetcher --once over a fresh
    copy; done when alerting has committed every article;
 6. latency: fresh extractor and alerting (a watch topic of another id, so earlier alerts do
    not suppress these), and the raw records of phase 1 produced again at a fixed rate (each
    with the current time as its timestamp); an alert's latency is the time from the produce
    call of its raw record to the alert's arrival at a read_committed consumer;
 7. pure extract(): bench_extract over the corpus on one thread.

Throughput and CPU of a stage are measured over a window that starts at the first sample in
which the stage has committed anything (so start-up and group joining are left out) and ends
when it has committed its whole input; samples every 0.2 s of the service's /metrics and of
/proc/<pid>/stat (CPU) and /proc/<pid>/status (VmHWM, peak RSS). Every wait is bounded.
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

from confluent_kafka import Consumer, Producer, TopicPartition

RAW = "claimwatch.articles.raw.v1"
ARTICLES = "claimwatch.articles.v1"
CANDIDATES = "claimwatch.alerting.candidates.v1"
ALERTS_JSON = "claimwatch.alerts.json.v1"
# Seconds at the start of the latency phase whose alerts are left out of its percentiles.
WARMUP_SECS = 1.0
TICK = os.sysconf("SC_CLK_TCK")
SAMPLE_EVERY = 0.2

GOALS = {
    "fetcher_rate": 5000.0,
    "fetcher_rss_mb": 100.0,
    "overhead_ratio": 1.3,
    "alerting_statements": 50000.0,
    "p99_ms": 300.0,
    "rss_mb": 150.0,
}


def log(msg):
    print(f"bench-pipeline: {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port, path, timeout=5.0):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
            chunks = []
            while True:
                b = s.recv(65536)
                if not b:
                    break
                chunks.append(b)
    except OSError:
        return None, ""
    text = b"".join(chunks).decode("utf-8", "replace")
    head, _, body = text.partition("\r\n\r\n")
    try:
        return int(head.split()[1]), body
    except (IndexError, ValueError):
        return None, ""


def parse_metrics(body):
    """Prometheus text -> list of (name, labels string, value)."""
    out = []
    for line in body.splitlines():
        if not line or line.startswith("#"):
            continue
        try:
            sample, value = line.rsplit(" ", 1)
            v = float(value)
        except ValueError:
            continue
        name, _, labels = sample.partition("{")
        out.append((name, labels.rstrip("}"), v))
    return out


def metric_sum(samples, name, *label_parts):
    return sum(v for n, lab, v in samples if n == name and all(p in lab for p in label_parts))


class Service:
    """One service process; its log goes to WORK/logs."""

    def __init__(self, bins, work, binary, tag, env):
        self.binary = binary
        self.port = free_port()
        os.makedirs(os.path.join(work, "logs"), exist_ok=True)
        self.log_path = os.path.join(work, "logs", f"{tag}.log")
        full = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/tmp"),
            "CLAIMWATCH_KAFKA_BOOTSTRAP_SERVERS": os.environ["CLAIMWATCH_TEST_BOOTSTRAP"],
            "CLAIMWATCH_METRICS_ADDR": f"127.0.0.1:{self.port}",
            "CLAIMWATCH_LOG_FORMAT": "text",
            "CLAIMWATCH_BROKER_TIMEOUT_SECS": "30",
            "RUST_LOG": "info",
        }
        # BENCH_SET_<NAME>=<value> in the bench's environment sets <NAME> for every service
        # (e.g. BENCH_SET_CLAIMWATCH_EXTRACTOR_BATCH_LINGER_MS=10), to compare settings.
        full.update({k[len("BENCH_SET_"):]: v for k, v in os.environ.items()
                     if k.startswith("BENCH_SET_")})
        full.update(env)
        self.logf = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [os.path.join(bins, binary)], env=full, stdin=subprocess.DEVNULL,
            stdout=self.logf, stderr=subprocess.STDOUT, cwd=work)
        self.rusage = None
        self.exit_time = None
        self.peak_kb = None  # the largest VmHWM read from /proc while it ran

    def cpu(self):
        """User + system CPU seconds so far (None once the process is gone)."""
        try:
            with open(f"/proc/{self.proc.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / TICK
        except (OSError, IndexError, ValueError):
            return None

    def read_hwm(self):
        """Read VmHWM from /proc while the process runs, keeping the largest value seen."""
        if self.rusage is not None:
            return
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        kb = int(line.split()[1])
                        self.peak_kb = max(self.peak_kb or 0, kb)
                        return
        except (OSError, ValueError):
            pass

    def hwm_mb(self):
        """Peak resident set (VmHWM) in MB, as read from /proc while the process ran (every
        metrics sample reads it). Not wait4's ru_maxrss: Linux folds into it the resident set
        of the memory the child had before its exec, a copy of this (large) Python process's,
        which made a short-lived fetcher look like 350 MB. Only if /proc was never read, the
        wait4 figure (an upper bound)."""
        self.read_hwm()
        if self.peak_kb is not None:
            return self.peak_kb / 1024.0
        if self.rusage is not None:
            return self.rusage.ru_maxrss / 1024.0
        return None

    def metrics(self):
        self.read_hwm()
        status, body = http_get(self.port, "/metrics")
        return parse_metrics(body) if status == 200 else None

    def ready(self):
        return http_get(self.port, "/readyz", timeout=2.0)[0] == 200

    def reap(self):
        """wait4 if exited: keeps the rusage (CPU, peak RSS). True when exited."""
        if self.rusage is not None:
            return True
        self.read_hwm()
        pid, status, ru = os.wait4(self.proc.pid, os.WNOHANG)
        if pid == 0:
            return False
        self.rusage = ru
        self.exit_time = time.monotonic()
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        return True

    def total_cpu_exited(self):
        return self.rusage.ru_utime + self.rusage.ru_stime

    def stop(self, within=30.0):
        if not self.reap():
            self.proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + within
            while not self.reap():
                if time.monotonic() > deadline:
                    self.proc.kill()
                    self.proc.wait()
                    break
                time.sleep(0.05)
        self.logf.close()

    def tail(self, n=15):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""


def wait_ready(services, within):
    deadline = time.monotonic() + within
    for s in services:
        while not s.ready():
            if s.reap():
                raise RuntimeError(f"{s.binary} exited at start:\n{s.tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{s.binary} not ready within {within:.0f} s:\n{s.tail()}")
            time.sleep(0.1)


class Window:
    """Samples a set of services until `done(samples)`: the committed count, extra counters and
    CPU per sample; the window opens at the first sample whose count is above zero."""

    def __init__(self, services, count, extra=None):
        self.services = services
        self.count = count  # samples-list -> committed count
        self.extra = extra or {}  # name -> samples-list -> value
        self.first = None
        self.last = None

    def sample(self):
        ms = [s.metrics() for s in self.services]
        if any(m is None for m in ms):
            return None
        cpu = [s.cpu() for s in self.services]
        if any(c is None for c in cpu):
            return None
        return {
            "t": time.monotonic(),
            "count": self.count(ms),
            "cpu": sum(cpu),
            **{k: f(ms) for k, f in self.extra.items()},
        }

    def run(self, done, within):
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            s = self.sample()
            if s is not None:
                if self.first is None and s["count"] > 0:
                    self.first = s
                self.last = s
                if done(s):
                    return True
            for svc in self.services:
                if svc.reap():
                    raise RuntimeError(f"{svc.binary} exited:\n{svc.tail()}")
            time.sleep(SAMPLE_EVERY)
        return False

    def figures(self):
        if self.first is None or self.last is None or self.last["t"] <= self.first["t"]:
            return None
        dt = self.last["t"] - self.first["t"]
        n = self.last["count"] - self.first["count"]
        out = {"articles": n, "secs": dt, "rate": n / dt,
               "cpu_per_1k": (self.last["cpu"] - self.first["cpu"]) / max(n, 1) * 1000}
        for k in self.extra:
            out[k + "_rate"] = (self.last[k] - self.first[k]) / dt
        return out


def committed(stage):
    return lambda ms: sum(
        metric_sum(m, "claimwatch_stage_records_committed_total", f'stage="{stage}"') for m in ms)


def produced(stage, topic):
    return lambda ms: sum(metric_sum(m, "claimwatch_stage_messages_out_total",
                                     f'stage="{stage}"', f'topic="{topic}"') for m in ms)


def statements(ms):
    return sum(metric_sum(m, "claimwatch_extractor_statements_total") for m in ms)


def consumer(extra=None):
    conf = {"bootstrap.servers": os.environ["CLAIMWATCH_TEST_BOOTSTRAP"],
            "group.id": "bench-pipeline-reader", "enable.auto.commit": False,
            "isolation.level": "read_committed", "fetch.wait.max.ms": 10}
    conf.update(extra or {})
    return Consumer(conf)


def partitions(c, topic):
    md = c.list_topics(topic, timeout=10)
    return sorted(md.topics[topic].partitions)


def end_offsets(topic):
    c = consumer()
    try:
        return {p: c.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1]
                for p in partitions(c, topic)}
    finally:
        c.close()


def start_group_at_end(group, topic):
    """Commit `group`'s offsets at the end of `topic`: a new group then reads only what comes."""
    ends = end_offsets(topic)
    c = consumer({"group.id": group})
    try:
        c.commit(offsets=[TopicPartition(topic, p, o) for p, o in ends.items()],
                 asynchronous=False)
    finally:
        c.close()


def replay(records, rate):
    """Produce `records` to the raw topic, each stamped with the time of its produce call, at
    `rate` per second (None: as fast as the client goes). Returns ({key: produce time}, the
    offered rate)."""
    p = Producer({"bootstrap.servers": os.environ["CLAIMWATCH_TEST_BOOTSTRAP"],
                  "linger.ms": 0 if rate else 5, "enable.idempotence": True})
    sent = {}
    t0 = time.time()
    for i, (key, value, headers) in enumerate(records):
        if rate:
            due = t0 + i / rate
            while True:
                wait = due - time.time()
                if wait <= 0:
                    break
                p.poll(0)
                time.sleep(min(wait, 0.002))
        now = time.time()
        while True:
            try:
                p.produce(RAW, key=key, value=value, headers=headers,
                          timestamp=int(now * 1000))
                break
            except BufferError:  # the client's queue is full: let it send
                p.poll(0.05)
        sent[key.decode()] = now
        p.poll(0)
    offered = len(records) / max(time.time() - t0, 1e-9)
    if p.flush(60) != 0:
        raise RuntimeError("raw records not all acknowledged within 60 s")
    return sent, offered


def hardlink_copy(src, dst, names):
    os.makedirs(dst, exist_ok=True)
    for n in names:
        os.link(os.path.join(src, n), os.path.join(dst, n))


def write_sources(path, sid, folder, interval):
    with open(path, "w") as f:
        f.write(f'[[source]]\nid = "{sid}"\nkind = "dir"\npath = "{folder}"\n'
                f"interval_secs = {interval}\n")


class Bench:
    def __init__(self, a):
        self.a = a
        self.work = a.work
        self.names = sorted(n for n in os.listdir(a.corpus) if n.endswith(".html"))
        self.n = len(self.names)
        self.rows = []
        self.rss = {}  # service -> peak RSS MB seen in any phase
        self.notes = []
        self.tag = f"b{os.getpid()}"
        self.watch = os.path.abspath(os.path.join(os.path.dirname(__file__), "watch.toml"))

    def svc(self, binary, name, env):
        return Service(self.a.bins, self.work, binary, f"{self.tag}-{name}", env)

    def keep_rss(self, s):
        mb = s.hwm_mb()
        if mb is not None:
            self.rss[s.binary] = max(self.rss.get(s.binary, 0.0), mb)
        return mb

    def extractor(self, name, group, i=0):
        return self.svc("claimwatch-extractor", f"{name}-{i}", {
            "CLAIMWATCH_EXTRACTOR_GROUP_ID": group,
            "CLAIMWATCH_EXTRACTOR_TRANSACTIONAL_ID": f"{group}-{i}"})

    def alerting(self, name, group, watch):
        return self.svc("claimwatch-alerting", name, {
            "CLAIMWATCH_ALERTING_GROUP_ID": group,
            "CLAIMWATCH_ALERTING_TRANSACTIONAL_ID": f"{group}-0",
            "CLAIMWATCH_ALERTING_WATCH_FILE": watch})

    def fetcher(self, name, folder, once=True, interval=3600):
        sources = os.path.join(self.work, f"{name}-sources.toml")
        write_sources(sources, f"{self.tag}-{name}", folder, interval)
        env = {"CLAIMWATCH_FETCHER_SOURCES_FILE": sources,
               "CLAIMWATCH_FETCHER_START_SPREAD_SECS": "0"}
        if once:
            env["CLAIMWATCH_FETCHER_ONCE"] = "true"
        return self.svc("claimwatch-fetcher", name, env)

    def limit(self):
        return 60 + self.n / 20

    # 1. fetcher alone
    def fetcher_alone(self):
        folder = os.path.join(self.work, "copy-fetcher")
        hardlink_copy(self.a.corpus, folder, self.names)
        f = self.fetcher("fetcher", folder)
        published = lambda ms: metric_sum(ms[0], "claimwatch_fetcher_articles_published_total")
        first = None
        deadline = time.monotonic() + self.limit()
        while not f.reap():
            if time.monotonic() > deadline:
                f.stop()
                raise RuntimeError(f"fetcher --once did not finish in time:\n{f.tail()}")
            m, cpu = f.metrics(), f.cpu()
            if first is None and m is not None and cpu is not None and published([m]) > 0:
                first = (time.monotonic(), published([m]), cpu)
            time.sleep(0.05)
        if f.proc.returncode != 0:
            raise RuntimeError(f"fetcher --once exited {f.proc.returncode}:\n{f.tail()}")
        f.stop()
        self.keep_rss(f)
        raw = sum(end_offsets(RAW).values())
        if first is None:
            raise RuntimeError("fetcher published nothing that could be sampled")
        t0, c0, cpu0 = first
        n = self.n - c0
        dt = f.exit_time - t0
        self.rows.append(("fetcher dir --once", {
            "articles": n, "secs": dt, "rate": n / dt,
            "cpu_per_1k": (f.total_cpu_exited() - cpu0) / max(n, 1) * 1000,
            "rss": f.hwm_mb()}, f"goal >= {GOALS['fetcher_rate']:.0f}/s, RSS <= "
            f"{GOALS['fetcher_rss_mb']:.0f} MB"))
        log(f"fetcher: {self.n} files published; raw topic holds {raw} records "
            "(records of a transaction include their commit markers)")
        self.raw_end = end_offsets(RAW)

    # 2 and 4. extractor instances over the raw backlog
    def extractor_backlog(self, instances):
        group = f"{self.tag}-ex{instances}"
        start_group_at_end(group, RAW)
        svcs = [self.extractor(f"ex{instances}", group, i) for i in range(instances)]
        w = Window(svcs, committed("extractor"), {
            "statements": statements, "events": produced("extractor", ARTICLES)})
        try:
            # Started on an empty input and settled (dictionary loaded, group joined), then
            # the raw records of phase 1 produced again as fast as the client goes: a backlog
            # that grows far faster than the stage drains it, without start-up in the window.
            wait_ready(svcs, 120)
            time.sleep(3.0)
            replay(self.raw_records(), None)
            ok = w.run(lambda s: s["count"] >= self.n, self.limit())
            for s in svcs:
                self.keep_rss(s)
            rss = max((s.hwm_mb() or 0.0) for s in svcs)
        finally:
            for s in svcs:
                s.stop()
        fig = w.figures() or {}
        fig["rss"] = rss
        if not ok:
            fig["incomplete"] = True
        if instances == 1 and w.last:
            self.articles_events = w.last["events"]
            self.statements_per_article = w.last["statements"] / max(w.last["count"], 1)
        label = f"extractor x{instances} (raw backlog)"
        self.rows.append((label, fig, "scale-out" if instances > 1 else ""))
        return fig

    # 3. alerting alone over the article events of phase 2
    def alerting_alone(self):
        group = f"{self.tag}-al"
        s = self.alerting("al", group, self.watch)
        target = self.articles_events
        w = Window([s], committed("alerting"), {
            "state": committed("alerting-state"),
            "candidates": produced("alerting", CANDIDATES),
            "alerts": lambda ms: metric_sum(ms[0], "claimwatch_alerting_alerts_total")})
        try:
            ok = w.run(lambda x: x["count"] >= target and x["state"] >= x["candidates"],
                       self.limit())
            self.keep_rss(s)
            rss = s.hwm_mb()
        finally:
            s.stop()
        fig = w.figures() or {}
        fig["rss"] = rss
        if fig.get("rate"):
            fig["statements_rate"] = fig["rate"] * self.statements_per_article
        if not ok:
            fig["incomplete"] = True
        self.alerts_fired = w.last["alerts"] if w.last else 0
        self.rows.append(("alerting x1 (articles backlog)", fig,
                          f"goal >= {GOALS['alerting_statements']:.0f} statements/s"))

    # 5. the whole pipeline
    def pipeline(self):
        folder = os.path.join(self.work, "copy-pipeline")
        hardlink_copy(self.a.corpus, folder, self.names)
        ex_group, al_group = f"{self.tag}-pex", f"{self.tag}-pal"
        start_group_at_end(ex_group, RAW)
        start_group_at_end(al_group, ARTICLES)
        start_group_at_end(f"{al_group}-state", CANDIDATES)
        ex = self.extractor("pex", ex_group)
        al = self.alerting("pal", al_group, self.watch)
        svcs = [ex, al]
        try:
            wait_ready(svcs, 60)
            cpu0 = ex.cpu() + al.cpu()
            t0 = time.monotonic()
            f = self.fetcher("pfetch", folder)
            deadline = t0 + self.limit() * 2
            last = None
            while time.monotonic() < deadline:
                ms = [ex.metrics(), al.metrics()]
                if None not in ms:
                    last = {"ex": committed("extractor")([ms[0]]),
                            "events": produced("extractor", ARTICLES)([ms[0]]),
                            "al": committed("alerting")([ms[1]]),
                            "state": committed("alerting-state")([ms[1]]),
                            "cand": produced("alerting", CANDIDATES)([ms[1]]),
                            "statements": statements([ms[0]])}
                    if (f.reap() and last["ex"] >= self.n and last["al"] >= last["events"]
                            and last["state"] >= last["cand"]):
                        break
                for s in svcs:
                    if s.reap():
                        raise RuntimeError(f"{s.binary} exited:\n{s.tail()}")
                time.sleep(SAMPLE_EVERY)
            t1 = time.monotonic()
            done = f.reap() and last and last["ex"] >= self.n and last["al"] >= last["events"]
            cpu = ex.cpu() + al.cpu() - cpu0
            f.stop()
            cpu += f.total_cpu_exited() if f.rusage else 0.0
            for s in (f, ex, al):
                self.keep_rss(s)
            rss = {s.binary: s.hwm_mb() for s in (f, ex, al)}
        finally:
            for s in svcs:
                s.stop()
        dt = t1 - t0
        fig = {"articles": self.n, "secs": dt, "rate": self.n / dt,
               "statements_rate": (last or {}).get("statements", 0) / dt,
               "cpu_per_1k": cpu / self.n * 1000, "rss": max(v or 0 for v in rss.values())}
        if not done:
            fig["incomplete"] = True
        self.rows.append(("pipeline (fetcher+extractor+alerting)", fig,
                          "RSS: " + ", ".join(f"{k.split('-')[1]} {v:.0f} MB"
                                               for k, v in rss.items() if v)))

    # 6. latency at a fixed offered load
    def latency(self):
        rate = self.a.rate
        m = min(self.n, int(rate * self.a.latency_secs))
        ex_group, al_group = f"{self.tag}-lex", f"{self.tag}-lal"
        start_group_at_end(ex_group, RAW)
        start_group_at_end(al_group, ARTICLES)
        start_group_at_end(f"{al_group}-state", CANDIDATES)
        watch = os.path.join(self.work, "watch-latency.toml")
        with open(self.watch) as src, open(watch, "w") as dst:
            dst.write(src.read().replace('id = "bench-dprk-workers"',
                                         f'id = "bench-latency-{self.tag}"'))
        ex = self.extractor("lex", ex_group)
        al = self.alerting("lal", al_group, watch)
        arrivals, visible = {}, {}
        stop = threading.Event()
        alerts_start = end_offsets(ALERTS_JSON)
        articles_start = end_offsets(ARTICLES)

        def read_alerts():
            # The article events too: when each became visible to a read_committed reader
            # splits an alert's latency into the extractor's hop and alerting's two.
            c = consumer()
            c.assign([TopicPartition(ALERTS_JSON, p, o) for p, o in alerts_start.items()]
                     + [TopicPartition(ARTICLES, p, o) for p, o in articles_start.items()])
            try:
                while not stop.is_set():
                    msg = c.poll(0.05)
                    if msg is None or msg.error():
                        continue
                    now = time.time()
                    if msg.topic() == ARTICLES:
                        if msg.key() is not None:
                            visible.setdefault(msg.key().decode(errors="replace"), now)
                        continue
                    try:
                        alert = json.loads(msg.value())
                    except ValueError:
                        continue
                    if alert.get("watch_topic_id") == f"bench-latency-{self.tag}":
                        arrivals.setdefault(alert.get("article_id"), now)
            finally:
                c.close()

        reader = threading.Thread(target=read_alerts, daemon=True)
        sent, offered = {}, 0.0
        try:
            wait_ready([ex, al], 60)
            reader.start()
            time.sleep(1.0)
            records = self.raw_records()[:m]
            sent, offered = replay(records, rate)
            # Drained: the extractor took every record, alerting every event and candidate.
            deadline = time.monotonic() + 60 + m / 20
            while time.monotonic() < deadline:
                me, ma = ex.metrics(), al.metrics()
                if me and ma:
                    if (committed("extractor")([me]) >= m
                            and committed("alerting")([ma]) >= produced("extractor", ARTICLES)([me])
                            and committed("alerting-state")([ma])
                            >= produced("alerting", CANDIDATES)([ma])):
                        break
                for s in (ex, al):
                    if s.reap():
                        raise RuntimeError(f"{s.binary} exited:\n{s.tail()}")
                time.sleep(SAMPLE_EVERY)
            time.sleep(1.0)
            for s in (ex, al):
                self.keep_rss(s)
            # Mean time to commit one transaction, per stage: the fixed cost of each hop.
            commit_ms = {}
            for s in (ex, al):
                samples = s.metrics() or []
                for stage in ("extractor", "alerting", "alerting-state"):
                    lab = f'stage="{stage}"'
                    n = metric_sum(samples, "claimwatch_stage_commit_duration_seconds_count", lab)
                    if n:
                        total = metric_sum(samples, "claimwatch_stage_commit_duration_seconds_sum",
                                           lab)
                        commit_ms[stage] = (total / n * 1000, n)
            self.commit_ms = commit_ms
        finally:
            stop.set()
            if reader.is_alive():
                reader.join(10)
            ex.stop()
            al.stop()
        all_lat = sorted((arrivals[k] - sent[k]) * 1000 for k in arrivals if k in sent)
        # Steady state: alerts whose article was offered after the first WARMUP_SECS of the
        # load. The first transactions of each stage pay one-off costs (topic metadata,
        # registering partitions with the transaction, the first fetches); both the steady
        # percentiles and the warm-up's worst are printed.
        t_first = min(sent.values()) if sent else 0.0
        lat = sorted((arrivals[k] - sent[k]) * 1000 for k in arrivals
                     if k in sent and sent[k] - t_first >= WARMUP_SECS)
        warm = [(arrivals[k] - sent[k]) * 1000 for k in arrivals
                if k in sent and sent[k] - t_first < WARMUP_SECS]
        self.lat = {"offered": offered, "records": len(sent), "alerts": len(lat),
                    "warmup_alerts": len(warm), "warmup_max": max(warm) if warm else None}
        if lat:
            for q in (50, 95, 99):
                self.lat[f"p{q}"] = lat[min(len(lat) - 1, int(len(lat) * q / 100))]
            self.lat["max"] = lat[-1]
            # The slowest alerts with when their article was offered (seconds into the load):
            # tells a start-up effect from one that recurs.
            t0 = t_first
            slow = sorted(((arrivals[k] - sent[k]) * 1000, sent[k] - t0)
                          for k in arrivals if k in sent)[-3:]
            self.lat["slowest"] = ", ".join(f"{ms:.0f} ms at +{at:.1f} s" for ms, at in
                                            reversed(slow))
            both = [k for k in arrivals if k in sent and k in visible]
            if both:
                def p50(xs):
                    xs = sorted(xs)
                    return xs[len(xs) // 2]
                self.lat["extractor_p50"] = p50((visible[k] - sent[k]) * 1000 for k in both)
                self.lat["alerting_p50"] = p50((arrivals[k] - visible[k]) * 1000 for k in both)

    def raw_records(self):
        """Every record of phase 1 (key, value, headers), read once, to be produced again."""
        if getattr(self, "_raw", None) is not None:
            return self._raw
        c = consumer()
        ends = self.raw_end
        c.assign([TopicPartition(RAW, p, 0) for p in ends])
        out = []
        deadline = time.monotonic() + 120
        idle_since = time.monotonic()
        try:
            while len(out) < self.n and time.monotonic() < deadline:
                msg = c.poll(0.2)
                if msg is None or msg.error():
                    if time.monotonic() - idle_since > 5:
                        break  # everything of phase 1 is read
                    continue
                idle_since = time.monotonic()
                if msg.offset() < ends[msg.partition()] and msg.key() is not None:
                    out.append((msg.key(), msg.value(), msg.headers()))
        finally:
            c.close()
        if len(out) != self.n:
            raise RuntimeError(f"read {len(out)} raw records of phase 1, expected {self.n}")
        self._raw = out
        return out

    # 7. pure extract()
    def pure(self):
        out = subprocess.run([self.a.bench_extract, self.a.corpus], capture_output=True,
                             timeout=self.limit() * 2, check=True)
        r = json.loads(out.stdout.decode().strip().splitlines()[-1])
        self.pure_fig = r
        n = r["articles"]
        self.rows.append(("pure extract() (1 thread)", {
            "articles": n, "secs": r["cpu_s"], "rate": n / r["cpu_s"],
            "statements_rate": r["statements"] / r["cpu_s"],
            "cpu_per_1k": r["cpu_s"] / n * 1000}, "per CPU-second"))
        if r.get("signature_cpu_s") is not None:
            both = r["cpu_s"] + r["signature_cpu_s"]
            self.rows.append(("pure extract() + story signature", {
                "articles": n, "secs": both, "rate": n / both,
                "statements_rate": r["statements"] / both,
                "cpu_per_1k": both / n * 1000},
                "all the service's pure work per article (the signature travels in the event)"))

    def report(self):
        print()
        print(f"bench-pipeline: {self.n} generated articles, {os.cpu_count()} cores "
              "(a shared machine: figures measured on a busy machine)")
        hdr = f"{'stage':<40} {'articles/s':>11} {'statements/s':>13} {'CPU s/1k art':>13} " \
              f"{'art/CPU-s':>10} {'peak RSS MB':>12}  notes"
        print(hdr)
        print("-" * len(hdr))
        for label, fig, note in self.rows:
            def f(k, fmt):
                v = fig.get(k)
                return fmt.format(v) if v is not None else "-"
            inc = " (INCOMPLETE: timed out)" if fig.get("incomplete") else ""
            # Articles per CPU-second: the capacity of one core, whatever the machine's load.
            per_cpu = f"{1000 / fig['cpu_per_1k']:.0f}" if fig.get("cpu_per_1k") else "-"
            print(f"{label:<40} {f('rate', '{:.0f}'):>11} {f('statements_rate', '{:.0f}'):>13} "
                  f"{f('cpu_per_1k', '{:.2f}'):>13} {per_cpu:>10} {f('rss', '{:.1f}'):>12}  "
                  f"{note}{inc}")
        print()
        rows = dict((label, fig) for label, fig, _ in self.rows)
        goals = []
        fe = rows.get("fetcher dir --once", {})
        if fe:
            goals.append((f"fetcher dir >= {GOALS['fetcher_rate']:.0f} articles/s, RSS <= "
                          f"{GOALS['fetcher_rss_mb']:.0f} MB",
                          f"{fe['rate']:.0f}/s, {fe['rss']:.1f} MB",
                          fe["rate"] >= GOALS["fetcher_rate"]
                          and fe["rss"] <= GOALS["fetcher_rss_mb"]))
        ex = rows.get("extractor x1 (raw backlog)", {})
        pure = rows.get("pure extract() (1 thread)", {})
        work = rows.get("pure extract() + story signature", {})
        if ex.get("cpu_per_1k") and pure.get("cpu_per_1k"):
            ratio = ex["cpu_per_1k"] / pure["cpu_per_1k"]
            goals.append((f"extractor CPU per article <= {GOALS['overhead_ratio']}x pure "
                          "extract()", f"{ratio:.2f}x ({ex['cpu_per_1k']:.2f} / "
                          f"{pure['cpu_per_1k']:.2f} CPU s per 1k)"
                          + (f"; {ex['cpu_per_1k'] / work['cpu_per_1k']:.2f}x extract() + "
                             "story signature" if work.get("cpu_per_1k") else ""),
                          ratio <= GOALS["overhead_ratio"]))
        al = rows.get("alerting x1 (articles backlog)", {})
        if al.get("statements_rate"):
            goals.append((f"alerting >= {GOALS['alerting_statements']:.0f} statements/s",
                          f"{al['statements_rate']:.0f}/s ("
                          f"{1000 / al['cpu_per_1k'] * self.statements_per_article:.0f} per "
                          "CPU-second)",
                          al["statements_rate"] >= GOALS["alerting_statements"]))
        lat = getattr(self, "lat", None)
        if lat and "p99" in lat:
            goals.append((f"publish->alert p99 <= {GOALS['p99_ms']:.0f} ms at "
                          f"{self.a.rate:.0f} articles/s",
                          f"p50 {lat['p50']:.0f} ms, p95 {lat['p95']:.0f} ms, p99 "
                          f"{lat['p99']:.0f} ms, max {lat['max']:.0f} ms ({lat['alerts']} "
                          f"alerts, {lat['records']} records offered at {lat['offered']:.0f}/s"
                          + (f"; p50 split: raw->article visible {lat['extractor_p50']:.0f} ms, "
                             f"article->alert {lat['alerting_p50']:.0f} ms"
                             if "extractor_p50" in lat else "")
                          + (f"; slowest: {lat['slowest']}" if lat.get("slowest") else "")
                          + (f"; left out as warm-up (first {WARMUP_SECS:.0f} s): "
                             f"{lat['warmup_alerts']} alerts, worst {lat['warmup_max']:.0f} ms"
                             if lat.get("warmup_alerts") else "")
                          + "".join(f"; {st} commit {ms:.0f} ms x{n:.0f}"
                                    for st, (ms, n) in getattr(self, "commit_ms", {}).items())
                          + ")",
                          lat["p99"] <= GOALS["p99_ms"]))
        elif lat:
            goals.append(("publish->alert latency", f"no alert arrived ({lat})", False))
        for svc, mb in sorted(self.rss.items()):
            goals.append((f"{svc} peak RSS <= {GOALS['rss_mb']:.0f} MB (any phase)",
                          f"{mb:.1f} MB", mb <= GOALS["rss_mb"]))
        scale = [rows.get(f"extractor x{i} (raw backlog)", {}).get("rate") for i in (1, 2, 3)]
        if all(scale):
            print("extractor scale-out (articles/s, 3 partitions): " + ", ".join(
                f"{i} instance{'s' if i > 1 else ''} {r:.0f}" for i, r in zip((1, 2, 3), scale))
                + f" (x{scale[1] / scale[0]:.2f}, x{scale[2] / scale[0]:.2f})")
        print(f"{'goal':<58} {'measured':<60} met")
        for g, v, ok in goals:
            print(f"{g:<58} {v:<60} {'yes' if ok else 'NO'}")
        pipe = rows.get("pipeline (fetcher+extractor+alerting)", {})
        if lat and pipe.get("rate") and pipe["rate"] < self.a.rate:
            self.notes.append(
                f"the whole pipeline drained {pipe['rate']:.0f} articles/s in this run, less than "
                f"the {self.a.rate:.0f}/s offered in the latency phase: its latencies are mostly "
                "queueing behind the extractor")
        for n in self.notes:
            print(f"note: {n}")
        with open(os.path.join(self.work, "results.json"), "w") as fjs:
            json.dump({"rows": self.rows, "latency": lat, "rss": self.rss,
                       "pure": getattr(self, "pure_fig", None)}, fjs, indent=1)


def main():
    ap = argparse.ArgumentParser(description="make bench-pipeline driver")
    ap.add_argument("--bins", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--bench-extract", required=True)
    ap.add_argument("--rate", type=float, default=500.0)
    ap.add_argument("--latency-secs", type=float, default=20.0)
    ap.add_argument("--phases", default="",
                    help="comma-separated phase names to run (default all); the fetcher phase "
                         "always runs, later phases read its records")
    a = ap.parse_args()
    for k in ("bins", "corpus", "work", "bench_extract"):
        setattr(a, k, os.path.abspath(getattr(a, k)))
    if "CLAIMWATCH_TEST_BOOTSTRAP" not in os.environ:
        sys.exit("driver.py: CLAIMWATCH_TEST_BOOTSTRAP is not set (run.sh starts a broker)")
    # A TERM (run.sh's timeout) unwinds through the phases' `finally`, which stop the services.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    b = Bench(a)
    if b.n == 0:
        sys.exit(f"driver.py: no .html file in {a.corpus}")
    steps = [("fetcher alone", b.fetcher_alone),
             ("extractor x1", lambda: b.extractor_backlog(1)),
             ("alerting alone", b.alerting_alone),
             ("extractor x2", lambda: b.extractor_backlog(2)),
             ("extractor x3", lambda: b.extractor_backlog(3)),
             ("whole pipeline", b.pipeline),
             ("latency", b.latency),
             ("pure extract()", b.pure)]
    wanted = {p.strip() for p in a.phases.split(",") if p.strip()}
    unknown = wanted - {name for name, _ in steps}
    if unknown:
        sys.exit(f"driver.py: unknown phases {sorted(unknown)}; known: {[n for n, _ in steps]}")
    if wanted:
        steps = [(n, f) for n, f in steps if n == "fetcher alone" or n in wanted]
    failed = False
    for name, step in steps:
        log(f"{name} ...")
        t = time.monotonic()
        try:
            step()
        except Exception as e:  # report what ran; a failed phase does not hide the others
            failed = True
            b.notes.append(f"{name} failed: {e}")
            log(f"{name} failed: {e}")
            if name in ("fetcher alone", "extractor x1"):
                break  # later phases read their outputs
        log(f"{name} took {time.monotonic() - t:.1f} s")
    b.report()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

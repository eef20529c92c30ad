#!/usr/bin/env bash
# test.sh: run the real compose stack (deploy/compose.yaml + deploy/compose.ci.yaml) and check it.
#
# usage: bash deploy/ci/test.sh        (run by `make test` / `make test-compose`)
#
# As root it installs and starts what it needs (deploy/ci/engine.sh), builds the base images
# once (deploy/ci/images.sh) and the service image from deploy/Dockerfile, then checks:
#   1. every service turns healthy and topic-init exits 0;
#   2. every topic of topic-init exists;
#   3. a sample article dropped into the fetcher's source folder gives an alert on
#      claimwatch.alerts.v1, Confluent-framed, that `claimwatch tail` decodes through the registry;
#   4. Prometheus has every claimwatch target up;
#   5. `docker compose down -v` leaves no container, volume or network behind (also on failure).
# Not root and no usable Docker engine: it says what is missing and exits 0 (skipped).
#
# environment: CLAIMWATCH_CI_PORT_BASE (default 19480): 9 ports from there on 127.0.0.1;
#   CLAIMWATCH_CI_CARGO_PROFILE (default dev; release as users build it).
# shellcheck disable=SC2317  # functions below run from traps
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly REPO
cd "$REPO"
msg() { printf 'compose-test: %s\n' "$*" >&2; }
T0=$SECONDS
elapsed() { echo "$((SECONDS - T0)) s"; }

# shellcheck source=deploy/ci/engine.sh
source "$REPO/deploy/ci/engine.sh"
rc=0
engine_ensure || rc=$?
if ((rc == 3)); then
    msg "SKIPPED: the compose stack cannot run here (see above)"
    exit 0
fi
# The machine, not claimwatch, failed (no package, no engine): in CI that must not hide every
# other test's result, so it is a loud skip unless CLAIMWATCH_COMPOSE_REQUIRED=1. Everything
# from the images on is claimwatch's and fails the run.
env_failed() {
    if [[ ${CLAIMWATCH_COMPOSE_REQUIRED:-0} == 1 ]]; then
        msg "FAILED: $*"
        exit 1
    fi
    msg "SKIPPED (environment): $* -- set CLAIMWATCH_COMPOSE_REQUIRED=1 to make this a failure"
    finished=1 # nothing of the stack to show or remove
    exit 0
}
((rc == 0)) || env_failed "cannot set up Docker (see above)"


base=${CLAIMWATCH_CI_PORT_BASE:-19480}
[[ $base =~ ^[0-9]+$ ]] && ((base >= 1024 && base <= 65520)) || { msg "CLAIMWATCH_CI_PORT_BASE must be 1024..65520"; exit 2; }
export CLAIMWATCH_CI_KAFKA_PORT=$base CLAIMWATCH_CI_KAFKA_CONTROLLER_PORT=$((base + 1)) \
    CLAIMWATCH_CI_REGISTRY_PORT=$((base + 2)) CLAIMWATCH_CI_REGISTRY_MANAGEMENT_PORT=$((base + 3)) \
    CLAIMWATCH_CI_FETCHER_PORT=$((base + 4)) CLAIMWATCH_CI_EXTRACTOR_PORT=$((base + 5)) \
    CLAIMWATCH_CI_ALERTING_PORT=$((base + 6)) CLAIMWATCH_CI_PROMETHEUS_PORT=$((base + 7)) \
    CLAIMWATCH_CI_NOTIFIER_PORT=$((base + 8))
for ((p = base; p < base + 9; p++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        msg "port 127.0.0.1:$p is in use: set CLAIMWATCH_CI_PORT_BASE to a free range of 9 ports"
        engine_stop
        exit 1
    fi
done

PROJECT=claimwatch-ci-$base
TMP=$(mktemp -d "${TMPDIR:-/tmp}/claimwatch-compose.XXXXXX")
chmod 755 "$TMP"
export CLAIMWATCH_CI_DROP_DIR=$TMP/drop CLAIMWATCH_CI_PROMETHEUS_CONFIG=$TMP/prometheus.yml
mkdir -m 755 "$CLAIMWATCH_CI_DROP_DIR"
dc() { "$COMPOSE" -p "$PROJECT" -f deploy/compose.yaml -f deploy/compose.ci.yaml "$@"; }

passed=0 failed=0
check() { # check NAME CMD...: one named check, counted
    local name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
        msg "ok: $name ($(elapsed))"
    else
        failed=$((failed + 1))
        msg "FAILED: $name ($(elapsed))"
        return 1
    fi
}

leftovers() {
    local kind out
    for kind in container volume network; do
        case $kind in
        container) out=$(docker ps -a -q --filter "label=com.docker.compose.project=$PROJECT") ;;
        *) out=$(docker "$kind" ls -q --filter "label=com.docker.compose.project=$PROJECT") ;;
        esac
        [[ -z $out ]] || { msg "left behind: ${kind}s $(echo "$out" | tr '\n' ' ')"; return 1; }
    done
}
down_clean() {
    dc down -v --remove-orphans --timeout 20 >"$TMP/down.log" 2>&1 || { cat "$TMP/down.log" >&2; return 1; }
    leftovers
}

finished=0
on_exit() {
    local code=$?
    trap - EXIT INT TERM HUP
    if ((!finished)); then
        msg "failed after $(elapsed): state and logs of the stack"
        dc ps -a >&2 || true
        dc logs --no-color --tail 40 >&2 || true
        down_clean || msg "WARNING: the stack was not removed cleanly"
    fi
    rm -rf "$TMP"
    engine_stop
    exit "$code"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# 0. images: the base images once, then the service image from the real Dockerfile
t=$SECONDS
images=$(bash deploy/ci/images.sh) || env_failed "building the local base images failed (see above)"
while IFS='=' read -r k v; do export "$k=$v"; done <<<"$images"
msg "base images ready in $((SECONDS - t)) s"

# compose.yaml's Prometheus configuration with the targets on 127.0.0.1
sed -e "s/\"fetcher:9464\"/\"127.0.0.1:$CLAIMWATCH_CI_FETCHER_PORT\"/" \
    -e "s/\"extractor:9464\"/\"127.0.0.1:$CLAIMWATCH_CI_EXTRACTOR_PORT\"/" \
    -e "s/\"alerting:9464\"/\"127.0.0.1:$CLAIMWATCH_CI_ALERTING_PORT\"/" \
    -e "s/\"notifier:9464\"/\"127.0.0.1:$CLAIMWATCH_CI_NOTIFIER_PORT\"/" \
    deploy/prometheus/prometheus.yml >"$CLAIMWATCH_CI_PROMETHEUS_CONFIG"
chmod 644 "$CLAIMWATCH_CI_PROMETHEUS_CONFIG"
if grep -q ':9464"' "$CLAIMWATCH_CI_PROMETHEUS_CONFIG"; then
    msg "deploy/prometheus/prometheus.yml has targets this test does not know"
    exit 1
fi

dc config -q || exit 1
# a stack of an earlier, interrupted run on the same ports
dc down -v --remove-orphans --timeout 10 >/dev/null 2>&1 || true

# CPU seconds spent by BuildKit's build steps so far (cgroup v1 accounting), or nothing
buildkit_cpu() {
    local f=/sys/fs/cgroup/cpuacct/docker/buildkit/cpuacct.usage
    [[ -r $f ]] && echo $(($(cat "$f") / 1000000000))
}
cpu0=$(buildkit_cpu || true)
t=$SECONDS
msg "building the service image from deploy/Dockerfile (profile ${CLAIMWATCH_CI_CARGO_PROFILE:-dev})"
if ! "${DOCKER_BUILD[@]}" --network host -f deploy/Dockerfile -t claimwatch:local \
    --build-arg "RUST_IMAGE=$CLAIMWATCH_CI_RUST_IMAGE" --build-arg "RUNTIME_IMAGE=$CLAIMWATCH_CI_DEBIAN_IMAGE" \
    --build-arg "CARGO_PROFILE=${CLAIMWATCH_CI_CARGO_PROFILE:-dev}" --progress plain . >"$TMP/build.log" 2>&1; then
    tail -n 40 "$TMP/build.log" >&2
    exit 1
fi
cpu1=$(buildkit_cpu || true)
msg "service image built in $((SECONDS - t)) s${cpu1:+ (build steps: $((cpu1 - ${cpu0:-0})) CPU s)}"

# 1. the stack up, every service healthy
t=$SECONDS
if ! dc up -d --no-build >"$TMP/up.log" 2>&1; then
    cat "$TMP/up.log" >&2
    check "compose up" false || exit 1
fi
healthy_all() {
    local s deadline=$((SECONDS + 240)) st
    while ((SECONDS < deadline)); do
        local pending=()
        for s in kafka schema-registry fetcher extractor alerting notifier prometheus; do
            st=$(docker inspect -f '{{.State.Health.Status}}' "$(dc ps -q "$s")" 2>/dev/null || echo missing)
            [[ $st == healthy ]] || pending+=("$s:$st")
        done
        st=$(docker inspect -f '{{.State.Status}}/{{.State.ExitCode}}' "$(dc ps -a -q topic-init)" 2>/dev/null || echo missing)
        [[ $st == exited/0 ]] || pending+=("topic-init:$st")
        ((${#pending[@]})) || return 0
        sleep 2
    done
    msg "not healthy after 240 s: ${pending[*]}"
    return 1
}
check "every service healthy, topic-init done" healthy_all || exit 1
msg "stack up and healthy in $((SECONDS - t)) s"

# 2. the topics of topic-init
topics_created() {
    local want have missing=()
    want=$(sed -n 's/^ *t \(claimwatch[^ ]*\) .*/\1/p' deploy/compose.yaml | sort)
    [[ $(wc -l <<<"$want") -ge 10 ]] || { msg "found only $(wc -l <<<"$want") topics in topic-init"; return 1; }
    have=$(dc exec -T kafka /opt/kafka/bin/kafka-topics.sh --bootstrap-server "127.0.0.1:$CLAIMWATCH_CI_KAFKA_PORT" --list | sort)
    mapfile -t missing < <(comm -23 <(echo "$want") <(echo "$have"))
    ((${#missing[@]} == 0)) || { msg "topics missing: ${missing[*]}"; return 1; }
}
check "topic-init created every topic" topics_created || exit 1

# 3. a sample article in the fetcher's folder -> an alert, decoded through the registry
article=samples/articles/01-dprk-workers-russia.html
install -m 644 "$article" "$CLAIMWATCH_CI_DROP_DIR/"
alert_decoded() {
    local out
    out=$(dc exec -T alerting claimwatch tail claimwatch.alerts.v1 \
        --bootstrap-servers "127.0.0.1:$CLAIMWATCH_CI_KAFKA_PORT" --from-beginning \
        --max 1 --timeout-secs 180 --json 2>"$TMP/tail.err") || { cat "$TMP/tail.err" >&2; return 1; }
    printf '%s\n' "$out" >"$TMP/alert.json"
    python3 - "$TMP/alert.json" "$CLAIMWATCH_CI_REGISTRY_PORT" <<'PY'
import json, sys, urllib.request
lines = [l for l in open(sys.argv[1]) if l.strip()]
if len(lines) != 1:
    sys.exit(f"expected one alert, got {len(lines)} lines: {lines[:3]}")
a = json.loads(lines[0])
if "error" in a:
    sys.exit(f"tail could not decode the alert: {a}")
text = json.dumps(a)
if a.get("watch_topic_id") != "dprk-workers-russia" or a.get("source_id") != "drop":
    sys.exit(f"not an alert of dprk-workers-russia on the dropped article: {text[:400]}")
# the schema the alert was framed with is in the stack's registry
subjects = json.load(urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[2]}/apis/ccompat/v7/subjects", timeout=10))
if "claimwatch.alerts.v1-value" not in subjects:
    sys.exit(f"no claimwatch.alerts.v1-value subject in the registry: {subjects}")
print(f"alert for dprk-workers-russia decoded ({len(text)} bytes of JSON)", file=sys.stderr)
PY
}
check "dropped article -> alert decoded through the registry" alert_decoded || exit 1

# the record on the topic is Confluent-framed (magic byte 0, then the schema id)
confluent_framed() {
    local first
    first=$(kcat -C -b "127.0.0.1:$CLAIMWATCH_CI_KAFKA_PORT" -t claimwatch.alerts.v1 -X isolation.level=read_committed \
        -o beginning -c 1 -e -q -f '%s' 2>/dev/null | head -c 5 | od -An -tx1 | tr -d ' \n')
    [[ ${first:0:2} == 00 && ${#first} == 10 ]] || { msg "first bytes of the alert: '$first' (want 00 + a 4-byte schema id)"; return 1; }
}
check "alert on claimwatch.alerts.v1 is Confluent-framed" confluent_framed || exit 1

# 4. Prometheus scrapes every claimwatch target
targets_up() {
    local deadline=$((SECONDS + 60))
    while :; do
        if curl -sf "http://127.0.0.1:$CLAIMWATCH_CI_PROMETHEUS_PORT/api/v1/targets" >"$TMP/targets.json" &&
            python3 - "$TMP/targets.json" "$REPO/deploy/prometheus/prometheus.yml" <<'PY'; then
import json, re, sys
jobs = set(re.findall(r"job_name:\s*(\S+)", open(sys.argv[2]).read()))
active = json.load(open(sys.argv[1]))["data"]["activeTargets"]
up = {t["labels"]["job"] for t in active if t["health"] == "up"}
if not jobs or jobs - up:
    print(f"not up: {sorted(jobs - up)} of {sorted(jobs)}; targets: {[(t['labels']['job'], t['health'], t.get('lastError')) for t in active]}", file=sys.stderr)
    sys.exit(1)
PY
            return 0
        fi
        ((SECONDS < deadline)) || return 1
        sleep 3
    done
}
check "Prometheus: every claimwatch target up" targets_up || exit 1

# 5. down -v leaves nothing behind
t=$SECONDS
check "compose down -v leaves nothing behind" down_clean || exit 1
finished=1
msg "stack removed in $((SECONDS - t)) s; whole compose test $(elapsed)"
echo "compose-test: $passed passed, $failed failed"

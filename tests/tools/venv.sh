#!/usr/bin/env bash
# venv.sh: create (once) the Python venv used by claimwatch's test helpers and
# print the path of its python on the last line of stdout.
#
# usage: PY=$(bash tests/tools/venv.sh | tail -n1); "$PY" tests/tools/smoke_kafka.py
#
# The venv lives at <repo>/.cache/venv (git-ignored) and gets fastavro and
# confluent-kafka with its Avro schema-registry support, pinned below, as binary
# wheels only. A stamp file keyed on the pins and the base interpreter makes
# reruns instant; change a pin and the next run reinstalls.
#
# environment:
#   CLAIMWATCH_PYTHON   base interpreter to build the venv from (default python3)
set -euo pipefail

readonly NAME=venv.sh
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
readonly SCRIPT_DIR REPO_ROOT
readonly VENV=$REPO_ROOT/.cache/venv
readonly STAMP=$VENV/.claimwatch-stamp

# confluent-kafka's [avro] extra brings its schema-registry client and AvroDeserializer
# (tests/interop/decode_alerts_registry.py); its dependencies are pinned too.
readonly REQUIREMENTS=(
    "fastavro==1.13.1"
    "confluent-kafka[avro]==2.16.1"
    "avro==1.12.2"
    "attrs==26.1.0"
    "cachetools==8.0.2"
    "certifi==2026.10.19.post1"
    "httpx2==2.16.2"
    "httpcore2==2.16.2"
    "Authlib==1.9.10"
    "requests==2.34.2"
)

msg() { printf '%s: %s\n' "$NAME" "$*" >&2; }
die() { msg "$*"; exit 1; }

base=${CLAIMWATCH_PYTHON:-python3}
command -v "$base" >/dev/null 2>&1 || die "'$base' not found on PATH (install python3, or set CLAIMWATCH_PYTHON)"
base_id=$("$base" -c 'import sys; print(sys.executable, sys.version.split()[0])') ||
    die "'$base' does not run"
want="$base_id | ${REQUIREMENTS[*]}"

vpy=$VENV/bin/python
if [[ -x $vpy && -f $STAMP && $(cat "$STAMP") == "$want" ]]; then
    echo "$vpy"
    exit 0
fi

mkdir -p "$(dirname "$VENV")"
exec 9>"$VENV.lock"
flock -w 600 9 || die "timed out waiting for $VENV.lock"
if [[ -x $vpy && -f $STAMP && $(cat "$STAMP") == "$want" ]]; then
    echo "$vpy"
    exit 0
fi

# venv needs ensurepip, which Debian splits out into python3-venv
if ! "$base" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        msg "python venv/ensurepip module missing: installing python3-venv"
        export DEBIAN_FRONTEND=noninteractive
        apt-get -q -o DPkg::Lock::Timeout=300 update >/dev/null || die "apt-get update failed"
        apt-get install -y -q --no-install-recommends python3-venv >/dev/null ||
            die "apt-get install python3-venv failed"
        "$base" -c 'import venv, ensurepip' >/dev/null 2>&1 ||
            die "'$base' still has no venv/ensurepip after installing python3-venv (it is not Debian's python; set CLAIMWATCH_PYTHON=/usr/bin/python3)"
    else
        die "'$base' has no venv/ensurepip module: install python3-venv (apt-get install -y python3-venv) as root"
    fi
fi

# (re)create from scratch when the base interpreter or pins changed or it is broken
if [[ -e $VENV ]]; then
    msg "recreating $VENV"
    rm -rf "$VENV"
fi
msg "creating venv at ${VENV#"$REPO_ROOT"/} from $base_id"
"$base" -m venv "$VENV" || die "python3 -m venv failed"
"$vpy" -m pip install -q --disable-pip-version-check --only-binary=:all: "${REQUIREMENTS[@]}" ||
    die "pip install failed: ${REQUIREMENTS[*]}"
"$vpy" -c 'import fastavro, confluent_kafka, confluent_kafka.schema_registry.avro' ||
    die "installed packages do not import"
printf '%s' "$want" >"$STAMP"
msg "venv ready: $("$vpy" -c 'import importlib.metadata as m; print(", ".join(f"{p} {m.version(p)}" for p in ("fastavro", "confluent-kafka")))')"
echo "$vpy"

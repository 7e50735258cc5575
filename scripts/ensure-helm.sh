#!/usr/bin/env bash
# Resolves Helm's own code (helm-java: the Java API and the native linux-amd64 library that is Helm's Go
# code) from Maven Central into the git-ignored .local/helm/libs, once, the way scripts/infra/kafka.sh
# takes Kafka's jars; the chart checks (deploy/k8s/test/*.spec.ts) run `helm lint` and `helm template`
# in-process through scripts/helm/HelmRunner.java. Prints nothing when the cache is current.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/infra/lib.sh
. "$ROOT/scripts/infra/lib.sh"

HELM_POM="$ROOT/infra/helm/pom.xml"
HELM_LIBS="$LOCAL_DIR/helm/libs"

# java's single-file source launcher compiles the runner, so a JDK (jdk.compiler), not only a JRE.
command -v javac >/dev/null 2>&1 || apt_install helm openjdk-17-jdk-headless
want=$(sha256sum "$HELM_POM" | cut -d' ' -f1)
if [[ -f "$HELM_LIBS/.complete" && "$(cat "$HELM_LIBS/.complete")" == "$want" ]] \
   && compgen -G "$HELM_LIBS/linux-amd64-*.jar" >/dev/null; then
  exit 0
fi
command -v mvn >/dev/null 2>&1 || apt_install helm maven
log "resolving helm-java (Helm's lint and template) from Maven Central (first run only)…"
start=$(now_ms)
tmp="$HELM_LIBS.tmp"
rm -rf "$tmp"
mkdir -p "$tmp"
# Maven 3.8 prints stray ANSI resets even with -q -B: strip them (pipefail keeps mvn's status).
mvn -q -B -Dstyle.color=never -f "$HELM_POM" dependency:copy-dependencies \
  -DoutputDirectory="$tmp" -DincludeScope=runtime 2>&1 \
  | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^[[:space:]]*$/d' >&2 \
  || die "Maven could not resolve helm-java (is Maven Central reachable? see output above)"
compgen -G "$tmp/linux-amd64-*.jar" >/dev/null || die "Maven finished but no helm-java linux-amd64 jar was copied into $tmp"
rm -rf "$HELM_LIBS"
mv "$tmp" "$HELM_LIBS"
echo "$want" >"$HELM_LIBS/.complete"
log "helm-java ready in ${HELM_LIBS#"$ROOT"/} ($(find "$HELM_LIBS" -name '*.jar' | wc -l) jars, $(elapsed "$start"))"

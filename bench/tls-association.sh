#!/usr/bin/env bash
# DICOM TLS cost per association on our SCP (see TlsAssociationCost.java): clear text vs TLS 1.3/1.2,
# RSA-2048 and EC P-256 certificates made with openssl at run time (nothing kept).
# Usage: bench/tls-association.sh [associations=300]. Needs core compiled (mvn -o -q -pl core compile).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/bench-tls"
mkdir -p "$work/classes"
cp_file="$work/classpath.txt"
mvn -B -o -q -f "$root/core/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >/dev/null
cp="$root/core/target/classes:$(cat "$cp_file")"
javac -d "$work/classes" -cp "$cp" "$root"/bench/src/main/java/org/gbscan/bench/tls/*.java
cat > "$work/logback.xml" <<'XML'
<configuration><appender name="E" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%msg%n</pattern></encoder></appender>
<root level="WARN"><appender-ref ref="E"/></root></configuration>
XML
exec java -Xmx512m -Dlogback.configurationFile="$work/logback.xml" -cp "$work/classes:$cp" org.gbscan.bench.tls.TlsAssociationCost "${1:-300}" "$work"

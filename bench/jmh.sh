#!/usr/bin/env bash
# bench/jmh.sh [JMH OPTIONS]: builds the bench module (profile bench, not part of the default build) with the
# compiler of this checkout and runs its JMH benchmarks (bench/src/main/java). M2 names the Maven repository.
# Example: bench/jmh.sh -f 1 -wi 2 -i 3 HotPaths.writeCanonicalYaml
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
M2=${M2:-$HOME/.m2/repository}
cd "$ROOT"
mvn -q -Dmaven.repo.local="$M2" -Pbench -pl bench -am package -DskipTests dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$ROOT/bench/target/classpath.txt"
exec java -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" org.openjdk.jmh.Main "$@"

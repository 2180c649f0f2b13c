#!/usr/bin/env bash
# bench/startup.sh: what a fresh JVM costs the command line, as ratios. Not part of `mvn install`.
#
# Runs `validate` and a no-op `compile` of the root mesh.istiodsl in a fresh JVM each, the variants of one round in
# turn (the order rotates every round, one warm-up round not counted), and prints per variant its median wall and CPU
# (user + sys) time with min–max, and its ratio to `default` taken round by round. Variants:
#   default      java -jar, the JDK's own class-data archive (what bin/istiodsl did before it archived its classes)
#   noshare      -Xshare:off, no class-data sharing at all
#   launcher     bin/istiodsl, mapping the archive of its classes that its first run wrote (AppCDS)
#   c1           -XX:TieredStopAtLevel=1, the client compiler only
#   launcher-c1  bin/istiodsl with JAVA_OPTS=-XX:TieredStopAtLevel=1
#
# Run it from the project root after `mvn -q install -DskipTests`. Environment: RUNS (rounds, default 7), COMMANDS
# (default "validate compile"), VARIANTS (default all five), WORK (scratch, default /tmp/istiodsl-startup), FLAGS
# (the commands' options, default the chart mirror and the istioctl stand-ins that `mvn install` prepares here).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RUNS=${RUNS:-7}
COMMANDS=${COMMANDS:-validate compile}
read -r -a VARIANTS <<< "${VARIANTS:-default noshare launcher c1 launcher-c1}"
WORK=${WORK:-/tmp/istiodsl-startup}
FLAGS=${FLAGS:---chartRepository=target/istio-charts-repository --istioctlDirectory=tools/istioctl-replay --offline}
JAR=$(ls cli/target/istiodsl-cli-*-all.jar)
rm -rf "$WORK" && mkdir -p "$WORK"
export ISTIODSL_CDS_DIRECTORY=$WORK/cds

command_of() { # command_of VARIANT: the command line of one variant
  case $1 in
    default) echo "java -jar $JAR" ;;
    noshare) echo "java -Xshare:off -jar $JAR" ;;
    c1) echo "java -XX:TieredStopAtLevel=1 -jar $JAR" ;;
    launcher) echo "env ISTIODSL_JAR=$JAR bin/istiodsl" ;;
    launcher-c1) echo "env ISTIODSL_JAR=$JAR JAVA_OPTS=-XX:TieredStopAtLevel=1 bin/istiodsl" ;;
    *) echo "unknown variant $1" >&2; exit 2 ;;
  esac
}

# The launcher's first run writes the archive (and the compile writes the tree, so every later compile is a no-op).
# shellcheck disable=SC2086
env ISTIODSL_JAR="$JAR" bin/istiodsl compile $FLAGS > "$WORK/first.log" 2>&1
ls "$WORK/cds"/*.jsa > /dev/null

echo "istiodsl start-up bench: $(date -u +%FT%TZ), $(git rev-parse --short HEAD), $(java -version 2>&1 | head -n 1)," \
  "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), RUNS=$RUNS"
for cmd in $COMMANDS; do
  : > "$WORK/$cmd.tsv"
  for ((round = 0; round <= RUNS; round++)); do
    for ((k = 0; k < ${#VARIANTS[@]}; k++)); do
      v=${VARIANTS[$(((k + round) % ${#VARIANTS[@]}))]}
      # shellcheck disable=SC2046,SC2086
      /usr/bin/time -o "$WORK/time.txt" -f '%e %U %S %x' $(command_of "$v") "$cmd" $FLAGS > "$WORK/out.txt" 2>&1 \
        || true
      [ "$round" -eq 0 ] || echo "$round $v $(tail -n 1 "$WORK/time.txt")" >> "$WORK/$cmd.tsv"
    done
  done
  awk -v cmd="$cmd" -v order="${VARIANTS[*]}" '
    function median(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
      return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    { wall[$2, $1] = $3; cpu[$2, $1] = $4 + $5; if ($6 != 0) failed[$2] = 1; rounds[$1] = 1 }
    END {
      nv = split(order, vs, " ")
      for (k = 1; k <= nv; k++) {
        v = vs[k]; n = 0
        for (r in rounds) { n++; w[n] = wall[v, r]; c[n] = cpu[v, r]; rw[n] = wall[v, r] / wall["default", r]; rc[n] = c[n] / cpu["default", r] }
        mw = median(w, n); mc = median(c, n); mrw = median(rw, n); mrc = median(rc, n)
        printf "  %-8s %-12s wall %5.2fs (%.2f-%.2f) x%.2f (%.2f-%.2f)   cpu %5.2fs (%.2f-%.2f) x%.2f (%.2f-%.2f)  n=%d%s\n",
          cmd, v, mw, w[1], w[n], mrw, rw[1], rw[n], mc, c[1], c[n], mrc, rc[1], rc[n], n, (v in failed) ? "  (a run failed)" : ""
      }
    }' "$WORK/$cmd.tsv"
done

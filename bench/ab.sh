#!/usr/bin/env bash
# bench/ab.sh [SECTION...]: the figures of issue 17 as ratios, this checkout (B = "new") side by side with a baseline
# commit (A = "base") and with kustomize and a floor, in one run. Not part of `mvn install`.
#
# Sections (default: p1 p3 p4 p2): see bench/README.md. Every comparison alternates its two commands (A B A B ...,
# one warm-up pair not counted) and takes the ratio pair by pair: on a shared machine only ratios mean anything.
#
# Environment: BASE (git ref of the baseline, default main), RUNS (pairs, default 5), WORK (scratch, default
# /tmp/istiodsl-ab; /dev/shm/... takes fsync out), SIZES (p2, default "100 1000"), M2 (Maven repository, default
# ~/.m2/repository), YARDSTICK (the shared bench: gen-mesh.sh, gen-kustomize.sh, kustomize-build.sh, java/Driver.java,
# java/Floor.java; default ../shared/bench), FIXTURES (the recorded renders), BUILD=0 (reuse WORK/cp-new.txt).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
YARDSTICK=${YARDSTICK:-$(cd "$ROOT/.." && pwd)/shared/bench}
FIXTURES=${FIXTURES:-$(cd "$ROOT/.." && pwd)/shared/fixtures/istio-helm-rendered}
WORK=${WORK:-/tmp/istiodsl-ab}
RUNS=${RUNS:-5}
SIZES=${SIZES:-100 1000}
BASE=${BASE:-main}
M2=${M2:-$HOME/.m2/repository}
mkdir -p "$WORK/results" "$WORK/logs"
LOG="$WORK/logs"

# --- the two compilers: the baseline commit and this checkout, each packaged into its own folder ----------------
build() { # build NAME SOURCE_DIR: packages compiler (and what it needs) and writes WORK/cp-NAME.txt
  (cd "$2" && mvn -q -Dmaven.repo.local="$M2" -pl compiler -am package -DskipTests dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/deps-$1.txt" > "$LOG/build-$1.log" 2>&1)
  tr ':' '\n' < "$WORK/deps-$1.txt" | grep -v -E 'junit|opentest4j|apiguardian|assertj|byte-buddy|jazzer' \
    | paste -sd: | sed "s#\$#:$2/compiler/target/istiodsl-compiler-0.1.0-SNAPSHOT.jar#" > "$WORK/cp-$1.txt"
}
setup() {
  if [ ! -s "$WORK/cp-base.txt" ]; then
    rm -rf "$WORK/base-src" && mkdir -p "$WORK/base-src"
    git -C "$ROOT" archive "$BASE" | tar -x -C "$WORK/base-src"
    build base "$WORK/base-src"
  fi
  [ "${BUILD:-1}" = 0 ] && [ -s "$WORK/cp-new.txt" ] || build new "$ROOT"
  mkdir -p "$WORK/classes"
  javac -d "$WORK/classes" -cp "$(cat "$WORK/cp-new.txt")" "$YARDSTICK/java/Driver.java" "$YARDSTICK/java/Floor.java"
  BASEJ=(java -cp "$(cat "$WORK/cp-base.txt"):$WORK/classes")
  NEWJ=(java -cp "$(cat "$WORK/cp-new.txt"):$WORK/classes")
}

# --- timing (wall, user, sys, max RSS, exit status of each side; ratio A/B) -------------------------------------
one() {
  local t rc=0
  t=$(mktemp)
  /usr/bin/time -f '%e %U %S %M' -o "$t" bash -c "$1" >>"$LOG/$SECTION.log" 2>&1 || rc=$?
  printf '%s %s\n' "$(tail -n 1 "$t")" "$rc"
  rm -f "$t"
}
stats() { # "median min max n" of column $2 of file $1
  awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{v[NR]=$1} END { if (NR == 0) { print "0 0 0 0"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f %.3f %.3f %d\n", m, v[1], v[NR], NR }'
}
pair() { # pair NAME A B
  local name=$1 out="$WORK/results/$1.tsv" i
  : > "$out"
  echo "== $name: A = $2 ; B = $3" >> "$LOG/$SECTION.log"
  for i in $(seq 0 "$RUNS"); do
    local ta tb
    ta=$(one "$2"); tb=$(one "$3")
    [ "$i" -eq 0 ] && continue
    echo "$ta $tb" | awk '{ printf "%s %.4f\n", $0, ($6 > 0 ? $1 / $6 : 0) }' >> "$out"
  done
  awk '$5 != 0 || $10 != 0 { bad = 1 } END { exit !bad }' "$out" && echo "  WARNING: a command failed, see $LOG/$SECTION.log"
  read -r am amin amax n < <(stats "$out" 1)
  read -r bm bmin bmax _ < <(stats "$out" 6)
  read -r rm rmin rmax _ < <(stats "$out" 11)
  printf '  %-30s A %6ss (%s-%s)  B %6ss (%s-%s)  A/B %s (%s-%s)  n=%s\n' "$name" "$am" "$amin" "$amax" "$bm" \
    "$bmin" "$bmax" "$rm" "$rmin" "$rmax" "$n"
}
mesh() { [ -f "$2/mesh.istiodsl" ] || "$YARDSTICK/gen-mesh.sh" "$1" "$2" "$FIXTURES" > /dev/null; }
compile() { # compile JAVA-ARRAY-NAME DIR [JVM options]: a cold compile, tree deleted first
  local -n j=$1
  echo "rm -rf '$2/deploy' '$2/target/istiodsl'; ${j[*]} ${3:-} Driver compile '$2'"
}
recompile() { local -n j=$1; echo "${j[*]} Driver compile '$2'"; }

p1() {
  echo "P1: 50 environments x 2 revisions, in-process compile (fresh JVM) vs kubectl kustomize. Target: kustomize/new >= 5."
  mesh 50 "$WORK/m50"
  [ -d "$WORK/k50" ] || "$YARDSTICK/gen-kustomize.sh" 50 "$WORK/k50" "$FIXTURES" > /dev/null
  local kust="'$YARDSTICK/kustomize-build.sh' '$WORK/k50' 1"
  pair p1-base-vs-new "$(compile BASEJ "$WORK/m50")" "$(compile NEWJ "$WORK/m50")"
  pair p1-kustomize-vs-new "$kust" "$(compile NEWJ "$WORK/m50")"
  pair p1-kustomize-vs-base "$kust" "$(compile BASEJ "$WORK/m50")"
}

p3() {
  echo "P3: compile vs the floor (Jackson reads the inputs once, writes as many files and bytes). Target: new/floor <= 2."
  mesh 50 "$WORK/m50"
  SECTION=p3 one "$(compile NEWJ "$WORK/m50")" > /dev/null
  read -r files bytes < <(find "$WORK/m50/deploy/istio" -type f -printf '%s\n' | awk '{ n++; b += $1 } END { print n, b }')
  local floor="rm -rf '$WORK/floor'; ${NEWJ[*]} Floor '$WORK/floor' 50 $((files / 50)) $((bytes / 50))"
  local inputs="'$WORK/m50/render/r1246.yaml' '$WORK/m50/render/r1228.yaml'"
  pair p3-new-vs-floor "$(compile NEWJ "$WORK/m50")" "$floor $inputs"
  pair p3-base-vs-floor "$(compile BASEJ "$WORK/m50")" "$floor $inputs"
  pair p3-new-vs-floor-fsync "$(compile NEWJ "$WORK/m50")" "$floor --fsync $inputs"
}

p4() {
  echo "P4: no-op recompile (tree up to date) vs a cold compile, 50 environments. Target: writes nothing."
  mesh 50 "$WORK/m50"
  local d="$WORK/m50"
  SECTION=p4 one "$(compile NEWJ "$d")" > /dev/null
  local before after
  before=$(stat -c %i "$d/deploy/istio")
  SECTION=p4 one "$(recompile NEWJ "$d")" > /dev/null
  after=$(stat -c %i "$d/deploy/istio")
  echo "  new: output folder inode before/after a no-op: $before/$after ($([ "$before" = "$after" ] && echo 'not swapped' || echo swapped))"
  echo "  new, no-op: $(strace -f -c -e trace=fsync,fdatasync,openat "${NEWJ[@]}" Driver compile "$d" 2>&1 >/dev/null | grep -E 'fsync|fdatasync' | awk '{ print $4, $NF }' | tr '\n' ' ' || echo 'strace unavailable') (calls, syscall)"
  pair p4-new-noop-vs-new-cold "$(recompile NEWJ "$d")" "$(compile NEWJ "$d")"
  pair p4-new-noop-vs-new-verify "$(recompile NEWJ "$d")" "${NEWJ[*]} Driver verify '$d'"
  SECTION=p4 one "$(compile BASEJ "$d")" > /dev/null
  pair p4-base-noop-vs-base-cold "$(recompile BASEJ "$d")" "$(compile BASEJ "$d")"
  pair p4-base-noop-vs-base-verify "$(recompile BASEJ "$d")" "${BASEJ[*]} Driver verify '$d'"
}

p2() {
  echo "P2: heap. A compile of each size with -Xmx512m, base and new (one run each; exit 0 = passed)."
  local k rc
  for k in $SIZES; do
    mesh "$k" "$WORK/m$k"
    for side in base new; do
      rc=0
      rm -rf "$WORK/m$k/deploy"
      local cmd=("${BASEJ[@]}")
      [ "$side" = new ] && cmd=("${NEWJ[@]}")
      /usr/bin/time -f '%e %M' -o "$WORK/t.txt" timeout 900 "${cmd[@]}" -Xmx512m Driver compile "$WORK/m$k" \
        > "$WORK/xmx.txt" 2>&1 || rc=$?
      cat "$WORK/xmx.txt" >> "$LOG/p2.log"
      # time(1) puts "Command exited with non-zero status N" before its figures when the command fails.
      read -r wall rss < <(tail -n 1 "$WORK/t.txt")
      printf '  %-4s %5d environments, -Xmx512m: exit %s, wall %s s, peak RSS %s MB %s\n' "$side" "$k" "$rc" \
        "$wall" "$(( rss / 1024 ))" "$(grep -m1 -o 'OutOfMemoryError.*\|heap peak.*' "$WORK/xmx.txt" || true)"
    done
  done
}

setup
echo "istiodsl A/B bench: $(date -u +%FT%TZ), base $(git -C "$ROOT" rev-parse --short "$BASE"), new $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo '+changes'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), WORK=$WORK, RUNS=$RUNS"
for SECTION in ${*:-p1 p3 p4 p2}; do
  : > "$LOG/$SECTION.log"
  "$SECTION"
done

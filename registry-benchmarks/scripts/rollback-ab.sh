#!/usr/bin/env bash
# A/B of two or more installs of the `registry` command on one rollback, as cli-vs-gto.sh times it:
# the same generated registry and local state restored (and synced) before every run, the installs
# alternated and their order reversed every other round (the second of two back-to-back runs is
# often faster here), medians of wall time and of CPU time (user + system, /usr/bin/time).
#
# usage: registry-benchmarks/scripts/rollback-ab.sh WORK N ROUNDS REGISTRY...
#   WORK      a WORK directory left by cli-vs-gto.sh run for this one size N (ours-N,
#             ours-N.pristine, home, and state.pristine, which holds the local state of the last N
#             that script ran): `WORK=/tmp/w OPS=rollback registry-benchmarks/scripts/cli-vs-gto.sh N`
#   REGISTRY  bin/registry of each install (unpack the dists of two commits side by side); each
#             records its CDS archive on an untimed first run
# example: registry-benchmarks/scripts/rollback-ab.sh /tmp/w 5000 12 /tmp/old/bin/registry /tmp/new/bin/registry
set -uo pipefail
[ $# -ge 4 ] || { sed -n '2,15p' "$0" >&2; exit 2; }
WORK=$1 N=$2 ROUNDS=$3; shift 3
cd "$WORK" || exit 2
export HOME=$WORK/home GIT_CONFIG_NOSYSTEM=1 REGISTRY_JAVA_OPTS="-Duser.home=$WORK/home"
W=$WORK/ours-$N STATE=$HOME/.cache/model-registry/state
[ -d "$W.pristine" ] && [ -d state.pristine ] || { echo "no $W.pristine or state.pristine in $WORK" >&2; exit 2; }
restore() { rm -rf "$W" "$STATE"; cp -a "$W.pristine" "$W"; cp -a state.pristine "$STATE"; sync; }
rollback() { # REGISTRY: runs one rollback, prints "wall cpu"
  /usr/bin/time -o "$WORK/ab.time" -f "%e %U %S" "$1" rollback --url "$W/registry.git" \
    --model bench_model --reason "rollback A/B" --signing-key "$W/keys/ops" >"$WORK/ab.out" 2>&1 \
    || { echo "FAIL: $1" >&2; cat "$WORK/ab.out" >&2; exit 1; }
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$WORK/ab.time"
}
regs=("$@")
for reg in "${regs[@]}"; do restore; rollback "$reg" >/dev/null || exit 1; done # CDS, page cache
declare -A WALL CPU
for ((r = 1; r <= ROUNDS; r++)); do
  order=($(seq 0 $((${#regs[@]} - 1))))
  ((r % 2 == 0)) && order=($(seq $((${#regs[@]} - 1)) -1 0))
  for i in "${order[@]}"; do
    restore
    out=$(rollback "${regs[$i]}") || exit 1
    read -r wall cpu <<<"$out"
    WALL[$i]="${WALL[$i]:-} $wall" CPU[$i]="${CPU[$i]:-} $cpu"
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
for i in "${!regs[@]}"; do
  echo "wall $(median ${WALL[$i]}) s  cpu $(median ${CPU[$i]}) s  ${regs[$i]}"
  echo "  wall:${WALL[$i]}"
  echo "  cpu: ${CPU[$i]}"
done

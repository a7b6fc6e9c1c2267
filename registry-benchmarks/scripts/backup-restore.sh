#!/usr/bin/env bash
# Whole-command benchmark of disaster recovery: `registry backup` and `registry restore` of a
# generated registry beside `git bundle create --all` and `git clone --mirror` of that bundle (the
# Git work inside each), an incremental backup after one new version, and `registry gc`'s dry run.
# One process per command as a user types it; ours and git's alternate within each round; medians
# of RUNS rounds.
#
# usage: registry-benchmarks/scripts/backup-restore.sh [N]       (default: 10000 versions)
# env:   RUNS=5   REGISTRY=<bin/registry> (default: the registry-cli dist unpacked into WORK)
#        WORK=<temp dir>   BENCH_REGISTRIES=/tmp/registry-bench (GenerateRegistry's cache)
# needs: registry-benchmarks/target/benchmarks.jar and registry-cli/target/registry-cli-*-dist.tar.gz
#          (./mvnw -B -q -DskipTests package -Dinvoker.skip=true -pl registry-benchmarks,registry-cli -am)
#
# The registry: GenerateRegistry N (N versions of one model, one register commit each on main, N/2
# signed promotions on production; every version points to one shared 2 KiB artifact), so the Git
# history is what a backup and a restore move; the artifact bytes are small.
#
# The rows
#   backup       registry backup --url R --output <new location>   (a full backup: bundle of every
#                ref, the artifacts, manifest, then the check that reads it all back)
#                | git bundle create B --all   (the bundle alone: no check, no artifacts)
#   restore      registry restore --url <new path> --output <that backup> --force   (checks the
#                whole backup, then restores refs and artifacts)
#                | git clone --mirror B <new path>   (the bundle alone)
#   incremental  registry backup into a location holding a backup, after one new version was
#                registered (untimed): time, and the bytes the location grew by (du, hard links once)
#                | git bundle create of the same registry again (what a full bundle costs)
#   gc-dry-run   registry gc --url R   (reports what the retention policy would collect) | -
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
RUNS=${RUNS:-5}
N=${1:-10000}
JAR=$root/registry-benchmarks/target/benchmarks.jar
die() { echo "backup-restore: $*" >&2; exit 2; }
[ -f "$JAR" ] || die "no $JAR"

WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/backup-restore.XXXXXX")}
mkdir -p "$WORK" && WORK=$(cd "$WORK" && pwd -P) && cd "$WORK" || exit 2
if [ -z "${REGISTRY:-}" ]; then
  dist=$(ls "$root"/registry-cli/target/registry-cli-*-dist.tar.gz 2>/dev/null | head -1)
  [ -n "$dist" ] || die "no registry-cli dist (or set REGISTRY)"
  mkdir -p "$WORK/install" && tar -xzf "$dist" -C "$WORK/install" || die "cannot unpack $dist"
  REGISTRY=$(ls -d "$WORK"/install/*/bin/registry | head -1)
fi
export HOME=$WORK/home && mkdir -p "$HOME"
export REGISTRY_JAVA_OPTS="-Duser.home=$HOME"
unset REGISTRY_URL REGISTRY_MODEL REGISTRY_SIGNING_KEY XDG_CACHE_HOME
git config --global user.name bench; git config --global user.email bench@example.com

echo "generating (or reusing) a registry of $N versions..."
gen=$(java -cp "$JAR" -Dbench.registries="${BENCH_REGISTRIES:-/tmp/registry-bench}" \
  dev.modelregistry.benchmarks.GenerateRegistry "$N" | grep '=') || die "GenerateRegistry failed"
src=$(echo "$gen" | sed -n 's/^gitDir=//p')
REG=$WORK/registry
cp -a "$src" "$REG"
PROD=$(git -C "$REG" rev-parse production)
"$REGISTRY" status --url "$REG" >/dev/null 2>&1 # untimed: the class archive, the local state

now_us() { local t=$EPOCHREALTIME; echo $(( 10#${t/./} )); }
T=
timed() { # CMD...: sets T (seconds) or FAIL
  local s e; s=$(now_us); "$@" >"$WORK/out" 2>"$WORK/err"; local rc=$?; e=$(now_us)
  if [ $rc -ne 0 ]; then T=FAIL; echo "  FAIL (exit $rc): $*"; tail -3 "$WORK/err"; return; fi
  T=$(awk -v us=$((e - s)) 'BEGIN { printf "%.3f", us / 1e6 }')
}
median() {
  case " $* " in *" FAIL "*) echo FAIL; return ;; esac
  printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
restored_ok() { [ "$(git -C "$1" rev-parse production 2>/dev/null)" = "$PROD" ] || { T=FAIL; echo "  FAIL: $1 lacks production $PROD"; }; }

ob=() gb=() orr=() gr=() oi=() gi=() grow=() gc=()
for ((i = 1; i <= RUNS; i++)); do
  loc=$WORK/loc-$i; bundle=$WORK/git-$i.bundle
  ours_backup() { timed "$REGISTRY" backup --url "$REG" --output "$loc"; ob+=("$T"); }
  git_bundle() { timed git -C "$REG" bundle create -q "$bundle" --all; gb+=("$T"); }
  ours_restore() { timed "$REGISTRY" restore --url "$WORK/restored-$i" --output "$loc" --force; restored_ok "$WORK/restored-$i"; orr+=("$T"); }
  git_clone() { timed git clone -q --mirror "$bundle" "$WORK/cloned-$i"; restored_ok "$WORK/cloned-$i"; gr+=("$T"); }
  if ((i % 2 == 1)); then ours_backup; git_bundle; ours_restore; git_clone
  else git_bundle; ours_backup; git_clone; ours_restore; fi
  # incremental: one new version, then a second backup into the same location
  head -c 2048 /dev/urandom >"$WORK/new.bin"; printf 'metrics:\n  ic: 0.05\n  sharpe: 1.2\n' >"$WORK/m.yaml"
  "$REGISTRY" register --url "$REG" --model bench_model --version "v9.$i.0" --artifact "$WORK/new.bin" \
    --metadata "$WORK/m.yaml" >/dev/null 2>&1 || echo "  (register v9.$i.0 failed)"
  before=$(du -sk "$loc" | cut -f1)
  timed "$REGISTRY" backup --url "$REG" --output "$loc"; oi+=("$T")
  grow+=($(( $(du -sk "$loc" | cut -f1) - before )))
  timed git -C "$REG" bundle create -q "$WORK/git-again-$i.bundle" --all; gi+=("$T")
  timed "$REGISTRY" gc --url "$REG"; gc+=("$T")
  rm -rf "$WORK/restored-$i" "$WORK/cloned-$i" "$WORK"/restored-$i.replaced-* "$WORK/git-again-$i.bundle"
done

full_kib=$(du -sk "$WORK/loc-1" | cut -f1)
bundle_kib=$(du -sk "$WORK/git-1.bundle" | cut -f1)
echo
echo "N=$N versions, $RUNS rounds; medians (all runs), seconds"
printf '%-12s %9s %9s   %s | %s\n' row ours git "ours: all" "git: all"
printf '%-12s %9s %9s   %s | %s\n' backup "$(median "${ob[@]}")" "$(median "${gb[@]}")" "${ob[*]}" "${gb[*]}"
printf '%-12s %9s %9s   %s | %s\n' restore "$(median "${orr[@]}")" "$(median "${gr[@]}")" "${orr[*]}" "${gr[*]}"
printf '%-12s %9s %9s   %s | %s\n' incremental "$(median "${oi[@]}")" "$(median "${gi[@]}")" "${oi[*]}" "${gi[*]}"
printf '%-12s %9s %9s   %s\n' gc-dry-run "$(median "${gc[@]}")" - "${gc[*]}"
echo "a location with two backups grew by (KiB) for the second: ${grow[*]}; one full backup ${full_kib} KiB (bundle alone ${bundle_kib} KiB)"
echo "scratch: $WORK"

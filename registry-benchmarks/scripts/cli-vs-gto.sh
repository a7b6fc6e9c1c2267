#!/usr/bin/env bash
# Whole-command benchmark: our `registry` command against GTO (iterative/gto, "Git Tag Ops", the
# git-native registry users would pick instead), one process per command as a user types it, the
# two tools alternated within each round, medians of RUNS rounds.
#
# usage: registry-benchmarks/scripts/cli-vs-gto.sh [N ...]        (default: 100 1500 5000)
# env:   RUNS=5            rounds per command (median of these)
#        REGISTRY=...      path to an installed bin/registry; default: registry-cli/target/
#                          registry-cli-*-dist.tar.gz unpacked into a temp dir
#        PEER=/tmp/gto_peer  GTO's install by /work/shared/tools/gto/setup.sh ($PEER/bin/gto, GTO 1.8.0)
#        GTO=$PEER/bin/gto  ARTIFACTS=50 (GTO registry: N versions over this many artifacts)
#        OPS="startup prod status list history status-cold register promote rollback"  (rows to run)
#        WORK=<temp dir>   scratch (registries, HOME); BENCH_REGISTRIES=/tmp/registry-bench
#                          (where GenerateRegistry caches our generated registries, as the JMH
#                          benchmarks do)
# needs: registry-benchmarks/target/benchmarks.jar
#          (./mvnw -B -q -DskipTests package -pl registry-benchmarks -am -Dinvoker.skip=true)
#        the CLI's dist unless REGISTRY is set
#          (./mvnw -B -q -DskipTests install -Dinvoker.skip=true -pl registry-cli -am)
#        GTO set up: GTO_GIT=<bare iterative/gto> SCMREPO_GIT=<bare iterative/scmrepo> bash /work/shared/tools/gto/setup.sh
#
# The registries, per N
#   ours: GenerateRegistry N = BenchRegistries.get(N, N/2, 1): one model (bench_model) with N
#         versions, one register commit each on main, N/2 signed promotions on production cycling
#         through v1.0.0, v1.0.1, ... So production runs version N/2-1 ("production"), before it
#         N/2-2 ("previous"); the newest version (N-1) was never promoted.
#   GTO:  build_repo below, copied from /work/shared/tools/gto/bench.sh (git fast-import of GTO's
#         own tag grammar and messages): ARTIFACTS artifacts x m = N/ARTIFACTS versions
#         v1.0.1..v1.0.m, version k of every artifact on commit k, every odd k assigned to prod, so
#         N registration tags + N/2 assignment tags; plus one empty commit on top (no version on
#         it yet, for `gto register`). The commands act on artifact model-07.
#   Both have N versions and N/2 promotions in the whole registry, which is what GTO's cost grows
#   with (it reads every tag on each command). Per model they differ: our model has N versions and
#   N/2 promotions, GTO's artifact N/ARTIFACTS and N/(2*ARTIFACTS) (ARTIFACTS=1 makes them equal).
#
# The pairs (ours | GTO), and why they are the fairest ones
#   startup     registry --version | gto --version
#   prod        (a) what runs in production for one model:
#               registry list --url R --model M --status production | gto show A#prod
#               (`registry history` is the journal of promotions, not "what runs now"; `list
#               --status production` answers exactly what `gto show A#prod` does, one row.)
#   status      (a') what runs, whole registry: registry status --url R | gto show
#               (status also counts models/versions/artifacts and reports health; gto show prints
#               latest and #prod per artifact: the same question, ours answers slightly more.)
#   list        (b) a model's versions: registry list --url R --model M | gto show A
#   history     who put what live when: registry history --url R --model M | gto history A
#   status-cold (a') again with our local state deleted first (what it remembers as verified, see
#               below): a user's very first command on a registry, which verifies every commit.
#               GTO keeps no state, so its column is the same command as "status", measured again
#               in the same rounds. (Not `list`: it reads no local state, warm and cold are the same.)
#   register    (c) registry register --url R --model M --version v9.0.0 --artifact F --metadata m.yaml
#               | gto register A --version v2.0.0   (on a fresh commit: GTO's artifact is the commit;
#               ours also hashes and stores F, 2 KiB, and writes its metadata, in the one command)
#   promote     (d) registry promote --url R --model M --version <never promoted> --signing-key K --reason r
#               | gto assign A --version v1.0.m --stage prod   (never assigned to prod before)
#               (ours runs its gates and writes a signed commit; gto writes an annotated tag)
#   rollback    (e) registry rollback --url R --model M --reason r --signing-key K   (to "previous")
#               | gto assign A --version <previous prod> --stage prod --force
#               (GTO has no rollback; re-assigning the previous version is how one does it, and it
#               needs --force because that version was in prod before. At N/ARTIFACTS < 3 there is
#               no previous prod version, so the target is v1.0.m: the same code path and work.)
#
# Every command is checked: exit status 0 and the answer expected (the production version, the
# number of versions listed, the commit or tag written, read back with plain git after the timed
# command). A failed run shows as FAIL in the table, never as a time; the script exits 1.
#
# Fairness of the setup
#   * HOME is a scratch dir (WORK/home) for both tools; our JVM gets -Duser.home=$HOME through
#     REGISTRY_JAVA_OPTS, since Java 17 takes user.home from the password file, not from $HOME, and
#     the CLI keeps its local state under user.home/.cache/model-registry.
#   * Our CLI is run once per N untimed first (`registry status`): bin/registry records its
#     class-data-sharing archive on the first run of an install (under $HOME/.cache/model-registry/cds,
#     or leaves a .failed marker there, reported below); later runs map it. That run also verifies
#     the registry once and leaves the local state (verified commits, tips seen) that every later
#     command of a user has: the warm rows measure that; status-cold measures without.
#     GTO is also run once untimed per N (its .pyc files, the page cache).
#   * Writes: the registry of each tool, and our local state, are restored (cp -a) from a pristine
#     copy before every timed write, then synced, so every timed write acts on the same state and
#     no write-back of the copy runs during it. Our state must go
#     back with the registry: it remembers the branch tips seen and refuses a rewound branch.
#   * Time: bash's $EPOCHREALTIME around the one process (stdout/stderr to files), in this shell.
#     In odd rounds ours runs first, in even rounds GTO first.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
RUNS=${RUNS:-5}
PEER=${PEER:-/tmp/gto_peer}
GTO=${GTO:-$PEER/bin/gto}
ARTIFACTS=${ARTIFACTS:-50}
PACK=${PACK:-1}
OPS=${OPS:-"startup prod status list history status-cold register promote rollback"}
BENCH_REGISTRIES=${BENCH_REGISTRIES:-/tmp/registry-bench}
JAR=$root/registry-benchmarks/target/benchmarks.jar
Ns=("$@"); [ ${#Ns[@]} -gt 0 ] || Ns=(100 1500 5000)

die() { echo "cli-vs-gto: $*" >&2; exit 2; }
[ -f "$JAR" ] || die "no $JAR: ./mvnw -B -q -DskipTests package -pl registry-benchmarks -am -Dinvoker.skip=true"
[ -x "$GTO" ] || die "no $GTO: run /work/shared/tools/gto/setup.sh (see its README)"

WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/cli-vs-gto.XXXXXX")}
mkdir -p "$WORK" && WORK=$(cd "$WORK" && pwd -P) && cd "$WORK" || exit 2   # a JVM crash report lands here, not in the checkout
if [ -z "${REGISTRY:-}" ]; then
  dist=$(ls "$root"/registry-cli/target/registry-cli-*-dist.tar.gz 2>/dev/null | head -1)
  [ -n "$dist" ] || die "no registry-cli dist: ./mvnw -B -q -DskipTests install -Dinvoker.skip=true -pl registry-cli -am (or set REGISTRY)"
  mkdir -p "$WORK/install"; tar -xzf "$dist" -C "$WORK/install" || die "cannot unpack $dist"
  REGISTRY=$(ls -d "$WORK"/install/*/bin/registry | head -1)
  echo "registry: unpacked $dist ($(date -r "$dist" '+%F %T')) to $(dirname "$(dirname "$REGISTRY")")"
fi
[ -x "$REGISTRY" ] || die "REGISTRY=$REGISTRY is not executable"

# ---- one scratch HOME for both tools ----------------------------------------------------------
export HOME=$WORK/home
mkdir -p "$HOME"
export REGISTRY_JAVA_OPTS="-Duser.home=$HOME${REGISTRY_JAVA_OPTS:+ $REGISTRY_JAVA_OPTS}"
unset REGISTRY_URL REGISTRY_MODEL REGISTRY_ENVIRONMENT REGISTRY_SIGNING_KEY REGISTRY_PRINCIPAL REGISTRY_CACHE REGISTRY_CDS_DIR XDG_CACHE_HOME
STATE=$HOME/.cache/model-registry/state
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
export GIT_CONFIG_NOSYSTEM=1
git config --global user.name bench; git config --global user.email bench@example.com
git config --global init.defaultBranch main; git config --global advice.detachedHead false

# ---- GTO's registry: build_repo copied from /work/shared/tools/gto/bench.sh (unchanged) -------
art() { printf 'model-%02d' "$1"; }

build_repo() { # dir N
  local dir=$1 n=$2 m=$(( $2 / ARTIFACTS )) k a c t0 t msg name
  rm -rf "$dir"; git init -q "$dir"
  t0=$(( $(date +%s) - 40*86400 )); t=$t0
  {
    for ((k = 1; k <= m; k++)); do
      t=$((t + 1)); msg="commit $k"
      printf 'commit refs/heads/main\nmark :%d\ncommitter bench <bench@example.com> %d +0000\ndata %d\n%s\n' $k $t ${#msg} "$msg"
      [ $k -gt 1 ] && printf 'from :%d\n' $((k - 1))
      printf 'M 644 inline data.txt\ndata %d\n%s\n\n' ${#k} "$k"
      for ((a = 0; a < ARTIFACTS; a++)); do
        name=$(art $a)
        t=$((t + 1)); msg="Registering artifact $name version v1.0.$k"
        printf 'tag %s@v1.0.%d\nfrom :%d\ntagger bench <bench@example.com> %d +0000\ndata %d\n%s\n' "$name" $k $k $t ${#msg} "$msg"
        if ((k % 2 == 1)); then
          c=$(((k + 1) / 2)); t=$((t + 1)); msg="Assigning stage prod to artifact $name version v1.0.$k"
          printf 'tag %s#prod#%d\nfrom :%d\ntagger bench <bench@example.com> %d +0000\ndata %d\n%s\n' "$name" $c $k $t ${#msg} "$msg"
        fi
      done
    done
  } | git -C "$dir" fast-import --quiet || return 1
  git -C "$dir" reset -q --hard main
  [ "$PACK" = 1 ] && git -C "$dir" pack-refs --all
  return 0
}

# ---- timing ---------------------------------------------------------------------------------
now_us() { local t=$EPOCHREALTIME; echo $(( 10#${t/./} )); }
OUT=$WORK/out ERR=$WORK/err
# run DIR CHECK CMD...: times CMD in DIR; then CHECK (a function reading $OUT, untimed) must pass.
# Sets T (seconds, 3 decimals) or T=FAIL, and prints why on failure.
run() {
  local dir=$1 check=$2 s e rc; shift 2
  cd "$dir" || exit 1
  s=$(now_us); "$@" >"$OUT" 2>"$ERR"; rc=$?; e=$(now_us)
  cd "$WORK" || exit 1
  if [ $rc -ne 0 ]; then
    T=FAIL; FAILS=$((FAILS + 1)); echo "  FAIL (exit $rc): $*"; tail -3 "$ERR" | sed 's/^/    /'
  elif ! $check; then
    T=FAIL; FAILS=$((FAILS + 1)); echo "  FAIL (wrong answer, check $check): $*"; head -5 "$OUT" | sed 's/^/    /'
  else
    T=$(awk -v us=$((e - s)) 'BEGIN { printf "%.3f", us / 1e6 }')
  fi
}
median() { # values... (FAIL if any is)
  case " $* " in *" FAIL "*) echo FAIL; return ;; esac
  printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
ROWS=()
# measure LABEL PREP_OURS PREP_GTO CHECK_OURS CHECK_GTO -- OURS... -- GTO...
measure() {
  local label=$1 pours=$2 pgto=$3 cours=$4 cgto=$5; shift 6
  local ours=() gto=() o=() g=() i mo mg ratio
  while [ "$1" != -- ]; do ours+=("$1"); shift; done; shift; gto=("$@")
  local t0; t0=$(now_us)
  for ((i = 1; i <= RUNS; i++)); do
    if ((i % 2 == 1)); then
      $pours; run "$W" "$cours" "${ours[@]}"; o+=("$T")
      $pgto; run "$GREPO" "$cgto" "${gto[@]}"; g+=("$T")
    else
      $pgto; run "$GREPO" "$cgto" "${gto[@]}"; g+=("$T")
      $pours; run "$W" "$cours" "${ours[@]}"; o+=("$T")
    fi
  done
  mo=$(median "${o[@]}"); mg=$(median "${g[@]}")
  ratio=$(awk -v a="$mo" -v b="$mg" 'BEGIN { if (a == "FAIL" || b == "FAIL" || a == 0) print "-"; else printf "%.2f", b / a }')
  ROWS+=("$(printf '%-6s %-12s %9s %9s %9s   %-40s %-40s' "$N" "$label" "$mo" "$mg" "$ratio" "${o[*]}" "${g[*]}")")
  CMDS+=("$label: ${ours[*]}  |  (cd $GREPO;) ${gto[*]}")
  echo "  $label: ours ${o[*]} | gto ${g[*]}  ($(awk -v us=$(( $(now_us) - t0 )) 'BEGIN { printf "%.0f", us / 1e6 }') s)"
}

# ---- checks (read $OUT, and the registries with plain git) ------------------------------------
ok() { true; }
c_ver_ours() { grep -q '^registry ' "$OUT"; }
c_ver_gto() { grep -q 'GTO Version: 1\.' "$OUT"; }
c_prod_ours() { [ "$(awk -v m="$MODEL" '$1 == m { print $2 " " $3 }' "$OUT")" = "$PROD production" ]; }
c_prod_gto() { grep -qE "│ $A +│ v1\.0\.$TOP +│ prod " "$OUT" && [ "$(grep -c "│ $A " "$OUT")" = 1 ]; }
c_status_ours() { grep -qE "^ +$MODEL +$PROD " "$OUT" && grep -q "$NVERS version(s)" "$OUT"; }
# GTO 1.8.0's `gto show` table cuts every version to 7 characters (gto/api.py, _show_registry's
# format_hexsha lacks the is_hexsha test its siblings have): v1.0.100 reads v1.0.10. Accepted as is.
c_status_gto() {
  local l=v1.0.$M p=v1.0.$TOP
  grep -qE "│ $A +│ ${l:0:7} +│ ${p:0:7} +│" "$OUT" && [ "$(grep -c '│ model-' "$OUT")" = "$ARTIFACTS" ]
}
c_list_ours() { [ "$(awk -v m="$MODEL" '$1 == m' "$OUT" | wc -l)" = "$NVERS" ]; }
c_list_gto() { [ "$(grep -c "│ $A " "$OUT")" = "$M" ]; }
c_hist_ours() { grep -q "$PROD" "$OUT" && grep -q "$PREV" "$OUT"; }
c_hist_gto() { grep -q "$A#prod#$(((TOP + 1) / 2))" "$OUT" && grep -q "$A@v1.0.$M" "$OUT"; }
subject() { git --git-dir="$1" log -1 --format=%s "$2"; }
c_reg_ours() { grep -q "Registered $MODEL v9.0.0" "$OUT" && [ "$(subject "$U" main)" = "Register $MODEL v9.0.0" ]; }
c_reg_gto() { [ "$(git -C "$GREPO" rev-parse -q --verify "refs/tags/$A@v2.0.0^{commit}")" = "$(git -C "$GREPO" rev-parse HEAD)" ]; }
c_prom_ours() { grep -q "Promoted $MODEL $NEWV to production" "$OUT" && [ "$(subject "$U" production)" = "Promote $MODEL $NEWV to production" ]; }
newest_prod() { git -C "$GREPO" for-each-ref --sort=-taggerdate --count=1 --format='%(*objectname)' "refs/tags/$A#prod#*"; }
c_prom_gto() { [ "$(newest_prod)" = "$(git -C "$GREPO" rev-parse "$A@v1.0.$M^{commit}")" ] && [ "$(git -C "$GREPO" tag -l "$A#prod#*" | wc -l)" = $((NPROD_A + 1)) ]; }
c_roll_ours() { grep -q "Rolled back $MODEL in production: $PROD -> $PREV" "$OUT" && [ "$(subject "$U" production)" = "Roll back $MODEL in production to $PREV" ]; }
c_roll_gto() { [ "$(newest_prod)" = "$(git -C "$GREPO" rev-parse "$A@$GPREV^{commit}")" ] && [ "$(git -C "$GREPO" tag -l "$A#prod#*" | wc -l)" = $((NPROD_A + 1)) ]; }

# ---- restoring ------------------------------------------------------------------------------
# sync: the copy's dirty pages (ours is a 300 MB registry at 5,000 versions) are written back
# before the timed command, not during it
restore_ours() { rm -rf "$W"; cp -a "$W.pristine" "$W"; warm_ours; sync; }
restore_gto() { rm -rf "$GREPO"; cp -a "$GREPO.pristine" "$GREPO"; sync; }
cold_ours() { rm -rf "$STATE"; }   # forget what was verified: the next command verifies everything
warm_ours() { rm -rf "$STATE"; [ ! -d "$WORK/state.pristine" ] || cp -a "$WORK/state.pristine" "$STATE"; }

echo "date: $(date -u '+%F %T UTC')   host: $(nproc) cores   load before: $(uptime | sed 's/.*load average: //')"
echo "ours: $("$REGISTRY" --version 2>/dev/null | head -1) ($REGISTRY), $(java -version 2>&1 | head -1)"
echo "GTO:  $("$GTO" --version 2>&1 | sed 's/^[^0-9]*//') ($GTO)   git $(git --version | cut -d' ' -f3)   runs: $RUNS (median)   WORK=$WORK"
FAILS=0 CMDS=() TABLES=()
head -c 2048 /dev/urandom >"$WORK/new-model.bin"
printf 'metrics:\n  ic: 0.05\n  sharpe: 1.2\n' >"$WORK/m.yaml"

for N in "${Ns[@]}"; do
  echo
  echo "== N=$N versions   load: $(uptime | sed 's/.*load average: //')"
  # ours: generate (cached), copy to a fixed working path (our state is keyed on the Git directory's path)
  s=$(now_us)
  gen=$(java -Dbench.registries="$BENCH_REGISTRIES" -cp "$JAR" dev.modelregistry.benchmarks.GenerateRegistry "$N" 2>"$WORK/gen.err") \
    || { echo "GenerateRegistry $N failed:"; tail -5 "$WORK/gen.err"; FAILS=$((FAILS + 1)); continue; }
  echo "$gen" | grep '^\[' | sed 's/^/  /'
  val() { echo "$gen" | sed -n "s/^$1=//p"; }
  GROOT=$(val root) MODEL=$(val model) PROD=$(val production) PREV=$(val previous) NEWV=$(val unpromoted) NVERS=$(val versions)
  W=$WORK/ours-$N U=$WORK/ours-$N/registry.git K=$WORK/ours-$N/keys/ops
  rm -rf "$W" "$W.pristine" "$STATE"; cp -a "$GROOT" "$W.pristine"; cp -a "$W.pristine" "$W"
  echo "  ours: $U (copy of $GROOT): $MODEL, production $PROD, previous $PREV, never promoted $NEWV ($(awk -v us=$(( $(now_us) - s )) 'BEGIN { printf "%.1f", us / 1e6 }') s)"
  # untimed first run: records the CDS archive if absent, and the local state (one full verification)
  s=$(now_us)
  "$REGISTRY" status --url "$U" >"$OUT" 2>"$ERR" && c_status_ours \
    || { echo "  untimed first run of ours failed:"; cat "$OUT" "$ERR" | tail -5; FAILS=$((FAILS + 1)); continue; }
  cds=$HOME/.cache/model-registry/cds
  echo "  untimed first run of ours, registry status: $(awk -v us=$(( $(now_us) - s )) 'BEGIN { printf "%.2f", us / 1e6 }') s; $cds has $(ls "$cds"/*.jsa 2>/dev/null | wc -l) archive(s), $(ls "$cds"/*.failed 2>/dev/null | wc -l) .failed; local state: $(find "$STATE" -type f 2>/dev/null | wc -l) files"
  ls "$cds"/*.failed >/dev/null 2>&1 && echo "  WARNING: bin/registry could not record its CDS archive: our CLI runs without class-data sharing"
  rm -rf "$WORK/state.pristine"; [ ! -d "$STATE" ] || cp -a "$STATE" "$WORK/state.pristine"

  # GTO: bench.sh's registry, plus an empty commit for register
  s=$(now_us)
  GREPO=$WORK/gto-$N M=$((N / ARTIFACTS)) A=$(art 7)
  build_repo "$GREPO.pristine" "$N" || { echo "  build_repo $N failed"; FAILS=$((FAILS + 1)); continue; }
  git -C "$GREPO.pristine" commit -q --allow-empty -m "new model"
  TOP=$(( M % 2 == 1 ? M : M - 1 )) NPROD_A=$(( (M + 1) / 2 ))
  if ((TOP >= 3)); then GPREV=v1.0.$((TOP - 2)); else GPREV=v1.0.$M; fi
  rm -rf "$GREPO"; cp -a "$GREPO.pristine" "$GREPO"
  echo "  GTO: $GREPO: $(git -C "$GREPO" for-each-ref refs/tags | wc -l) tags, $ARTIFACTS artifacts x $M versions; $A: prod v1.0.$TOP, promote target v1.0.$M, rollback target $GPREV ($(awk -v us=$(( $(now_us) - s )) 'BEGIN { printf "%.1f", us / 1e6 }') s)"
  s=$(now_us)
  (cd "$GREPO" && "$GTO" show "$A#prod") >"$OUT" 2>"$ERR" && c_prod_gto \
    || { echo "  untimed first run of GTO failed:"; cat "$OUT" "$ERR" | tail -5; FAILS=$((FAILS + 1)); continue; }
  echo "  untimed first run of GTO: $(awk -v us=$(( $(now_us) - s )) 'BEGIN { printf "%.2f", us / 1e6 }') s"

  ROWS=()
  for op in $OPS; do
    case $op in
      startup) measure startup ok ok c_ver_ours c_ver_gto -- "$REGISTRY" --version -- "$GTO" --version ;;
      prod) measure prod ok ok c_prod_ours c_prod_gto -- "$REGISTRY" list --url "$U" --model "$MODEL" --status production -- "$GTO" show "$A#prod" ;;
      status) measure status ok ok c_status_ours c_status_gto -- "$REGISTRY" status --url "$U" -- "$GTO" show ;;
      list) measure list ok ok c_list_ours c_list_gto -- "$REGISTRY" list --url "$U" --model "$MODEL" -- "$GTO" show "$A" ;;
      history) measure history ok ok c_hist_ours c_hist_gto -- "$REGISTRY" history --url "$U" --model "$MODEL" -- "$GTO" history "$A" ;;
      status-cold)
        measure status-cold cold_ours ok c_status_ours c_status_gto -- "$REGISTRY" status --url "$U" -- "$GTO" show
        warm_ours ;;
      register) measure register restore_ours restore_gto c_reg_ours c_reg_gto \
        -- "$REGISTRY" register --url "$U" --model "$MODEL" --version v9.0.0 --artifact "$WORK/new-model.bin" --metadata "$WORK/m.yaml" \
        -- "$GTO" register "$A" --version v2.0.0 ;;
      promote) measure promote restore_ours restore_gto c_prom_ours c_prom_gto \
        -- "$REGISTRY" promote --url "$U" --model "$MODEL" --version "$NEWV" --signing-key "$K" --reason "benchmark promote" \
        -- "$GTO" assign "$A" --version "v1.0.$M" --stage prod ;;
      rollback) measure rollback restore_ours restore_gto c_roll_ours c_roll_gto \
        -- "$REGISTRY" rollback --url "$U" --model "$MODEL" --reason "benchmark rollback" --signing-key "$K" \
        -- "$GTO" assign "$A" --version "$GPREV" --stage prod --force ;;
      *) echo "  unknown op $op (OPS: startup prod status list history status-cold register promote rollback)" ;;
    esac
  done
  restore_ours; restore_gto
  TABLES+=("$(printf '%-6s %-12s %9s %9s %9s   %-40s %-40s' N command "ours(s)" "GTO(s)" "GTO/ours" "ours raw (s)" "GTO raw (s)")")
  TABLES+=("${ROWS[@]}")
  TABLES+=("")
  echo "  load after N=$N: $(uptime | sed 's/.*load average: //')"
done

echo
echo "Commands (R, A's repo and the keys are under WORK=$WORK):"
printf '%s\n' "${CMDS[@]}" | awk '!seen[$0]++' | sed 's/^/  /'
echo
echo "Medians of $RUNS, seconds (wall, one process each); GTO/ours > 1: ours is faster"
for r in "${TABLES[@]}"; do echo "$r"; done
echo "load after: $(uptime | sed 's/.*load average: //')   failed runs: $FAILS"
[ "$FAILS" = 0 ]

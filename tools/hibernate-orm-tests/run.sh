#!/usr/bin/env bash
# Runs a selection of Hibernate ORM's own hibernate-core tests (deletes, cascades, orphan removal,
# @OnDelete, soft delete, the action queue, batching, foreign keys in identifiers; test-classes.txt)
# on H2 against hibernate-core from Maven Central (HIBERNATE_VERSION, default 7.4.15.Final), once plain and once with
# hibernate-attachments-core on the test classpath, and compares the two per test. hibernate-testing
# and hibernate-community-dialects are compiled from the same hibernate-orm commit. See README.md.
#
# usage: run.sh HIBERNATE_ORM_GIT_DIR WORK_DIR [CONFIG...]
#   HIBERNATE_ORM_GIT_DIR  a (bare) git directory of github.com/hibernate/hibernate-orm that holds ORM_REF
#   WORK_DIR        a folder for the build; its pom.xml, orm/, hibernate-community-dialects/,
#                   hibernate-testing/, tests/ and results/ are rebuilt on each run (nothing
#                   outside it is written, except Maven's local repository)
#   CONFIG          any of: plain attachments planner-off  (default: plain attachments)
#                     plain        hibernate-core only                                  (a)
#                     attachments  + hibernate-attachments-core, storage=memory         (b)
#                     planner-off  (b) with hibernate.attachments.delete_ordering=false (c)
# environment:
#   ORM_REF          commit of hibernate-orm to take the test sources and hibernate-testing from
#                    (default: the 7.4 branch head whose main sources are those of 7.4.6.Final)
#   HIBERNATE_VERSION  hibernate-core version the tests run against (default 7.4.15.Final)
#   ATTACHMENTS_VERSION  version of io.github.hibernateattachments:hibernate-attachments-core in the
#                    local Maven repository (default 0.1.0-SNAPSHOT; install it first with the
#                    library's `./mvnw -DskipTests install`)
#   MVN              Maven command (default: mvn)
#   MVN_OFFLINE=1    add -o once the dependencies are cached
#   SKIP_MISSING=1   run the listed classes that ORM_REF has, instead of stopping at a missing one
#
# Needs: git, tar, Java 17+, Maven 3.8+, python3. Prints one summary line last:
#   plain: P pass F fail S skip; with-attachments: P pass F fail S skip; differing: N
set -euo pipefail

if [ $# -lt 2 ]; then
    sed -n '2,30p' "$0" >&2
    exit 2
fi

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ORM_GIT="$1"
mkdir -p "$2"
WORK="$(cd "$2" && pwd)"
shift 2
CONFIGS=("$@")
[ ${#CONFIGS[@]} -gt 0 ] || CONFIGS=(plain attachments)

ORM_REF="${ORM_REF:-229571c602c981958dd4374bc49fdfd8cc9eb8c5}"
MVN="${MVN:-mvn}"
MVN_ARGS=(-B -q)
[ "${MVN_OFFLINE:-0}" = 1 ] && MVN_ARGS+=(-o)
[ -n "${ATTACHMENTS_VERSION:-}" ] && MVN_ARGS+=("-Dattachments.version=${ATTACHMENTS_VERSION}")
MVN_ARGS+=("-Dhibernate.version=${HIBERNATE_VERSION:-7.4.15.Final}")

log() { echo "[hibernate-orm-suite] $(date +%H:%M:%S) $*" >&2; }

# 1. sources ---------------------------------------------------------------------------------------
git --git-dir="$ORM_GIT" cat-file -e "${ORM_REF}^{commit}" 2>/dev/null || {
    echo "commit $ORM_REF not found in $ORM_GIT" >&2; exit 1; }
log "hibernate-orm $(git --git-dir="$ORM_GIT" log -1 --format='%H %cd %s' --date=short "$ORM_REF")"
VERSION_LINE="$(git --git-dir="$ORM_GIT" show "$ORM_REF:gradle/version.properties" 2>/dev/null | grep hibernateVersion || true)"
log "version.properties: $VERSION_LINE"

rm -rf "$WORK/orm" "$WORK/hibernate-community-dialects" "$WORK/hibernate-testing" "$WORK/tests" "$WORK/results"
mkdir -p "$WORK/orm" "$WORK/hibernate-community-dialects" "$WORK/hibernate-testing" "$WORK/tests/src/test/resources" "$WORK/results"
git --git-dir="$ORM_GIT" archive "$ORM_REF" hibernate-testing/src/main hibernate-community-dialects/src/main hibernate-core/src/test/java hibernate-core/src/test/resources \
    | tar -x -C "$WORK/orm"

# 2. Maven project ---------------------------------------------------------------------------------
cp "$HERE/pom.xml" "$WORK/pom.xml"
cp "$HERE/hibernate-community-dialects-pom.xml" "$WORK/hibernate-community-dialects/pom.xml"
cp "$HERE/hibernate-testing-pom.xml" "$WORK/hibernate-testing/pom.xml"
cp "$HERE/hibernate.properties" "$WORK/tests/src/test/resources/hibernate.properties"

CLASSES="$WORK/tests/test-classes.txt"
grep -v '^\s*\(#\|$\)' "$HERE/test-classes.txt" > "$CLASSES"
missing=0
present="$CLASSES.present"
: > "$present"
while read -r f; do
    if [ -f "$WORK/orm/hibernate-core/src/test/java/$f" ]; then echo "$f" >> "$present"
    else echo "missing test source: $f" >&2; missing=1; fi
done < "$CLASSES"
if [ $missing = 1 ]; then
    # another ORM_REF (an older branch) may lack some of the listed classes: SKIP_MISSING=1 runs the others
    [ "${SKIP_MISSING:-0}" = 1 ] || exit 1
    mv "$present" "$CLASSES"
else
    rm -f "$present"
fi
cp "$CLASSES" "$WORK/tests/surefire-includes.txt"
log "$(python3 "$HERE/make_tests_pom.py" "$HERE/tests-pom.xml" "$CLASSES" "$HERE/extra-sources.txt" \
    "$WORK/orm/hibernate-core/src/test/java" "$WORK/tests/pom.xml")"

# 3. build -----------------------------------------------------------------------------------------
cd "$WORK"
log "compiling hibernate-testing and the tests"
start=$(date +%s)
"$MVN" "${MVN_ARGS[@]}" test-compile > "$WORK/results/build.log" 2>&1 || {
    tail -60 "$WORK/results/build.log" >&2; echo "build failed, see $WORK/results/build.log" >&2; exit 1; }
log "compiled in $(( $(date +%s) - start )) s"

# 4. run -------------------------------------------------------------------------------------------
run_config() {
    local name="$1"; shift
    local out="$WORK/results/$name"
    rm -rf "$WORK/tests/target/surefire-reports"
    log "running configuration '$name' ($*)"
    local t0; t0=$(date +%s)
    "$MVN" "${MVN_ARGS[@]}" test "$@" \
        > "$WORK/results/$name.log" 2>&1 || true
    local secs=$(( $(date +%s) - t0 ))
    mkdir -p "$out"
    if [ -d "$WORK/tests/target/surefire-reports" ]; then
        cp -r "$WORK/tests/target/surefire-reports/." "$out/"
    fi
    echo "$secs" > "$out/.seconds"
    log "configuration '$name' took $secs s: $(python3 "$HERE/summarize.py" count "$out")"
}

for c in "${CONFIGS[@]}"; do
    case "$c" in
        plain)       run_config plain ;;
        attachments) run_config attachments -Pattachments ;;
        planner-off) run_config planner-off -Pattachments -Dattachments.delete_ordering=false ;;
        *) echo "unknown configuration $c" >&2; exit 2 ;;
    esac
done

# 5. report ----------------------------------------------------------------------------------------
python3 "$HERE/summarize.py" report "$WORK/results" "$CLASSES" "${CONFIGS[@]}"

#!/usr/bin/env bash
# Times the commands of `cs` on a generated data directory of 100,000 customers and 1,000,000
# visits (scale 1.0).
#
#   bash benches/run.sh                     build, generate, time, print a Markdown table
#   SCALE=0.1 RUNS=5 bash benches/run.sh    a tenth of the data, fewer timed runs
#   KEEP=1 bash benches/run.sh              keep the generated data directory afterwards
#   NO_HYPERFINE=1 bash benches/run.sh      time with the plain loop even if hyperfine is installed
#   CS_CACHE=off bash benches/run.sh        time cs without its index in .cs/index/
#
# Needs cargo, bash, awk and the usual coreutils. Uses hyperfine when it is installed, and GNU
# time (/usr/bin/time) for peak memory when it is there. Fetches nothing itself (cargo fetches
# the project's crates only if they are not there yet); writes only under the cargo target
# directory and a temporary directory it deletes. Not part of `cargo test`.
set -euo pipefail

SCALE=${SCALE:-1.0}
RUNS=${RUNS:-10}
SEED=${SEED:-1}
# The day `visit due` is asked about: two days after the last generated visit.
AS_OF=2026-11-29

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

echo "== building (cargo build --release --bin cs --example generate)" >&2
cargo build --release --quiet --bin cs --example generate
target_dir=${CARGO_TARGET_DIR:-$repo/target}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cs-bench.XXXXXX")
if [[ -n "${KEEP:-}" ]]; then
    echo "== keeping $tmp" >&2
else
    trap 'rm -rf "$tmp"' EXIT
fi
# Copies of the binaries, so that a rebuild during the run changes nothing and the commands
# below need no quoting.
cp "$target_dir/release/cs" "$tmp/cs"
cp "$target_dir/release/examples/generate" "$tmp/generate"
cs="$tmp/cs"
export CS_DATA_DIR="$tmp/data"
unset CS_NOW CS_SEED CS_USER

echo "== generating scale $SCALE (seed $SEED) in $CS_DATA_DIR" >&2
gen_start=$(date +%s%N)
meta=$("$tmp/generate" --out "$CS_DATA_DIR" --scale "$SCALE" --seed "$SEED")
gen_ms=$((($(date +%s%N) - gen_start) / 1000000))
key() { sed -n "s/^$1=//p" <<<"$meta"; }
# The generated data must be valid, or the timings mean nothing. This is the first command on
# the new data, so it also times whatever cs does on first sight of a data directory.
check_start=${EPOCHREALTIME/[.,]/}
"$cs" check >&2
check_ms=$(((${EPOCHREALTIME/[.,]/} - check_start) / 1000))

use_hyperfine=
if [[ -z "${NO_HYPERFINE:-}" ]] && command -v hyperfine >/dev/null; then
    use_hyperfine=1
fi
# Peak memory (maximum resident set size, in KiB) from GNU time, when it is installed.
use_time=
if [[ -x /usr/bin/time ]] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
    use_time=1
fi

# bench NAME PREPARE COMMAND: runs COMMAND once as a warm-up (so the files are in the page
# cache, and whatever cs keeps in .cs/ is up to date; its time is the "first run" column and its
# peak memory the last one), then RUNS timed times, each after PREPARE (untimed; '' for none).
# `{i}` in either is replaced by the run's number, so that each `add` adds a different record.
# Output is discarded. Appends one "name<TAB>KiB<TAB>first<TAB>seconds..." line to $tmp/times.
bench() {
    local name=$1 prepare=$2 cmd=$3 i times=() memory=- first
    echo "== $name" >&2
    [[ -n "$prepare" ]] && eval "${prepare//\{i\}/0}" >/dev/null 2>&1
    first=${EPOCHREALTIME/[.,]/}
    if [[ -n "$use_time" ]]; then
        eval "/usr/bin/time -f %M -o $tmp/memory ${cmd//\{i\}/0}" >/dev/null
        memory=$(tail -n 1 "$tmp/memory")
    else
        eval "${cmd//\{i\}/0}" >/dev/null
    fi
    first="$((${EPOCHREALTIME/[.,]/} - first))e-6"
    if [[ -n "$use_hyperfine" ]]; then
        # One run per value of i: hyperfine times each without a shell in between.
        local args=(--shell=none --runs 1 --style none --export-json "$tmp/h.json"
            --parameter-scan i 1 "$RUNS")
        [[ -n "$prepare" ]] && args+=(--prepare "$prepare")
        hyperfine "${args[@]}" "$cmd" >/dev/null
        # The numbers of every "times": [ ... ] array, one per line.
        mapfile -t times < <(awk '
            /"times"/ { grab = 1; sub(/.*"times"[^[]*\[/, "") }
            grab {
                line = $0
                if (sub(/\].*/, "", line)) grab = 0
                n = split(line, parts, /[^0-9.eE+-]+/)
                for (k = 1; k <= n; k++) if (parts[k] != "") print parts[k]
            }' "$tmp/h.json")
    else
        for ((i = 1; i <= RUNS; i++)); do
            [[ -n "$prepare" ]] && eval "${prepare//\{i\}/$i}" >/dev/null 2>&1
            local start=${EPOCHREALTIME/[.,]/}
            eval "${cmd//\{i\}/$i}" >/dev/null
            local end=${EPOCHREALTIME/[.,]/}
            times+=("$(((end - start)))e-6")
        done
    fi
    printf '%s\t%s\t%s\t%s\n' "$name" "$memory" "$first" "${times[*]}" >>"$tmp/times"
}

show_prefix=$(key show_prefix)
edit_id=$(key edit_id)
visit_customer=$(key visit_customer)
visit_by=$(key visit_by)

: >"$tmp/times"
bench "cs customer add --name … --class A --owner wang --phone … (one add)" "" \
    "$cs customer add --name 基准测试新客户{i} --class A --owner wang --phone 0571-8800{i}"
bench "cs visit add $visit_customer --channel phone --purpose routine --by $visit_by --summary … (one add)" "" \
    "$cs visit add $visit_customer --channel phone --purpose routine --by $visit_by --summary 基准测试回访第{i}次"
bench "cs customer list --format csv > /dev/null" "" "$cs customer list --format csv"
bench "cs customer list --search 西湖 --format json" "" "$cs customer list --search 西湖 --format json"
bench "cs customer show $show_prefix (a unique id prefix; reads the customer's visits too)" "" \
    "$cs customer show $show_prefix"
bench "cs customer edit $edit_id --class B (rewrites customers.csv)" "$cs customer edit $edit_id --class A" \
    "$cs customer edit $edit_id --class B"
bench "cs visit due --as-of $AS_OF" "" "$cs visit due --as-of $AS_OF"
bench "cs visit list --from 2026-10-01 --to 2026-12-31 --format csv (one quarter)" "" \
    "$cs visit list --from 2026-10-01 --to 2026-12-31 --format csv"
bench "cs check" "" "$cs check"
bench "cs customer list (table on screen, COLUMNS=200)" "" "env COLUMNS=200 $cs customer list"

# How many records the commands above deal with: the objects of a JSON list, one per "  {".
count() { "$cs" "$@" --format json | grep -c '^  {' || true; }
listed=$(count customer list)
matches=$(count customer list --search 西湖)
due=$(count visit due --as-of "$AS_OF")
quarter=$(count visit list --from 2026-10-01 --to 2026-12-31)
mib() { awk -v b="$1" 'BEGIN { m = b / 1048576; printf(m < 10 ? "%.1f" : "%.0f", m) }'; }
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
memory_total=$(awk '/^MemTotal:/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
timer=$([[ -n "$use_hyperfine" ]] && hyperfine --version || echo "bash loop (\$EPOCHREALTIME)")

echo "Machine: $(nproc) CPUs, ${cpu:-unknown CPU}, ${memory_total:-unknown RAM}; $(uname -sr); $(rustc --version 2>/dev/null)"
echo "Data: scale $SCALE (seed $SEED): $(key customers) customers, customers.csv $(mib "$(key customers_bytes)") MiB;" \
    "$(key visits) visits in $(key month_files) month files, $(mib "$(key visits_bytes)") MiB;" \
    "generated in $gen_ms ms, first \`cs check\` $check_ms ms; $listed not archived, $matches match 西湖, $due due on $AS_OF," \
    "$quarter visits from 2026-10-01"
echo "Timer: $timer; $RUNS timed runs after one warm-up run (the first run); times in ms;" \
    "peak memory $([[ -n "$use_time" ]] && echo "(maximum resident set) of the warm-up run, from GNU time" || echo "not measured (no GNU time)")"
echo
echo "| command | first run | min | median | mean | max | peak memory |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
while IFS=$'\t' read -r name memory first times; do
    # min, median, mean and max of the runs, in milliseconds.
    stats=$(tr ' ' '\n' <<<"$times" | awk 'NF { printf "%.3f\n", $1 * 1000 }' | sort -g | awk '
        { ms[NR] = $1; sum += $1 }
        END {
            median = NR % 2 ? ms[(NR + 1) / 2] : (ms[NR / 2] + ms[NR / 2 + 1]) / 2
            printf "%.0f | %.0f | %.0f | %.0f", ms[1], median, sum / NR, ms[NR]
        }')
    if [[ "$memory" == - ]]; then
        memory="–"
    else
        memory="$(awk -v k="$memory" 'BEGIN { printf "%.0f", k / 1024 }') MiB"
    fi
    first=$(awk -v s="$first" 'BEGIN { printf "%.0f", s * 1000 }')
    echo "| \`$name\` | $first | $stats | $memory |"
done <"$tmp/times"

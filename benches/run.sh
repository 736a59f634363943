#!/usr/bin/env bash
# Times the customer commands of `cs` on a generated data directory of 100,000 customers.
#
#   bash benches/run.sh                  build, generate, time, print a Markdown table
#   N=20000 RUNS=5 bash benches/run.sh   another table size or number of timed runs
#   KEEP=1 bash benches/run.sh           keep the generated data directory afterwards
#   NO_HYPERFINE=1 bash benches/run.sh   time with the plain loop even if hyperfine is installed
#
# Needs cargo, bash and python3 (standard library only); uses hyperfine when it is installed.
# Fetches nothing itself (cargo fetches the project's crates only if they are not there yet);
# writes only under target/ and a temporary directory it deletes. Not part of `cargo test`.
set -euo pipefail

N=${N:-100000}
RUNS=${RUNS:-10}
SEED=${SEED:-20250304}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

command -v python3 >/dev/null || { echo "benches/run.sh needs python3" >&2; exit 1; }

echo "== building (cargo build --release)" >&2
cargo build --release --quiet
target_dir=${CARGO_TARGET_DIR:-$repo/target}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cs-bench.XXXXXX")
if [[ -n "${KEEP:-}" ]]; then
    echo "== keeping $tmp" >&2
else
    trap 'rm -rf "$tmp"' EXIT
fi
# A copy of the binary, so that a rebuild during the run changes nothing and the commands
# below need no quoting.
cp "$target_dir/release/cs" "$tmp/cs"
cs="$tmp/cs"
export CS_DATA_DIR="$tmp/data"
unset CS_NOW CS_SEED

echo "== generating $N customers in $CS_DATA_DIR" >&2
"$cs" init "$CS_DATA_DIR" 2>/dev/null
gen_start=$(date +%s%N)
meta=$(python3 "$repo/benches/gen_data.py" "$CS_DATA_DIR" "$N" "$SEED")
gen_ms=$((($(date +%s%N) - gen_start) / 1000000))
edit_id=$(sed -n 's/^edit_id=//p' <<<"$meta")
show_prefix=$(sed -n 's/^show_prefix=//p' <<<"$meta")
bytes=$(sed -n 's/^bytes=//p' <<<"$meta")
# The generated data must be valid, or the timings mean nothing.
"$cs" check >&2

use_hyperfine=
if [[ -z "${NO_HYPERFINE:-}" ]] && command -v hyperfine >/dev/null; then
    use_hyperfine=1
fi

# bench NAME PREPARE COMMAND: runs COMMAND once untimed (a warm-up, so the table is in the page
# cache), then RUNS timed times, each after PREPARE (untimed; '' for none). `{i}` in either
# is replaced by the run's number, so that each `add` adds a different customer. Output is
# discarded. Appends one "name<TAB>seconds..." line to $tmp/times.
bench() {
    local name=$1 prepare=$2 cmd=$3 i times=()
    echo "== $name" >&2
    [[ -n "$prepare" ]] && eval "${prepare//\{i\}/0}" >/dev/null 2>&1
    eval "${cmd//\{i\}/0}" >/dev/null
    if [[ -n "$use_hyperfine" ]]; then
        # One run per value of i: hyperfine times each without a shell in between.
        local args=(--shell=none --runs 1 --style none --export-json "$tmp/h.json"
            --parameter-scan i 1 "$RUNS")
        [[ -n "$prepare" ]] && args+=(--prepare "$prepare")
        hyperfine "${args[@]}" "$cmd" >/dev/null
        mapfile -t times < <(python3 -c '
import json, sys
for result in json.load(open(sys.argv[1]))["results"]:
    for t in result["times"]:
        print(t)' "$tmp/h.json")
    else
        for ((i = 1; i <= RUNS; i++)); do
            [[ -n "$prepare" ]] && eval "${prepare//\{i\}/$i}" >/dev/null 2>&1
            local start=${EPOCHREALTIME/[.,]/}
            eval "${cmd//\{i\}/$i}" >/dev/null
            local end=${EPOCHREALTIME/[.,]/}
            times+=("$(((end - start)))e-6")
        done
    fi
    printf '%s\t%s\n' "$name" "${times[*]}" >>"$tmp/times"
}

: >"$tmp/times"
bench "cs customer add --name … (one add)" "" \
    "$cs customer add --name 基准测试新客户{i} --class A --owner wang --phone 0571-8800{i}"
bench "cs customer list --format csv > /dev/null" "" "$cs customer list --format csv"
bench "cs customer list --search 西湖 --format json" "" "$cs customer list --search 西湖 --format json"
bench "cs customer show $show_prefix" "" "$cs customer show $show_prefix"
bench "cs customer edit $edit_id --class B" "$cs customer edit $edit_id --class A" \
    "$cs customer edit $edit_id --class B"
bench "cs check" "" "$cs check"
bench "cs customer list (table on screen, COLUMNS=200)" "" "env COLUMNS=200 $cs customer list"

count='import json, sys; print(len(json.load(sys.stdin)))'
matches=$("$cs" customer list --search 西湖 --format json | python3 -c "$count")
listed=$("$cs" customer list --format json | python3 -c "$count")
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)
timer=$([[ -n "$use_hyperfine" ]] && hyperfine --version || echo "bash loop (\$EPOCHREALTIME)")

python3 - "$tmp/times" <<EOF
import statistics, sys
print("Machine: $(nproc) CPUs, ${cpu:-unknown CPU}; $(uname -sr); $(rustc --version 2>/dev/null)")
print("Data: $N customers, customers.csv $((bytes / 1024 / 1024)) MiB, generated in $gen_ms ms;"
      " $listed not archived, $matches match 西湖")
print("Timer: $timer; $RUNS timed runs after one warm-up run; times in ms")
print()
print("| command | min | median | mean | max |")
print("| --- | ---: | ---: | ---: | ---: |")
for line in open(sys.argv[1], encoding="utf-8"):
    name, times = line.rstrip("\n").split("\t")
    ms = [float(t) * 1000 for t in times.split()]
    print(f"| \`{name}\` | {min(ms):.0f} | {statistics.median(ms):.0f} | {statistics.mean(ms):.0f} | {max(ms):.0f} |")
EOF

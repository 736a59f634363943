#!/usr/bin/env bash
# Times the commands of `cs` against its performance targets on generated data directories of
# 100,000 customers, 1,000,000 visits and 100,000 complaints (scale 1.0) and of a hundredth of
# that (scale 0.01), and computes the same answers with DuckDB and SQLite from the same files,
# checking that they agree.
#
#   bash benches/run.sh                     build, install, generate, time; Markdown on stdout
#   SCALE=0.1 RUNS=5 bash benches/run.sh    a tenth of the data, fewer timed runs
#   WRITE_DOCS=1 bash benches/run.sh        also write the tables into docs/performance.md
#   KEEP=1 bash benches/run.sh              keep the data directories (the path goes to stderr)
#   REF_RUNS=3 bash benches/run.sh          timed runs of each DuckDB and SQLite answer (default RUNS)
#   NO_REFERENCE=1 bash benches/run.sh      skip DuckDB and SQLite
#   NO_HYPERFINE=1 bash benches/run.sh      time with bash's clock even if hyperfine is installed
#   CS_CACHE=off bash benches/run.sh        time cs without its index in .cs/index/ (passed through)
#
# Needs cargo, bash, python3 and the usual coreutils. Installs what is missing, from Debian
# packages (hyperfine, time, python3-venv; with sudo unless root) and PyPI (duckdb, with pip
# into a virtualenv under the cargo target directory); when hyperfine cannot be installed it
# times with bash's clock and says so. Writes only under the cargo target directory and a
# temporary directory it deletes, and docs/performance.md with WRITE_DOCS=1. The SQL, the
# checks and the report are in benches/bench.py. Not part of `cargo test`.
set -euo pipefail

SCALE=${SCALE:-1.0}
SMALL_SCALE=${SMALL_SCALE:-0.01}
RUNS=${RUNS:-10}
REF_RUNS=${REF_RUNS:-$RUNS}
SEED=${SEED:-1}
# The day `visit due` is asked about, and the moment complaints are judged late at (its
# midnight): two days after the last generated visit and complaint.
AS_OF=2026-11-29
# One quarter, for `visit list`.
FROM=2026-10-01
TO=2026-12-31

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
target_dir=${CARGO_TARGET_DIR:-$repo/target}
notes=()

log() { echo "== $*" >&2; }

# Runs a command as root: itself when root already, else through sudo.
as_root() {
    if [[ $(id -u) == 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        return 1
    fi
}

# Installs Debian packages, updating the package lists first if the install fails without.
apt_install() {
    command -v apt-get >/dev/null || return 1
    log "installing $* (apt-get install)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2 ||
        { as_root apt-get update -q >&2 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2; }
}

# ---- Tools ------------------------------------------------------------------------------------

use_hyperfine=
if [[ -z "${NO_HYPERFINE:-}" ]]; then
    if command -v hyperfine >/dev/null || { apt_install hyperfine && command -v hyperfine >/dev/null; }; then
        use_hyperfine=1
    else
        log "could not install hyperfine: timing with bash's \$EPOCHREALTIME instead"
        notes+=("hyperfine could not be installed, so cs was timed with bash's \$EPOCHREALTIME")
    fi
fi
# Peak memory (maximum resident set size, in KiB) from GNU time.
if [[ ! -x /usr/bin/time ]]; then
    apt_install time || true
fi
use_time=
if [[ -x /usr/bin/time ]] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
    use_time=1
else
    notes+=("GNU time is missing, so cs's peak memory was not measured")
fi
command -v python3 >/dev/null || apt_install python3
python=python3

# DuckDB, with pip, into a virtualenv of its own (Debian's python3 needs python3-venv for that).
have_duckdb=
if [[ -z "${NO_REFERENCE:-}" ]]; then
    venv=$target_dir/bench-venv
    if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
        have_duckdb=1
    else
        log "installing DuckDB (pip install duckdb) into $venv"
        rm -rf "$venv"
        if { python3 -m venv "$venv" >&2 || { rm -rf "$venv" && apt_install python3-venv && python3 -m venv "$venv" >&2; }; } &&
            "$venv/bin/pip" install --quiet duckdb >&2; then
            have_duckdb=1
        else
            log "could not install DuckDB: its columns stay empty"
            notes+=("DuckDB could not be installed (pip install duckdb), so it was not run")
        fi
    fi
    [[ -n "$have_duckdb" ]] && python=$venv/bin/python
fi

# ---- Build and data -----------------------------------------------------------------------------

log "building (cargo build --release --bin cs --example generate)"
cargo build --release --quiet --bin cs --example generate

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cs-bench.XXXXXX")
if [[ -n "${KEEP:-}" ]]; then
    log "keeping $tmp"
else
    trap 'rm -rf "$tmp"' EXIT
fi
res=$tmp/results
mkdir -p "$res"
# Copies of the binaries, so that a rebuild during the run changes nothing and the commands
# below need no quoting.
cp "$target_dir/release/cs" "$tmp/cs"
cp "$target_dir/release/examples/generate" "$tmp/generate"
cs="$tmp/cs"
unset CS_NOW CS_SEED CS_USER

# generate DIR SCALE: writes a data directory and its generator's key=value lines to DIR.meta;
# checks it with `cs check`, the first command on the new data.
generate() {
    local dir=$1 scale=$2 start
    log "generating scale $scale (seed $SEED) in $dir"
    start=${EPOCHREALTIME/[.,]/}
    "$tmp/generate" --out "$dir" --scale "$scale" --seed "$SEED" >"$dir.meta"
    echo "generate_ms=$(((${EPOCHREALTIME/[.,]/} - start) / 1000))" >>"$dir.meta"
    start=${EPOCHREALTIME/[.,]/}
    CS_DATA_DIR=$dir "$cs" check >&2
    echo "check_ms=$(((${EPOCHREALTIME/[.,]/} - start) / 1000))" >>"$dir.meta"
}
data=$tmp/data
small=$tmp/small
generate "$data" "$SCALE"
generate "$small" "$SMALL_SCALE"
key() { sed -n "s/^$1=//p" "${2:-$data}.meta"; }
show_id=$(key show_id)
show_prefix=$(key show_prefix)
edit_id=$(key edit_id)
visit_customer=$(key visit_customer)
visit_by=$(key visit_by)
# A shipment still in transit (its tracking number), and the day shipments are judged late on.
track_ref=$(key track_ref)
late_as_of=$(key late_as_of)
export CS_DATA_DIR=$data

# ---- The same answers from DuckDB and SQLite ----------------------------------------------------

# cs's answers, on the data as generated (before the timed commands below change it).
"$cs" visit due --as-of "$AS_OF" --format json >"$res/cs-visit_due.json"
"$cs" visit list --from "$FROM" --to "$TO" --format csv >"$res/cs-visit_list_quarter.csv"
"$cs" customer list --class A --limit 20 --format json >"$res/cs-customer_list_class.json"
"$cs" customer show "$show_prefix" --format json >"$res/cs-customer_show.json"
today=$(date +%F)

mismatch=
# The quarterly report's figures, computed again with DuckDB SQL from the same files.
if [[ -n "$have_duckdb" ]]; then
    log "the quarterly report's figures with DuckDB (benches/report_check.py)"
    "$python" benches/report_check.py --cs "$cs" --data "$data" --quarter "$(date -d "$AS_OF" +%Y)Q$(( ($(date -d "$AS_OF" +%-m) + 2) / 3 ))" \
        --as-of "$AS_OF" >"$res/report_check.txt" || mismatch=1
fi
# reference KEY QUERY EXPECTED [ARGS...]: computes QUERY with each engine, timing it and
# checking it against cs's answer in EXPECTED; results go to $res/ref-KEY-ENGINE.json.
reference() {
    local name=$1 query=$2 expected=$3 engine
    shift 3
    for engine in duckdb sqlite; do
        [[ $engine == duckdb && -z "$have_duckdb" ]] && continue
        log "$engine: $query"
        "$python" benches/bench.py query --engine "$engine" --query "$query" --data "$data" \
            --runs "$REF_RUNS" --expect "$expected" --out "$res/ref-$name-$engine.json" "$@" || mismatch=1
    done
}
if [[ -z "${NO_REFERENCE:-}" ]]; then
    reference visit_due due "$res/cs-visit_due.json" --as-of "$AS_OF"
    reference visit_list_quarter quarter "$res/cs-visit_list_quarter.csv" --from "$FROM" --to "$TO"
    reference customer_list_class class "$res/cs-customer_list_class.json" --class A --limit 20
    reference customer_show show "$res/cs-customer_show.json" --customer "$show_id" --as-of "$today"
fi

# ---- Timing cs ----------------------------------------------------------------------------------

# run_words COMMAND I: runs COMMAND (words separated by spaces, no quoting) with `{i}` replaced by
# I, output discarded; sets `elapsed` to its time in seconds.
run_words() {
    local argv start
    read -ra argv <<<"${1//\{i\}/$2}"
    start=${EPOCHREALTIME/[.,]/}
    "${argv[@]}" >/dev/null
    elapsed="$((${EPOCHREALTIME/[.,]/} - start))e-6"
}

# bench KEY LABEL TARGET PREPARE COMMAND [VALUES]: times COMMAND (words without quoting) RUNS
# times, each after PREPARE (untimed; '' for none). A `{i}` in either is replaced by the run's
# number, so that each run of a command that adds a record adds a different one; or, with
# VALUES (RUNS + 2 words separated by commas), by the run's value: the first for the first run,
# the next RUNS for the timed runs, the last for the memory run (a different record for each
# run of a command that changes one). The first run, timed on its own, is the first of its
# kind after the commands before it; then hyperfine runs one warm-up (the first run is the
# warm-up of a command with `{i}`) and the timed runs; then one more run under GNU time gives
# the peak memory. TARGET is what bench.py checks: `<=10ms`, `<=20MB`, `>=3x_duckdb` (3 times
# faster than DuckDB's answer of the same KEY), `<=1.2x_small` (1.2 times the row KEY_small at
# most), `<=1x_visit_due` (at most the median of the row visit_due, or of any other KEY); ''
# for none. Output is discarded.
bench() {
    local name=$1 label=$2 target=$3 prepare=$4 cmd=$5 first memory=- i times=() values=()
    local json=$res/$name.hyperfine.json
    if [[ -n "${6:-}" ]]; then
        IFS=, read -ra values <<<"$6"
        ((${#values[@]} == RUNS + 2)) || { log "$name: ${#values[@]} values for $((RUNS + 2)) runs"; exit 1; }
    else
        read -ra values <<<"$(seq -s ' ' 0 $((RUNS + 1)))"
    fi
    log "$label"
    [[ -n "$prepare" ]] && run_words "$prepare" "${values[0]}"
    run_words "$cmd" "${values[0]}"
    first=$elapsed
    if [[ -n "$use_hyperfine" ]]; then
        local args=(--shell=none --style none --export-json "$json")
        [[ -n "$prepare" ]] && args+=(--prepare "$prepare")
        if [[ "$cmd$prepare" == *'{i}'* ]]; then
            # One benchmark of one run for each value of i.
            local timed
            printf -v timed '%s,' "${values[@]:1:RUNS}"
            args+=(--runs 1 --parameter-list i "${timed%,}")
        else
            args+=(--warmup 1 --runs "$RUNS")
        fi
        hyperfine "${args[@]}" "$cmd" >/dev/null
    else
        [[ "$cmd$prepare" != *'{i}'* ]] && run_words "$cmd" "${values[0]}"
        for ((i = 1; i <= RUNS; i++)); do
            [[ -n "$prepare" ]] && run_words "$prepare" "${values[i]}"
            run_words "$cmd" "${values[i]}"
            times+=("$elapsed")
        done
        local joined
        printf -v joined '%s, ' "${times[@]}"
        echo "{\"results\": [{\"times\": [${joined%, }]}]}" >"$json"
    fi
    if [[ -n "$use_time" ]]; then
        local argv
        [[ -n "$prepare" ]] && run_words "$prepare" "${values[RUNS + 1]}"
        read -ra argv <<<"${cmd//\{i\}/${values[RUNS + 1]}}"
        /usr/bin/time -f %M -o "$res/memory" "${argv[@]}" >/dev/null
        memory=$(tail -n 1 "$res/memory")
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$label" "$target" "$scale" "$first" "$memory" "$json" >>"$res/cs.tsv"
}

: >"$res/cs.tsv"
scale=$SCALE
bench version "cs --version" "<=5ms" "" "$cs --version"
bench visit_add "cs visit add $visit_customer --channel phone --purpose routine --by $visit_by --summary …" \
    "<=10ms <=20MB <=1.2x_small" "" \
    "$cs visit add $visit_customer --channel phone --purpose routine --by $visit_by --summary 基准测试回访第{i}次"
export CS_DATA_DIR=$small scale=$SMALL_SCALE
bench visit_add_small "cs visit add $(key visit_customer "$small") … (scale $SMALL_SCALE)" "" "" \
    "$cs visit add $(key visit_customer "$small") --channel phone --purpose routine --by $(key visit_by "$small") --summary 基准测试回访第{i}次"
export CS_DATA_DIR=$data scale=$SCALE
# Complaints: one recorded for the customer visits are logged for (its owner handles it), and
# the first response to each of those just recorded, one complaint a run.
complaint_add="complaint add $visit_customer --category quality --severity medium --channel phone --summary"
bench complaint_add "cs $complaint_add …" "<=10ms <=1.2x_small" "" "$cs $complaint_add 基准测试投诉第{i}次"
export CS_DATA_DIR=$small scale=$SMALL_SCALE
bench complaint_add_small "cs complaint add $(key visit_customer "$small") … (scale $SMALL_SCALE)" "" "" \
    "$cs complaint add $(key visit_customer "$small") --category quality --severity medium --channel phone --summary 基准测试投诉第{i}次"
# open_complaints CUSTOMER: the ids of RUNS + 2 of its open complaints, the latest first, comma-separated.
open_complaints() {
    "$cs" complaint list --customer "$1" --status open --format csv |
        awk -F, -v n=$((RUNS + 2)) 'NR > 1 && NR <= n + 1 { print $1 }' | paste -sd, -
}
bench complaint_ack_small "cs complaint ack ID (a complaint just recorded; scale $SMALL_SCALE)" "" "" \
    "$cs complaint ack {i}" "$(open_complaints "$(key visit_customer "$small")")"
export CS_DATA_DIR=$data scale=$SCALE
bench complaint_ack "cs complaint ack ID (a complaint just recorded)" "<=10ms <=1.2x_small" "" "$cs complaint ack {i}" \
    "$(open_complaints "$visit_customer")"
# Label jobs: one request recorded, by the customer's owner, as `visit add` is; and the jobs
# past their due day, read from the index as `visit due` reads its own.
label_add="label add $visit_customer --order SO-BENCH --spec 基准测试酒标 --by $visit_by --due 2026-12-20"
bench label_add "cs $label_add" "<=10ms <=20MB" "" "$cs $label_add"
bench label_list_overdue "cs label list --overdue --as-of $AS_OF" "<=150ms <=100MB" "" \
    "$cs label list --overdue --as-of $AS_OF"
bench customer_add "cs customer add --name … --class A --owner wang --phone … (with the duplicate check)" "<=15ms" "" \
    "$cs customer add --name 基准测试新客户{i} --class A --owner wang --phone 0571-8800{i}"
bench customer_show "cs customer show $show_prefix (a unique id prefix; with the latest visits)" "<=20ms" "" \
    "$cs customer show $show_prefix"
bench customer_list_class "cs customer list --class A --limit 20" "<=50ms" "" "$cs customer list --class A --limit 20"
bench customer_edit "cs customer edit $edit_id --class B (after an untimed --class A; rewrites customers.csv)" "<=80ms" \
    "$cs customer edit $edit_id --class A" "$cs customer edit $edit_id --class B"
bench visit_due "cs visit due --as-of $AS_OF" "<=150ms <=100MB >=3x_duckdb" "" "$cs visit due --as-of $AS_OF"
bench visit_list_quarter "cs visit list --from $FROM --to $TO --format csv (one quarter)" "<=150ms" "" \
    "$cs visit list --from $FROM --to $TO --format csv"
# What the cron job and the morning's review of late complaints do: no slower than `visit due`.
bench complaint_list_overdue "cs complaint list --overdue --as-of $AS_OF" "<=1x_visit_due" "" \
    "$cs complaint list --overdue --as-of $AS_OF"
bench complaint_escalate_overdue "cs complaint escalate --overdue --as-of $AS_OF --dry-run" "<=1x_visit_due" "" \
    "$cs complaint escalate --overdue --as-of $AS_OF --dry-run"
# Shipments: the morning's list of late parcels (no slower than `visit due`), one shipment
# with its timeline (like `customer show`), and a carrier's scan recorded for it (like
# `complaint add`; an in_transit scan of a shipment in transit appends an event and rewrites
# no shipment line, so the rows above and below see the same shipments). Each run of the
# scan is a minute later, so that none is the same event as one already recorded.
bench shipment_list_late "cs shipment list --late --as-of $late_as_of --format csv" "<=1x_visit_due" "" \
    "$cs shipment list --late --as-of $late_as_of --format csv"
bench shipment_show "cs shipment show $track_ref (a tracking number; with its timeline)" "<=20ms" "" \
    "$cs shipment show $track_ref"
scan_minutes=$(seq -f %02g -s, 0 $((RUNS + 1)))
scan="--status in_transit --location 杭州转运中心 --at 2026-11-28T10:{i}:00+08:00"
export CS_DATA_DIR=$small scale=$SMALL_SCALE
bench shipment_track_small "cs shipment track $(key track_ref "$small") --status in_transit … (scale $SMALL_SCALE)" "" "" \
    "$cs shipment track $(key track_ref "$small") $scan" "$scan_minutes"
export CS_DATA_DIR=$data scale=$SCALE
bench shipment_track "cs shipment track $track_ref --status in_transit --at …" "<=10ms <=1.2x_small" "" \
    "$cs shipment track $track_ref $scan" "$scan_minutes"
bench report_quarterly "cs report quarterly --as-of $AS_OF --format json" "<=250ms <=200MB" "" \
    "$cs report quarterly --as-of $AS_OF --format json"
bench check "cs check" "<=1000ms" "" "$cs check"
bench cold_show "cs customer show $show_prefix after rm -rf .cs/index (the first command after the cache is deleted)" \
    "<=1500ms" "rm -rf $data/.cs/index" "$cs customer show $show_prefix"
# Rows without a target, kept to follow the whole-table commands.
bench customer_list_csv "cs customer list --format csv" "" "" "$cs customer list --format csv"
bench customer_search "cs customer list --search 西湖 --format json" "" "" "$cs customer list --search 西湖 --format json"
bench customer_list_table "cs customer list (a table on a 200-column screen)" "" "" "env COLUMNS=200 $cs customer list"
# Every visit to one CSV file, written as it is read, a month at a time, as `visit list
# --format csv` prints (not held whole in memory); each run replaces the file whole.
bench export_visits "cs export visits --output FILE (every visit, CSV)" "" "" \
    "$cs export visits --output $tmp/export-visits.csv"

# ---- Import: every visit from one CSV file, every customer from a workbook ---------------------

# The visits as a spreadsheet from elsewhere has them: no ids, no recording times.
"$python" - "$tmp/export-visits.csv" "$tmp/import-visits.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="") as src, open(sys.argv[2], "w", newline="") as out:
    rows = csv.DictReader(src)
    columns = [c for c in rows.fieldnames if c not in ("id", "created")]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row[c] for c in columns])
PY
"$cs" export customers --all --format xlsx --output "$tmp/import-customers.xlsx"
# A data directory with the settings and customers only (or the settings only), made afresh.
cat >"$tmp/fresh-visits.sh" <<SH
rm -rf "$tmp/import-v" && mkdir -p "$tmp/import-v" && cp "$data/cs.toml" "$data/customers.csv" "$tmp/import-v/"
"$cs" -d "$tmp/import-v" customer show "$show_prefix" >/dev/null
SH
cat >"$tmp/fresh-customers.sh" <<SH
rm -rf "$tmp/import-c" && mkdir -p "$tmp/import-c" && cp "$data/cs.toml" "$tmp/import-c/"
SH
bench import_visits "cs import visits FILE (1,000,000 visits from one CSV into 100,000 customers)" \
    "<=3000ms <=400MB" "bash $tmp/fresh-visits.sh" "$cs -d $tmp/import-v import visits $tmp/import-visits.csv"
bench import_visits_again "cs import visits FILE again (every row already there: adds nothing)" \
    "<=1x_import_visits" "" "$cs -d $tmp/import-v import visits $tmp/import-visits.csv"
bench import_customers_xlsx "cs import customers FILE.xlsx (100,000 customers from a workbook)" \
    "<=5000ms" "bash $tmp/fresh-customers.sh" "$cs -d $tmp/import-c import customers $tmp/import-customers.xlsx"

# ---- One durable write: an append with fdatasync, an INSERT into SQLite -------------------------

if [[ -z "${NO_REFERENCE:-}" ]]; then
    log "one durable write: an appended line, a SQLite INSERT"
    cp "$(ls "$data"/visits/*.csv | tail -n 1)" "$tmp/append.csv"
    "$python" benches/bench.py append --file "$tmp/append.csv" --runs 50 --out "$res/ref-append-ref.json"
    "$python" benches/bench.py insert --data "$data" --db "$tmp/visits.sqlite" --runs 50 --out "$res/ref-insert-ref.json"
    if [[ -n "$use_hyperfine" ]] && command -v sqlite3 >/dev/null; then
        hyperfine --shell=none --style none --runs 1 --parameter-list i "$(seq -s, 1 "$RUNS")" \
            --export-json "$res/ref-insert_cli-ref.json" \
            "sqlite3 $tmp/visits.sqlite \"INSERT INTO visits (id, customer, date, created) VALUES ('V-BENCHCLI{i}', 'C-BENCHMRK', '$AS_OF', '${AS_OF}T10:00:00+08:00')\"" >/dev/null
    fi
fi

# ---- Report -------------------------------------------------------------------------------------

# How many records the commands above deal with: the objects of a JSON list, one per "  {".
count() { "$cs" "$@" --format json | grep -c '^  {' || true; }
thousands() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }
mib() { awk -v b="$1" 'BEGIN { m = b / 1048576; printf(m < 10 ? "%.1f" : "%.0f", m) }'; }
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
memory_total=$(awk '/^MemTotal:/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff-index --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || commit+=" with uncommitted changes"
describe() { # DIR: the data, in one line
    local dir=$1
    echo "$(thousands "$(key customers "$dir")") customers (customers.csv $(mib "$(key customers_bytes "$dir")") MiB)," \
        "$(thousands "$(key visits "$dir")") visits in $(key month_files "$dir") month files ($(mib "$(key visits_bytes "$dir")") MiB)," \
        "$(thousands "$(key complaints "$dir")") complaints ($(mib "$(key complaints_bytes "$dir")") MiB) with" \
        "$(thousands "$(key complaint_events "$dir")") lines of history ($(mib "$(key complaint_history_bytes "$dir")") MiB);" \
        "$(thousands "$(key shipments "$dir")") shipments ($(mib "$(key shipments_bytes "$dir")") MiB) with" \
        "$(thousands "$(key shipment_events "$dir")") tracking events ($(mib "$(key shipment_events_bytes "$dir")") MiB);" \
        "generated in $(key generate_ms "$dir") ms, first \`cs check\` $(key check_ms "$dir") ms"
}
{
    echo "date=$(date '+%Y-%m-%d %H:%M %Z')"
    echo "commit=$commit"
    echo "machine=$(nproc) CPUs, ${cpu:-unknown CPU}, ${memory_total:-unknown RAM}; $(uname -sr); $(rustc --version 2>/dev/null); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "data=scale $SCALE (seed $SEED): $(describe "$data"); $(thousands "$(count customer list)") not archived," \
        "$(thousands "$(count visit due --as-of "$AS_OF")") due on $AS_OF," \
        "$(thousands "$(count visit list --from "$FROM" --to "$TO")") visits from $FROM to $TO," \
        "$(thousands "$(count complaint list --overdue --as-of "$AS_OF")") complaints late by $AS_OF"
    echo "small=scale $SMALL_SCALE: $(describe "$small")"
    echo "timer=$([[ -n "$use_hyperfine" ]] && hyperfine --version || echo "bash's \$EPOCHREALTIME"), $RUNS timed runs after one warm-up run; peak memory from $([[ -n "$use_time" ]] && echo "GNU time, one more run after the timed ones" || echo "nowhere (no GNU time)")${CS_CACHE:+; CS_CACHE=$CS_CACHE}"
    echo "ref_runs=$REF_RUNS"
    printf -v joined '%s | ' "${notes[@]}"
    echo "notes=${joined% | }"
} >"$res/meta"

docs=()
if [[ -n "${WRITE_DOCS:-}" ]]; then
    if [[ -n "$mismatch" ]]; then
        log "not writing docs/performance.md: an answer differed"
    else
        docs=(--docs "${DOCS:-$repo/docs/performance.md}")
    fi
fi
"$python" benches/bench.py report --results "$res" "${docs[@]}"

if [[ -n "$mismatch" ]]; then
    log "FAILED: DuckDB or SQLite answered differently from cs (see MISMATCH above)"
    exit 1
fi

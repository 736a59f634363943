#!/usr/bin/env python3
"""The Python half of `benches/run.sh`: SQL, JSON and the report.

    bench.py query --engine duckdb|sqlite --query due|quarter|class|show --data DIR ...
        Computes one of the answers `cs` gives, straight from the CSV files, the way a user
        would with DuckDB (`read_csv`) or SQLite (load the CSVs into a database in memory,
        then query). Times it in this process (one warm-up run, then --runs timed runs, each
        from a fresh connection), checks the answer against cs's (--expect FILE) and writes
        the times as JSON (--out FILE). Exits 1, printing the first difference, when the
        answers differ.
    bench.py append --file F --runs N --out FILE
        Times appending one line to a file with fdatasync, the least a durable append costs.
    bench.py insert --data DIR --db F --runs N --out FILE
        Times one INSERT, in its own transaction, into a SQLite table of every visit.
    bench.py report --results DIR [--docs FILE]
        Prints the Markdown tables of a run; with --docs, also writes them into that file
        between the markers `<!-- bench:begin -->` and `<!-- bench:end -->`.

Standard library only, except `duckdb` for --engine duckdb (run.sh installs it with pip
into a virtualenv). Never writes to a data directory.
"""

import argparse
import csv
import datetime as dt
import json
import operator
import os
import re
import resource
import sqlite3
import statistics
import sys
import time
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# The data, as cs reads it

# What cs accepts besides the stored names (src/model/customer.rs and visit.rs).
STATUS_ALIASES = {
    "prospect": ["潜在客户", "潜在"],
    "active": ["活跃", "活跃客户"],
    "dormant": ["休眠", "休眠客户"],
    "lost": ["流失", "流失客户"],
}
CHANNEL_ALIASES = {
    "sms": ["短信", "text"],
    "phone": ["电话", "call", "tel"],
    "onsite": ["上门", "on-site", "on_site", "visit", "现场"],
}
PURPOSE_ALIASES = {
    "routine": ["常规", "常规回访"],
    "survey": ["问卷", "问卷调查", "调查问卷", "调查", "questionnaire"],
    "satisfaction": ["满意度", "满意度回访", "csat"],
}


def normalized(column, aliases):
    """A SQL expression (DuckDB and SQLite alike) giving a column's stored English name."""
    cases = " ".join(
        f"WHEN '{alias.lower()}' THEN '{name}'" for name, names in aliases.items() for alias in names
    )
    return f"CASE lower(trim({column})) {cases} ELSE lower(trim({column})) END"


def unescape(text):
    """What cs's `csvfile::unescape` does: `\\n`, `\\r` and `\\\\` back to what they stand for;
    any other backslash stays."""
    if "\\" not in text:
        return text
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in "\\nr":
            out.append({"\\": "\\", "n": "\n", "r": "\r"}[text[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def classes(data):
    """Each class's `visit_every_days`, from cs.toml."""
    text = (Path(data) / "cs.toml").read_text(encoding="utf-8")
    try:
        import tomllib

        return {k: int(v["visit_every_days"]) for k, v in tomllib.loads(text)["classes"].items()}
    except ImportError:  # Python before 3.11: the generated file's simple form
        found, current = {}, None
        for line in text.splitlines():
            header = re.match(r'\s*\[classes\.("?)([^"\]]+)\1\]', line)
            if header:
                current = header.group(2)
            elif line.strip().startswith("["):
                current = None
            elif current and (every := re.match(r"\s*visit_every_days\s*=\s*(\d+)", line)):
                found[current] = int(every.group(1))
        return found


def month_files(data, first=None, last=None):
    """The visits' month files, optionally only those of the months `first`..`last` cover."""
    files = sorted((Path(data) / "visits").glob("*.csv"))
    if first:
        files = [f for f in files if first[:7] <= f.stem <= last[:7]]
    return [str(f) for f in files]


def text(value):
    return "" if value is None else str(value).strip()


def optional(value):
    return text(value) or None


# ---------------------------------------------------------------------------------------------
# The answers, as tuples that both sides are turned into

def due_row(customer, due, last_visit, last_channel):
    return (text(customer), text(due), optional(last_visit), optional(last_channel))


def visit_row(id, customer, date, channel, purpose, by, next, summary):
    return tuple(text(v) for v in (id, customer, date, channel, purpose, by, next)) + (unescape(text(summary)),)


def customer_row(id, name, klass, status, owner, center, phone, note):
    return (text(id), unescape(text(name)), text(klass), text(status), optional(owner), optional(center),
            unescape(text(phone)), unescape(text(note)))


def expected(query, path):
    """cs's answer, read from its output (`--format json`, or csv for `quarter`)."""
    raw = Path(path).read_text(encoding="utf-8")
    if query == "due":
        return [due_row(d["customer"], d["due"], d["last_visit"], d["last_channel"]) for d in json.loads(raw)]
    if query == "quarter":
        rows = list(csv.DictReader(raw.splitlines(keepends=True)))
        # Visits of one day recorded in the same second come from cs in the order they were
        # logged, the last first, which SQL cannot see in a CSV file; the engines put them in
        # the order of their ids, and so, here, does cs's answer (every other order is cs's).
        rows.sort(key=lambda r: (r["date"], dt.datetime.fromisoformat(r["created"]), r["id"]), reverse=True)
        return [visit_row(r["id"], r["customer"], r["date"], r["channel"], r["purpose"], r["by"], r["next"],
                          r["summary"]) for r in rows]
    if query == "class":
        return [customer_row(c["id"], c["name"], c["class"], c["status"], c["owner"], c["center"], c["phone"],
                             c["note"]) for c in json.loads(raw)]
    if query == "show":
        c = json.loads(raw)
        visits = c.get("visits") or {}
        due = (visits.get("due") or {}).get("due")
        return [customer_row(c["id"], c["name"], c["class"], c["status"], c["owner"], c["center"], c["phone"],
                             c["note"]),
                ("visits", visits.get("total", 0), due),
                *[visit_row(v["id"], v["customer"], v["date"], v["channel"], v["purpose"], v["by"], v["next"],
                            v["summary"]) for v in visits.get("latest", [])]]
    raise SystemExit(f"unknown query {query}")


# ---------------------------------------------------------------------------------------------
# DuckDB: SQL over read_csv

CSV_OPTIONS = "header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"'"


def duckdb_files(files):
    return "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"


def duckdb_visits(files):
    """The visits as typed columns. union_by_name lines up the month whose columns are in
    another order; DuckDB reads the BOM, the CRLF month and the missing last line break."""
    return f"""
        SELECT trim(id) AS id, trim(customer) AS customer, CAST(trim(date) AS DATE) AS date,
               CAST(trim(created) AS TIMESTAMPTZ) AS created,
               CAST(NULLIF(trim(next), '') AS DATE) AS next,
               {normalized('channel', CHANNEL_ALIASES)} AS channel,
               {normalized('purpose', PURPOSE_ALIASES)} AS purpose,
               trim("by") AS "by", summary
        FROM read_csv({duckdb_files(files)}, {CSV_OPTIONS}, union_by_name = true)"""


def duckdb_customers(data):
    path = str(Path(data) / "customers.csv").replace("'", "''")
    return f"read_csv('{path}', {CSV_OPTIONS})"


def duckdb_classes(every):
    values = ", ".join(f"('{k}', {v})" for k, v in every.items())
    return f"(VALUES {values}) AS k(class, every)"


def duckdb_query(con, args, every):
    data = args.data
    covered = f"{normalized('c.status', STATUS_ALIASES)} IN ('active', 'dormant')"
    if args.query == "due":
        sql = f"""
            WITH v AS ({duckdb_visits(month_files(data))}),
            latest AS (
                SELECT customer, date, next, channel FROM (
                    SELECT *, row_number() OVER (PARTITION BY customer ORDER BY date DESC, created DESC, id DESC) AS n
                    FROM v WHERE date <= DATE '{args.as_of}')
                WHERE n = 1),
            due AS (
                SELECT trim(c.id) AS customer,
                       coalesce(l.next, l.date + k.every, CAST(left(trim(c.created), 10) AS DATE) + k.every) AS due,
                       l.date AS last_visit, l.channel AS last_channel
                FROM {duckdb_customers(data)} c
                JOIN {duckdb_classes(every)} ON trim(c.class) = k.class
                LEFT JOIN latest l ON l.customer = trim(c.id)
                WHERE coalesce(trim(c.archived), '') = '' AND {covered})
            SELECT customer, CAST(due AS VARCHAR), CAST(last_visit AS VARCHAR), last_channel
            FROM due WHERE due <= DATE '{args.as_of}' ORDER BY due, customer"""
        return [due_row(*r) for r in con.execute(sql).fetchall()]
    if args.query == "quarter":
        # Only the month files the period covers, as cs reads: the most favourable reading.
        sql = f"""
            SELECT id, customer, CAST(date AS VARCHAR), channel, purpose, "by", CAST(next AS VARCHAR), summary
            FROM ({duckdb_visits(month_files(data, args.date_from, args.date_to))})
            WHERE date BETWEEN DATE '{args.date_from}' AND DATE '{args.date_to}'
            ORDER BY date DESC, created DESC, id DESC"""
        return [visit_row(*r) for r in con.execute(sql).fetchall()]
    if args.query == "class":
        # No ORDER BY: DuckDB keeps the file's order (preserve_insertion_order), as cs lists.
        sql = f"""
            SELECT id, name, class, {normalized('status', STATUS_ALIASES)}, owner, center, phone, note
            FROM {duckdb_customers(data)}
            WHERE coalesce(trim(archived), '') = '' AND trim(class) = '{args.klass}'
            LIMIT {args.limit}"""
        return [customer_row(*r) for r in con.execute(sql).fetchall()]
    if args.query == "show":
        customer = con.execute(
            f"""SELECT id, name, class, {normalized('status', STATUS_ALIASES)}, owner, center, phone, note,
                       left(trim(created), 10) AS created, coalesce(trim(archived), '') AS archived
                FROM {duckdb_customers(data)} WHERE trim(id) = ?""",
            [args.customer],
        ).fetchone()
        visits = con.execute(
            f"""SELECT id, customer, CAST(date AS VARCHAR), channel, purpose, "by", CAST(next AS VARCHAR), summary,
                       count(*) OVER () AS total
                FROM ({duckdb_visits(month_files(data))}) WHERE customer = ?
                ORDER BY date DESC, created DESC, id DESC LIMIT 5""",
            [args.customer],
        ).fetchall()
        return show_answer(customer, visits, every, args.as_of)
    raise SystemExit(f"unknown query {args.query}")


def show_answer(customer, visits, every, as_of):
    """`customer show`'s answer from the customer's row and their latest visits (newest first,
    each with the total): the row, the count and due date, the visits."""
    if customer is None:
        return []
    status, archived = text(customer[3]), customer[9]
    due = None
    if not archived and status != "lost" and text(customer[2]) in every:
        step = dt.timedelta(days=every[text(customer[2])])
        latest = [v for v in visits if text(v[2]) <= as_of][:1]
        if latest and text(latest[0][6]):
            due = text(latest[0][6])
        elif latest:
            due = (dt.date.fromisoformat(text(latest[0][2])) + step).isoformat()
        else:
            due = (dt.date.fromisoformat(text(customer[8])) + step).isoformat()
    total = visits[0][8] if visits else 0
    return [customer_row(*customer[:8]), ("visits", total, due), *[visit_row(*v[:8]) for v in visits]]


# ---------------------------------------------------------------------------------------------
# SQLite: load the CSVs into a database in memory, then query

def sqlite_load(con, table, files):
    """Loads CSV files into a new table of text columns named after the first file's header;
    later files' columns are matched by name (one month has them in another order)."""
    columns = None
    for path in files:
        # utf-8-sig drops a BOM; newline='' lets csv read CRLF and line breaks in quotes.
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header = [h.strip() for h in next(reader, [])]
            if not header:
                continue
            if columns is None:
                columns = header
                quoted = ", ".join(f'"{c}" TEXT' for c in columns)
                con.execute(f'CREATE TABLE "{table}" ({quoted})')
                insert = f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(columns))})'
            pick = operator.itemgetter(*[header.index(c) for c in columns])
            con.executemany(insert, (pick(row) for row in reader if len(row) == len(header)))


def sqlite_query(con, args, every):
    data = args.data
    covered = f"{normalized('c.status', STATUS_ALIASES)} IN ('active', 'dormant')"
    classes_cte = "k(class, every) AS (VALUES " + ", ".join(f"('{k}', {v})" for k, v in every.items()) + ")"
    visits = f"""
        SELECT trim(id) AS id, trim(customer) AS customer, trim(date) AS date,
               CAST(strftime('%s', trim(created)) AS INTEGER) AS created,
               NULLIF(trim(next), '') AS next,
               {normalized('channel', CHANNEL_ALIASES)} AS channel,
               {normalized('purpose', PURPOSE_ALIASES)} AS purpose,
               trim("by") AS "by", summary
        FROM visits"""
    if args.query == "due":
        sqlite_load(con, "customers", [str(Path(data) / "customers.csv")])
        sqlite_load(con, "visits", month_files(data))
        sql = f"""
            WITH {classes_cte},
            v AS ({visits}),
            latest AS (
                SELECT customer, date, next, channel FROM (
                    SELECT *, row_number() OVER (PARTITION BY customer ORDER BY date DESC, created DESC, id DESC) AS n
                    FROM v WHERE date <= '{args.as_of}')
                WHERE n = 1),
            due AS (
                SELECT trim(c.id) AS customer,
                       coalesce(l.next, date(l.date, '+' || k.every || ' days'),
                                date(substr(trim(c.created), 1, 10), '+' || k.every || ' days')) AS due,
                       l.date AS last_visit, l.channel AS last_channel
                FROM customers c
                JOIN k ON trim(c.class) = k.class
                LEFT JOIN latest l ON l.customer = trim(c.id)
                WHERE coalesce(trim(c.archived), '') = '' AND {covered})
            SELECT * FROM due WHERE due <= '{args.as_of}' ORDER BY due, customer"""
        return [due_row(*r) for r in con.execute(sql).fetchall()]
    if args.query == "quarter":
        sqlite_load(con, "visits", month_files(data, args.date_from, args.date_to))
        sql = f"""
            SELECT id, customer, date, channel, purpose, "by", next, summary FROM ({visits})
            WHERE date BETWEEN '{args.date_from}' AND '{args.date_to}'
            ORDER BY date DESC, created DESC, id DESC"""
        return [visit_row(*r) for r in con.execute(sql).fetchall()]
    if args.query == "class":
        sqlite_load(con, "customers", [str(Path(data) / "customers.csv")])
        sql = f"""
            SELECT id, name, class, {normalized('status', STATUS_ALIASES)}, owner, center, phone, note
            FROM customers
            WHERE coalesce(trim(archived), '') = '' AND trim(class) = ?
            ORDER BY rowid LIMIT {args.limit}"""
        return [customer_row(*r) for r in con.execute(sql, [args.klass]).fetchall()]
    if args.query == "show":
        sqlite_load(con, "customers", [str(Path(data) / "customers.csv")])
        sqlite_load(con, "visits", month_files(data))
        customer = con.execute(
            f"""SELECT id, name, class, {normalized('status', STATUS_ALIASES)}, owner, center, phone, note,
                       substr(trim(created), 1, 10), coalesce(trim(archived), '')
                FROM customers WHERE trim(id) = ?""",
            [args.customer],
        ).fetchone()
        rows = con.execute(
            f"""SELECT id, customer, date, channel, purpose, "by", next, summary, count(*) OVER () AS total
                FROM ({visits}) WHERE customer = ?
                ORDER BY date DESC, created DESC, id DESC LIMIT 5""",
            [args.customer],
        ).fetchall()
        return show_answer(customer, rows, every, args.as_of)
    raise SystemExit(f"unknown query {args.query}")


# ---------------------------------------------------------------------------------------------
# Commands

def peak_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def write_json(path, value):
    Path(path).write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def first_difference(want, got):
    for i, (w, g) in enumerate(zip(want, got)):
        if w != g:
            return f"first difference at row {i + 1}:\n    cs:        {w!r}\n    reference: {g!r}"
    return f"cs has {len(want)} rows, the reference {len(got)}"


def command_query(args):
    every = classes(args.data)
    if args.engine == "duckdb":
        import duckdb

        version = f"DuckDB {duckdb.__version__} (Python module)"

        def run():
            con = duckdb.connect()
            try:
                return duckdb_query(con, args, every)
            finally:
                con.close()
    else:
        version = f"SQLite {sqlite3.sqlite_version} (Python's sqlite3, in memory)"

        def run():
            con = sqlite3.connect(":memory:")
            try:
                return sqlite_query(con, args, every)
            finally:
                con.close()

    times, answer = [], None
    for i in range(1 + args.runs):
        start = time.perf_counter()
        answer = run()
        times.append(time.perf_counter() - start)
    first, times = times[0], times[1:]
    result = {"engine": args.engine, "version": version, "query": args.query, "rows": len(answer),
              "first": first, "times": times, "memory_kib": peak_kib(), "match": None}
    if args.expect:
        want = expected(args.query, args.expect)
        result["match"] = want == answer
        if want != answer:
            write_json(args.out, result)
            print(f"MISMATCH: {args.engine} and cs answer `{args.query}` differently; "
                  + first_difference(want, answer), file=sys.stderr)
            return 1
    write_json(args.out, result)
    print(f"   {args.engine} {args.query}: {len(answer)} rows"
          + (", the same as cs" if args.expect else "")
          + f", median {statistics.median(times) * 1000:.0f} ms", file=sys.stderr)
    return 0


def command_append(args):
    """Appends a line like a visit's to a scratch file (open, write, fdatasync, close)."""
    line = ("V-BENCHAPPND,C-BENCHMRK,2026-11-29,phone,routine,wang,,,库存,,,"
            "基准测试：追加一行并 fdatasync,,2026-11-29T10:00:00+08:00\n").encode()
    times = []
    for _ in range(1 + args.runs):
        start = time.perf_counter()
        with open(args.file, "ab") as f:
            f.write(line)
            f.flush()
            os.fdatasync(f.fileno())
        times.append(time.perf_counter() - start)
    write_json(args.out, {"first": times[0], "times": times[1:], "memory_kib": peak_kib()})
    return 0


def command_insert(args):
    """Builds a SQLite database of every visit (id the primary key) once, then times single
    INSERTs, each its own transaction, with SQLite's default (rollback journal, synchronous
    FULL) durability."""
    fresh = not Path(args.db).exists()
    con = sqlite3.connect(args.db, isolation_level=None)
    if fresh:
        con.execute("BEGIN")
        sqlite_load(con, "loaded", month_files(args.data))
        columns = [r[1] for r in con.execute('PRAGMA table_info("loaded")')]
        spec = ", ".join(f'"{c}" TEXT' + (" PRIMARY KEY" if c == "id" else "") for c in columns)
        con.execute(f"CREATE TABLE visits ({spec})")
        con.execute("INSERT INTO visits SELECT * FROM loaded")
        con.execute("DROP TABLE loaded")
        con.execute("COMMIT")
        con.execute("VACUUM")
    rows = con.execute("SELECT count(*) FROM visits").fetchone()[0]
    columns = [r[1] for r in con.execute('PRAGMA table_info("visits")')]
    values = {"customer": "C-BENCHMRK", "date": "2026-11-29", "channel": "phone", "purpose": "routine",
              "by": "wang", "topics": "库存", "summary": "基准测试：一条 INSERT",
              "created": "2026-11-29T10:00:00+08:00"}
    insert = f"INSERT INTO visits VALUES ({', '.join('?' * len(columns))})"
    times = []
    for i in range(1 + args.runs):
        row = [f"V-BENCHINS{i:04d}" if c == "id" else values.get(c, "") for c in columns]
        start = time.perf_counter()
        con.execute(insert, row)
        times.append(time.perf_counter() - start)
    con.close()
    write_json(args.out, {"first": times[0], "times": times[1:], "rows": rows, "memory_kib": peak_kib(),
                          "version": f"SQLite {sqlite3.sqlite_version}"})
    return 0


# ---------------------------------------------------------------------------------------------
# The report

def stats(times):
    """min, median, mean and max in milliseconds."""
    ms = [t * 1000 for t in times]
    return min(ms), statistics.median(ms), statistics.mean(ms), max(ms)


def times_of(data):
    """The times of a result: ours, or every run of a hyperfine export."""
    if "results" in data:
        return [t for r in data["results"] for t in r["times"]]
    return data["times"]


def hyperfine_times(path):
    return times_of(json.loads(Path(path).read_text()))


def ms(value):
    if value is None:
        return "–"
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def mb(kib):
    """Peak memory in MB (10^6 bytes), as the targets are written."""
    return "–" if kib in (None, "", "-") else f"{int(kib) * 1024 / 1e6:.0f} MB"


def check_target(spec, row, rows, refs):
    """Whether a row meets its target: a list of (condition, met) for each of the spec's
    words, `<=10ms`, `<=20MB`, `>=3x_duckdb` (at least 3 times faster than DuckDB),
    `<=1.2x_small` (at most 1.2 times the same command's row KEY_small) and `<=1x_visit_due`
    (at most the median of another row, here visit_due)."""
    results = []
    for word in spec.split():
        if m := re.fullmatch(r"<=([\d.]+)ms", word):
            results.append((f"≤ {m.group(1)} ms", row["median"] <= float(m.group(1))))
        elif m := re.fullmatch(r"<=([\d.]+)MB", word):
            kib = row["memory_kib"]
            results.append((f"≤ {m.group(1)} MB", None if kib is None else kib * 1024 <= float(m.group(1)) * 1e6))
        elif m := re.fullmatch(r">=([\d.]+)x_(duckdb|sqlite)", word):
            ref = refs.get((row["key"], m.group(2)))
            ok = None if ref is None else statistics.median(ref["times"]) * 1000 >= float(m.group(1)) * row["median"]
            results.append((f"≥ {m.group(1)}× faster than {'DuckDB' if m.group(2) == 'duckdb' else 'SQLite'}", ok))
        elif m := re.fullmatch(r"<=([\d.]+)x_small", word):
            small = rows.get(row["key"] + "_small")
            ok = None if small is None else row["median"] <= float(m.group(1)) * small["median"]
            results.append((f"≤ {m.group(1)}× scale {small['scale'] if small else '?'}", ok))
        elif m := re.fullmatch(r"<=([\d.]+)x_(\w+)", word):
            other = rows.get(m.group(2))
            ok = None if other is None else row["median"] <= float(m.group(1)) * other["median"]
            took = f" ({ms(other['median'])} ms)" if other else ""
            results.append((f"≤ {m.group(1)}× `{m.group(2).replace('_', ' ')}`{took}", ok))
        else:
            raise SystemExit(f"unknown target '{word}'")
    return results


def command_report(args):
    res = Path(args.results)
    meta = dict(line.split("=", 1) for line in (res / "meta").read_text(encoding="utf-8").splitlines() if "=" in line)
    rows = {}
    for line in (res / "cs.tsv").read_text(encoding="utf-8").splitlines():
        key, label, target, scale, first, memory, path = line.split("\t")
        times = hyperfine_times(path)
        lo, median, mean, hi = stats(times)
        rows[key] = {"key": key, "label": label, "target": target, "scale": scale, "first": float(first) * 1000,
                     "memory_kib": None if memory == "-" else int(memory), "min": lo, "median": median,
                     "mean": mean, "max": hi, "runs": len(times)}
    refs = {}
    for path in sorted(res.glob("ref-*.json")):
        ref = json.loads(path.read_text(encoding="utf-8"))
        _, key, engine = path.stem.split("-", 2)
        refs[(key, engine)] = ref

    out = []
    say = out.append
    say(f"Run on {meta.get('date', '?')}, commit `{meta.get('commit', '?')}`.")
    say("")
    say(f"- Machine: {meta.get('machine', '?')}")
    say(f"- Data: {meta.get('data', '?')}")
    if meta.get("small"):
        say(f"- Small data: {meta['small']}")
    say(f"- cs: {meta.get('timer', '?')}")
    engines = sorted({r.get("version", e) for (k, e), r in refs.items() if e in ("duckdb", "sqlite")})
    if engines:
        say(f"- DuckDB and SQLite: {', '.join(engines)}; timed inside one Python process, each run on a "
            f"fresh connection, one warm-up run then {meta.get('ref_runs', '?')} timed runs; the time of "
            "starting Python and importing the module is not counted. SQLite's time is loading the CSV "
            "files into a database in memory plus the query, which is what answering from the files "
            "takes it. Peak memory is that of the whole Python process.")
    if meta.get("notes"):
        for note in meta["notes"].split(" | "):
            say(f"- {note}")
    say("")

    say("### Targets")
    say("")
    say("Medians in milliseconds; memory is the peak resident set of one run, in MB (10^6 bytes). "
        "\"× cs\" is how many times longer DuckDB or SQLite took than cs for the same answer.")
    say("")
    say("| command | target | cs median (min–max) | cs peak memory | DuckDB | SQLite | DuckDB × cs | SQLite × cs | met |")
    say("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    all_met = True
    for row in rows.values():
        if not row["target"]:
            continue
        checks = check_target(row["target"], row, rows, refs)
        cells = []
        for engine in ("duckdb", "sqlite"):
            ref = refs.get((row["key"], engine))
            cells.append(None if ref is None else statistics.median(ref["times"]) * 1000)
        ratios = [f"{c / row['median']:.1f}×" if c is not None else "–" for c in cells]
        failed = [name for name, ok in checks if ok is False]
        unknown = [name for name, ok in checks if ok is None]
        all_met &= not failed and not unknown
        met = "met" if not failed and not unknown else "**not met**: " + ", ".join(failed + [f"{u} (not measured)" for u in unknown])
        target = ", ".join(name for name, _ in checks)
        extra = ""
        if row["key"] + "_small" in rows:
            small = rows[row["key"] + "_small"]
            extra = f"; {ms(small['median'])} at scale {small['scale']}"
        say(f"| `{row['label']}` | {target} | {ms(row['median'])} ({ms(row['min'])}–{ms(row['max'])}){extra} | "
            f"{mb(row['memory_kib'])} | {ms(cells[0])} | {ms(cells[1])} | {ratios[0]} | {ratios[1]} | {met} |")
    say("")
    say(f"Every target met: {'yes' if all_met else 'no'}.")
    say("")

    say("### Every command timed")
    say("")
    say("\"First run\" is the first of its kind after the commands above it (it brings the index "
        "up to date with their changes); then one warm-up and the timed runs.")
    say("")
    say("| command | scale | first run | min | median | mean | max | runs | peak memory |")
    say("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows.values():
        say(f"| `{row['label']}` | {row['scale']} | {ms(row['first'])} | {ms(row['min'])} | {ms(row['median'])} | "
            f"{ms(row['mean'])} | {ms(row['max'])} | {row['runs']} | {mb(row['memory_kib'])} |")
    say("")

    answers = [(k, e, r) for (k, e), r in refs.items() if e in ("duckdb", "sqlite")]
    if answers:
        say("### The same answers from DuckDB and SQLite")
        say("")
        say("| answer | rows | DuckDB median (min–max) | DuckDB peak memory | SQLite median (min–max) | SQLite peak memory | answers |")
        say("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
        keys = dict.fromkeys(k for k, _, _ in answers)
        for key in sorted(keys, key=lambda k: list(rows).index(k) if k in rows else len(rows)):
            cells, rowcount, verdicts = [], None, []
            for engine in ("duckdb", "sqlite"):
                ref = refs.get((key, engine))
                if ref is None:
                    cells += ["not run", "–"]
                    continue
                lo, median, _, hi = stats(ref["times"])
                cells += [f"{ms(median)} ({ms(lo)}–{ms(hi)})", mb(ref["memory_kib"])]
                rowcount = ref["rows"]
                verdicts.append(f"{'DuckDB' if engine == 'duckdb' else 'SQLite'} "
                                + {True: "= cs", False: "**≠ cs**", None: "not checked"}[ref["match"]])
            label = rows[key]["label"] if key in rows else key
            say(f"| `{label}` | {rowcount} | {' | '.join(cells)} | {', '.join(verdicts)} |")
        say("")

    durable = [(name, refs.get((name, "ref"))) for name in ("append", "insert", "insert_cli")]
    if any(r for _, r in durable) or "visit_add" in rows:
        say("### One durable write")
        say("")
        say("| what | median (min–max) | runs |")
        say("| --- | ---: | ---: |")
        if "visit_add" in rows:
            row = rows["visit_add"]
            say(f"| `{row['label']}` (a whole process: start, lock, find the customer, append, fsync) | "
                f"{ms(row['median'])} ({ms(row['min'])}–{ms(row['max'])}) | {row['runs']} |")
        labels = {
            "append": "append one line to a file and `fdatasync` it (inside Python)",
            "insert": "one `INSERT` into a SQLite table of {rows} visits, its own transaction, default "
                      "durability (inside Python)",
            "insert_cli": "`sqlite3 DB \"INSERT …\"` into the same table (a whole process, hyperfine)",
        }
        for name, ref in durable:
            if ref:
                times = times_of(ref)
                lo, median, _, hi = stats(times)
                rowcount = (refs.get(("insert", "ref")) or {}).get("rows", 0)
                label = labels[name].format(rows=f"{rowcount:,}")
                say(f"| {label} | {ms(median)} ({ms(lo)}–{ms(hi)}) | {len(times)} |")
        say("")

    report = "\n".join(out)
    print(report)
    if args.docs:
        write_docs(Path(args.docs), report)
    return 0


BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def write_docs(path, report):
    """Puts the report between the markers, leaving the prose around them as it is; appends a
    section with the markers when the file has none."""
    doc = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    block = f"{BEGIN}\n<!-- Written by `WRITE_DOCS=1 bash benches/run.sh`; edits here are overwritten. -->\n\n{report}\n{END}"
    if BEGIN in doc and END in doc:
        head, rest = doc.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        doc = head + block + tail
    else:
        doc = doc.rstrip("\n") + "\n\n## The latest run\n\n" + block + "\n"
    path.write_text(doc, encoding="utf-8")
    print(f"== wrote {path}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    query = sub.add_parser("query")
    query.add_argument("--engine", choices=["duckdb", "sqlite"], required=True)
    query.add_argument("--query", choices=["due", "quarter", "class", "show"], required=True)
    query.add_argument("--data", required=True)
    query.add_argument("--runs", type=int, default=10)
    query.add_argument("--as-of", default="2026-11-29")
    query.add_argument("--from", dest="date_from", default="2026-10-01")
    query.add_argument("--to", dest="date_to", default="2026-12-31")
    query.add_argument("--class", dest="klass", default="A")
    query.add_argument("--limit", type=int, default=20)
    query.add_argument("--customer")
    query.add_argument("--expect", help="cs's answer (its --format json output; csv for quarter)")
    query.add_argument("--out", required=True)
    append = sub.add_parser("append")
    append.add_argument("--file", required=True)
    append.add_argument("--runs", type=int, default=50)
    append.add_argument("--out", required=True)
    insert = sub.add_parser("insert")
    insert.add_argument("--data", required=True)
    insert.add_argument("--db", required=True)
    insert.add_argument("--runs", type=int, default=50)
    insert.add_argument("--out", required=True)
    report = sub.add_parser("report")
    report.add_argument("--results", required=True)
    report.add_argument("--docs")
    args = parser.parse_args()
    return {"query": command_query, "append": command_append, "insert": command_insert,
            "report": command_report}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())

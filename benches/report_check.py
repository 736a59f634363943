#!/usr/bin/env python3
"""The quarterly report's main figures computed again, with DuckDB SQL straight from the CSV
files, and compared with `cs report quarterly --format json`: every figure must be equal.

    python3 benches/report_check.py --cs target/release/cs --data DIR [--quarter 2026Q4] [--as-of 2026-11-27]

It is the definition of those figures in a second language (docs/reports.md points here):
customers not archived by class and by status, new customers, visits by channel and purpose,
visits and customers visited, CSAT, mean score and NPS, complaints received by category and
by severity, and, when the report has them, shipments shipped and delivered on time by
carrier. Run by hand or by benches/run.sh on the generated data; needs the duckdb package
(benches/run.sh installs it into a virtualenv). Exits 1 on the first difference, listing
every one.
"""

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

# Channels and purposes people typed in Chinese, as cs reads them (model/visit.rs).
CHANNELS = {"电话": "phone", "短信": "sms", "上门": "onsite", "现场": "onsite"}
PURPOSES = {"常规": "routine", "常规回访": "routine", "问卷": "survey", "问卷调查": "survey",
            "满意度": "satisfaction", "满意度调查": "satisfaction"}


def quarter(text):
    year, q = int(text[:4]), int(text[-1])
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def table(db, data, name):
    """A monthly table (or customers.csv) as a view over every file, all columns as text."""
    files = sorted((data / name).glob("*.csv")) if (data / name).is_dir() else [data / f"{name}.csv"]
    if not files:
        return False
    listed = ", ".join(f"'{f}'" for f in files)
    db.execute(f"""CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_csv([{listed}],
        all_varchar = true, union_by_name = true, header = true, quote = '"', escape = '"')""")
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cs", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--quarter", default="2026Q4")
    parser.add_argument("--as-of", default="2026-11-27")
    args = parser.parse_args()
    data = Path(args.data)
    start, end = quarter(args.quarter)
    as_of = dt.date.fromisoformat(args.as_of)
    cut = min(end, as_of)

    env = dict(os.environ, CS_NOW=f"{args.as_of}T23:00:00+08:00", TZ="Asia/Shanghai")
    done = subprocess.run([args.cs, "-d", str(data), "report", "quarterly", "--quarter", args.quarter,
                           "--as-of", args.as_of, "--format", "json"], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"cs report failed:\n{done.stderr}")
    report = json.loads(done.stdout)
    figures, distributions, tables = report["figures"], report["distributions"], report["tables"]

    started = time.perf_counter()
    db = duckdb.connect()
    for name in ["customers", "visits", "complaints", "shipments"]:
        table(db, data, name)
    expected = {}

    def rows(sql):
        return db.execute(sql).fetchall()

    # Customers: not archived, by class and status; created in the quarter.
    live = "FROM customers WHERE coalesce(archived, '') = ''"
    expected["distributions.by_class"] = dict(rows(f"SELECT class, count(*) {live} GROUP BY 1"))
    expected["distributions.by_status"] = dict(rows(f"SELECT status, count(*) {live} GROUP BY 1"))
    expected["figures.customers.new"] = rows(
        f"SELECT count(*) {live} AND substr(created, 1, 10) BETWEEN '{start}' AND '{end}'")[0][0]

    # Visits of the quarter up to the as-of day (the date as written; Chinese names mapped).
    channel = "CASE " + " ".join(f"WHEN channel = '{k}' THEN '{v}'" for k, v in CHANNELS.items()) + " ELSE channel END"
    purpose = "CASE " + " ".join(f"WHEN purpose = '{k}' THEN '{v}'" for k, v in PURPOSES.items()) + " ELSE purpose END"
    db.execute(f"""CREATE VIEW q AS SELECT customer, {channel} AS channel, {purpose} AS purpose,
        TRY_CAST(nullif(score, '') AS INTEGER) AS score, TRY_CAST(nullif(nps, '') AS INTEGER) AS nps
        FROM visits WHERE date BETWEEN '{start}' AND '{cut}'""")
    expected["figures.visits.visits"] = rows("SELECT count(*) FROM q")[0][0]
    expected["figures.visits.customers_visited"] = rows("SELECT count(DISTINCT customer) FROM q")[0][0]
    by_channel = {}
    for ch, pu, n in rows("SELECT channel, purpose, count(*) FROM q GROUP BY 1, 2"):
        by_channel.setdefault(ch, {})[pu] = n
    expected["tables.visits_by_channel"] = by_channel
    scores, satisfied, total = rows(
        "SELECT count(*), count(*) FILTER (score >= 4), sum(score) FROM q WHERE score BETWEEN 1 AND 5")[0]
    expected["figures.visits.csat"] = round(satisfied / scores, 6) if scores else None
    expected["figures.visits.mean_score"] = round(total / scores, 6) if scores else None
    answers, promoters, detractors = rows(
        "SELECT count(*), count(*) FILTER (nps >= 9), count(*) FILTER (nps <= 6) FROM q WHERE nps BETWEEN 0 AND 10")[0]
    if answers:
        nps = 100 * (promoters - detractors) / answers
        expected["figures.visits.nps"] = int(nps + 0.5) if nps >= 0 else -int(-nps + 0.5)
    else:
        expected["figures.visits.nps"] = None

    # Complaints received in the quarter up to the as-of day, by category and severity.
    recv = f"FROM complaints WHERE substr(received, 1, 10) BETWEEN '{start}' AND '{cut}'"
    expected["figures.complaints.received"] = rows(f"SELECT count(*) {recv}")[0][0]
    expected["complaints_by_category.received"] = dict(rows(f"SELECT category, count(*) {recv} GROUP BY 1"))
    expected["complaints_by_severity.received"] = dict(rows(f"SELECT severity, count(*) {recv} GROUP BY 1"))

    duckdb_ms = (time.perf_counter() - started) * 1000
    actual = {
        "distributions.by_class": distributions.get("by_class"),
        "distributions.by_status": distributions.get("by_status"),
        "tables.visits_by_channel": {
            r["channel"]: {k: v for k, v in r.items() if k not in ("channel", "all") and v}
            for r in tables.get("visits_by_channel", []) if r["channel"] in ("phone", "sms", "onsite")
        },
        "complaints_by_category.received": {
            r["category"]: r["received"] for r in tables.get("complaints_by_category", []) if r["received"]},
        "complaints_by_severity.received": {
            r["severity"]: r["received"] for r in tables.get("complaints_by_severity", []) if r["received"]},
    }
    for key in expected:
        if key.startswith("figures."):
            actual[key] = figures.get(key[len("figures."):])
    expected["tables.visits_by_channel"] = {
        ch: {pu: n for pu, n in purposes.items() if n} for ch, purposes in expected["tables.visits_by_channel"].items()}

    differences = [f"{key}: cs {actual.get(key)!r}, DuckDB {value!r}"
                   for key, value in expected.items() if actual.get(key) != value]
    for line in differences:
        print("DIFFERENT", line)
    print(f"{len(expected) - len(differences)} of {len(expected)} figures and tables equal")
    print(f"DuckDB took {duckdb_ms:.0f} ms for these figures (reading the CSV files, both cores)")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()

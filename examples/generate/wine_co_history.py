#!/usr/bin/env python3
"""Writes the customer history of the sample data directory, examples/wine-co, with the real
`cs`: the year's conversions of prospects, class and owner changes, a customer lost and one
archived, each a `cs customer edit` (or `archive`) run at the moment it happened (`CS_NOW`) by
the person who made it (`CS_USER`), so customer_history/ and the customers' lines are what cs
wrote.

    python3 examples/generate/wine_co_history.py [--cs PATH] [--data DIR]

It deletes customer_history/ and .cs/ first; run it on a sample whose customers are as they
were before these changes (git checkout examples/wine-co/customers.csv), or the edits find
nothing to change.
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

# (when, who, customer, cs arguments)
CHANGES = [
    ("2026-03-02T10:20:00+08:00", "feng", "C-KTMMX266", ["edit", "--owner", "li"]),
    ("2026-05-18T16:05:00+08:00", "zheng", "C-BT1ZBETS", ["edit", "--status", "lost"]),
    ("2026-06-09T11:30:00+08:00", "sun", "C-E16WNZR1", ["edit", "--status", "active"]),
    ("2026-07-01T09:15:00+08:00", "zheng", "C-MRQQ0FPE", ["edit", "--class", "A"]),
    ("2026-11-02T14:40:00+08:00", "zheng", "C-6EJDQN01", ["archive"]),
    ("2026-09-14T15:00:00+08:00", "wang", "C-955WWKH8", ["edit", "--status", "active", "--owner", "wang"]),
    ("2026-10-12T10:00:00+08:00", "zheng", "C-2C3SZMM1", ["edit", "--class", "B", "--status", "active"]),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = Path(__file__).resolve().parents[2]
    parser.add_argument("--cs", default=str(root / "target/debug/cs"))
    parser.add_argument("--data", default=str(root / "examples/wine-co"))
    args = parser.parse_args()
    data = Path(args.data)
    for name in ["customer_history", ".cs"]:
        shutil.rmtree(data / name, ignore_errors=True)
    for when, who, customer, change in CHANGES:
        env = dict(os.environ, CS_NOW=when, CS_USER=who, CS_LANG="zh", TZ="Asia/Shanghai")
        command = [args.cs, "-d", str(data), "customer", change[0], customer, *change[1:]]
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
    shutil.rmtree(data / ".cs", ignore_errors=True)


if __name__ == "__main__":
    main()

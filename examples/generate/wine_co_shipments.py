#!/usr/bin/env python3
"""Writes the shipments of the sample data directory, examples/wine-co, with the real `cs`.

    python3 examples/generate/wine_co_shipments.py [--cs PATH] [--data DIR]

A year of shipments (December 2025 to November 2026) to the sample's active customers, key
accounts more often, each with the tracking events its carrier would report: collected, one
or two transit hubs, out for delivery, delivered; some late, one delivery attempt failed, one
parcel returned, one lost, one held up (exception), and the latest ones still on their way or
gone quiet. Every `cs shipment add` and `cs shipment track` is put in one list by the moment
it happens and run in that order with `CS_NOW` set to that moment, so the files are what cs
wrote, appended to in time order. The last two weeks of 顺丰's events is not tracked by hand but
imported from a carrier export, examples/imports/sf-export-2026-11.csv, which the script
writes and then imports (`cs import shipment-events`), as the department does.

A fixed random seed and `CS_SEED` pin everything, so the same script gives the same files. It
deletes shipments/, shipment_events/ and .cs/ of the data directory first. Nothing happens
after 2026-11-28, the day before the tests' clock (tests/cli/support.rs, NOW).
"""

import argparse
import csv
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

CST = dt.timezone(dt.timedelta(hours=8))
FIRST_DAY = dt.date(2025, 12, 1)
LAST_MOMENT = dt.datetime(2026, 11, 28, 20, 0, tzinfo=CST)
# Events of 顺丰 from this moment on come from the carrier's export, not from `track`.
EXPORT_FROM = dt.datetime(2026, 11, 16, 0, 0, tzinfo=CST)
SEED = "2026"

# The carriers of the sample's cs.toml: name, transit days, tracking number format.
CARRIERS = [("顺丰", 2, "SF{:012d}", 5), ("京东物流", 2, "JDVA{:011d}", 3),
            ("中通", 3, "75{:012d}", 2), ("德邦", 4, "DPK{:010d}", 1)]
HUBS = {"hz": ["杭州转运中心", "杭州萧山分拨中心"], "nj": ["南京转运中心", "南京江宁分拨中心"],
        "sh": ["上海转运中心", "上海青浦分拨中心"], "": ["嘉兴转运中心", "苏州转运中心"]}
ITEMS = ["干红 20 箱", "干白 10 箱", "礼盒装干红 6 箱", "起泡酒 12 箱", "宴会用酒 30 箱",
         "干红 5 箱、干白 5 箱", "定制酒标干红 24 箱", "冰酒 4 箱", "年会用酒 50 箱", "样品 2 瓶"]


def customers(data):
    """The active customers, with their class and center."""
    with open(data / "customers.csv", encoding="utf-8-sig", newline="") as f:
        return [(r["id"], r["class"], r["center"]) for r in csv.DictReader(f)
                if r["status"] == "active" and not r["archived"]]


def at(day, hour, minute=0):
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=CST)


def story(rng, n, shipped, transit, fate):
    """The events of one shipment: (moment, status, location, note)."""
    events = []
    t = at(shipped, 17, rng.choice([0, 15, 30, 45]))
    events.append((t, "info_received", "", ""))
    delay = {"late": rng.randint(1, 4), "attempt": 1}.get(fate, 0)
    days = transit + delay
    hubs = HUBS[n["center"]] if n["center"] in HUBS else HUBS[""]
    for i in range(1 if days < 3 else 2):
        t = at(shipped + dt.timedelta(days=1 + i), rng.randint(2, 9), rng.randint(0, 59))
        events.append((t, "in_transit", hubs[i % 2], ""))
    arrive = shipped + dt.timedelta(days=days)
    if fate == "lost":
        events.append((at(arrive + dt.timedelta(days=3), 11), "lost", "", "中转遗失,已申请理赔"))
        return events
    if fate == "returned":
        events.append((at(arrive, 8, 30), "out_for_delivery", hubs[0], ""))
        events.append((at(arrive, 14), "attempt_fail", "", "收件人拒收"))
        events.append((at(arrive + dt.timedelta(days=2), 10), "returned", "杭州仓", "退回发货仓"))
        return events
    if fate == "exception":
        events.append((at(arrive, 9), "exception", hubs[0], "外箱破损,待核实"))
        return events
    if fate == "quiet":
        return events
    if fate == "attempt":
        events.append((at(arrive - dt.timedelta(days=1), 8, 40), "out_for_delivery", hubs[0], ""))
        events.append((at(arrive - dt.timedelta(days=1), 16), "attempt_fail", "", "电话无人接听"))
    events.append((at(arrive, 8, rng.randint(0, 50)), "out_for_delivery", hubs[0], ""))
    if fate == "pickup":
        events.append((at(arrive, 15), "available_for_pickup", "丰巢柜", "已放快递柜"))
        arrive += dt.timedelta(days=1)
    events.append((at(arrive, rng.randint(10, 17), rng.randint(0, 59)), "delivered", "", "本人签收"))
    return events


def plan(rng, people):
    """Every shipment: its `add` and its events."""
    weights = {"A": 5, "B": 2, "C": 1}
    pool = [p for p in people for _ in range(weights.get(p[1], 1))]
    shipments = []
    day = FIRST_DAY
    n = 0
    while day <= LAST_MOMENT.date():
        if day.weekday() < 5 and rng.random() < 0.45:
            customer, _, center = rng.choice(pool)
            name, transit, form, _ = rng.choices(CARRIERS, weights=[c[3] for c in CARRIERS])[0]
            n += 1
            fate = rng.choices(["ok", "late", "attempt", "pickup"], weights=[80, 12, 4, 4])[0]
            shipments.append(dict(n=n, customer=customer, center=center, carrier=name,
                                  transit=transit, shipped=day, fate=fate,
                                  tracking=form.format(rng.randrange(10 ** 9, 10 ** 10)),
                                  order=f"SO-{day:%Y%m%d}-{n % 100:02d}", items=rng.choice(ITEMS)))
        day += dt.timedelta(days=1)
    # One of each rare ending, in the months they show best.
    for fate, month in [("returned", 3), ("lost", 6), ("exception", 11), ("quiet", 11)]:
        found = next(s for s in shipments if s["shipped"].month == month and s["fate"] == "ok"
                     and (month != 11 or s["shipped"].day >= 15))
        found["fate"] = fate
    return shipments


def run(cs, data, now, args, env):
    env = dict(env, CS_NOW=now.isoformat())
    done = subprocess.run([cs, "-d", str(data), *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"cs {' '.join(args)} failed at {now}:\n{done.stderr}")
    return done.stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = Path(__file__).resolve().parents[2]
    parser.add_argument("--cs", default=str(root / "target/debug/cs"))
    parser.add_argument("--data", default=str(root / "examples/wine-co"))
    args = parser.parse_args()
    data = Path(args.data)
    for name in ["shipments", "shipment_events", ".cs"]:
        shutil.rmtree(data / name, ignore_errors=True)
    env = dict(os.environ, CS_SEED=SEED, CS_LANG="zh", TZ="Asia/Shanghai", CS_USER="wang")
    rng = random.Random(20261128)
    steps = []  # (moment, order, kind, shipment, details)
    for s in plan(rng, customers(data)):
        events = story(rng, s, s["shipped"], s["transit"], s["fate"])
        steps.append((at(s["shipped"], 10), s["n"], 0, "add", s, None))
        for i, event in enumerate(events):
            if event[0] <= LAST_MOMENT:
                steps.append((event[0], s["n"], i + 1, "track", s, event))
    steps.sort(key=lambda step: step[:3])
    export = []
    for moment, _, _, kind, s, event in steps:
        if kind == "add":
            run(args.cs, data, moment, ["shipment", "add", s["customer"], "--carrier", s["carrier"],
                                         "--tracking", s["tracking"], "--order", s["order"],
                                         "--items", s["items"], "--shipped", str(s["shipped"])], env)
        elif s["carrier"] == "顺丰" and moment >= EXPORT_FROM:
            export.append(event + (s["tracking"],))
        else:
            t, status, location, note = event
            # Recorded a little after the carrier reported it.
            run(args.cs, data, t + dt.timedelta(minutes=20),
                ["shipment", "track", s["tracking"], "--status", status, "--at",
                 t.strftime("%Y-%m-%d %H:%M"), "--location", location, "--note", note], env)
    imports = data.parent / "imports"
    imports.mkdir(exist_ok=True)
    path = imports / "sf-export-2026-11.csv"
    # As the carrier's site exports it: Chinese headers, a byte-order mark, CRLF.
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f, lineterminator="\r\n")
        out.writerow(["运单号", "状态", "时间", "地点", "备注"])
        status_zh = {"info_received": "已揽收", "in_transit": "运输中", "out_for_delivery": "派送中",
                     "attempt_fail": "投递失败", "available_for_pickup": "待取件", "delivered": "已签收",
                     "exception": "异常", "returned": "已退回", "lost": "丢失"}
        for t, status, location, note, tracking in sorted(export, key=lambda e: (e[0], e[4])):
            out.writerow([tracking, status_zh[status], t.strftime("%Y-%m-%d %H:%M:%S"), location, note])
    print(run(args.cs, data, LAST_MOMENT, ["import", "shipment-events", str(path)], env) or "imported")
    shutil.rmtree(data / ".cs", ignore_errors=True)
    print(f"{sum(1 for s in steps if s[3] == 'add')} shipments, {len(steps) - sum(1 for s in steps if s[3] == 'add')} events")


if __name__ == "__main__":
    main()

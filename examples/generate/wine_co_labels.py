#!/usr/bin/env python3
"""Writes the wine-label jobs (酒标) of the sample data directory, examples/wine-co, with the real `cs`.

    python3 examples/generate/wine_co_labels.py [--cs PATH] [--data DIR]

A handful of label jobs from 2026, told as stories: the request, designs (a rejected one among
them, and its second version), approval by a supervisor, hot stamping at 金华烫金厂 and quick
print at 杭州快印中心, and done; each left where its story ends, so the sample has jobs in every
status, some late at the tests' clock (2026-11-29). Every step is one `cs label` command run
with `CS_NOW` set to its moment, in time order, so the history is appended to in order and every
line is one cs wrote; `CS_SEED` pins the ids. The design files (a tiny SVG, a text spec) are
written to a scratch folder and copied in by `cs label design`, as a consultant would.

It deletes label_jobs.csv, label_history/, labels/ and .cs/ of the data directory first, so it
can be run again after a story changes. The sample's cs.toml must have the vendors jinhua and
kuaiyin. Nothing happens after 2026-11-28.
"""

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CST = dt.timezone(dt.timedelta(hours=8))
SEED = "2026"


def svg(text, colour="#b8860b"):
    """A tiny label design: a frame and one line of text."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="90mm" height="120mm" viewBox="0 0 90 120">\n'
            f'  <rect x="2" y="2" width="86" height="116" fill="none" stroke="{colour}"/>\n'
            f'  <text x="45" y="60" text-anchor="middle" font-size="6" fill="{colour}">{text}</text>\n'
            f'</svg>\n')


# Each job: the request (customer, order, spec, quantity, due), who asks, when, and its steps
# (`(when, command, args)`), run as `cs label COMMAND ID ARGS`. A design step's files are
# (name, content) pairs.
JOBS = [
    dict(customer="C-WRJD8T6V", order="SO-2603-0118", spec="年会定制干红, 烫金酒店 LOGO, 90x120mm, 酒红底",
         quantity="600", due="2026-04-10", by="wang", at="2026-03-02 10:20", steps=[
             ("2026-03-04 15:00", "design", {"files": [("front.svg", svg("西湖国宾馆 · 2026 年会")),
                                                       ("spec.txt", "尺寸 90x120mm\n底色 酒红\nLOGO 烫金\n")],
                                             "note": "按客户提供的 LOGO 矢量稿", "by": "wang"}),
             ("2026-03-05 09:40", "approve", {"note": "同意", "by": "zheng"}),
             ("2026-03-05 14:00", "send", {"vendor": "jinhua", "note": "烫金 600 张", "by": "wang"}),
             ("2026-03-16 10:30", "receive", {"vendor": "jinhua", "by": "wang"}),
             ("2026-03-16 15:00", "send", {"vendor": "kuaiyin", "note": "背标快印", "by": "wang"}),
             ("2026-03-20 11:00", "receive", {"vendor": "kuaiyin", "by": "wang"}),
             ("2026-03-20 16:00", "done", {"note": "已随货送达宴会部", "by": "wang"}),
         ]),
    dict(customer="C-88KDXQNA", order="SO-2606-0231", spec="端午礼盒背标, 快印, 中英文",
         quantity="2000", due="2026-06-10", by="li", at="2026-05-11 09:10", steps=[
             ("2026-05-13 16:20", "design", {"files": [("back.svg", svg("金陵饭店 端午礼盒", "#2e5e3e"))],
                                             "by": "li"}),
             ("2026-05-14 10:00", "reject", {"reason": "英文字号太小, 客户要求加净含量", "by": "zheng"}),
             ("2026-05-15 14:30", "design", {"files": [("back-v2.svg", svg("金陵饭店 端午礼盒 750ml", "#2e5e3e"))],
                                             "note": "英文放大, 加 750ml", "by": "li"}),
             ("2026-05-16 09:20", "approve", {"by": "zheng"}),
             ("2026-05-16 11:00", "send", {"vendor": "kuaiyin", "by": "li"}),
             ("2026-05-22 17:10", "receive", {"vendor": "kuaiyin", "note": "2000 张, 抽检无误", "by": "li"}),
             ("2026-05-23 10:00", "done", {"by": "li"}),
         ]),
    dict(customer="C-K5K37PSQ", order="SO-2610-0412", spec="会所私藏系列, 烫金编号, 限量 300",
         quantity="300", due="2026-11-20", by="qian", at="2026-10-19 14:00", steps=[
             ("2026-10-22 11:30", "design", {"files": [("front.svg", svg("外滩华庭 私藏 No.001-300")),
                                                       ("numbering.txt", "编号 001-300, 烫金\n")],
                                             "by": "qian"}),
             ("2026-10-23 09:00", "approve", {"by": "feng"}),
             ("2026-10-23 15:00", "send", {"vendor": "jinhua", "note": "烫金编号", "by": "qian"}),
             ("2026-11-03 10:00", "receive", {"vendor": "jinhua", "by": "qian"}),
             ("2026-11-03 14:00", "send", {"vendor": "kuaiyin", "note": "背标", "by": "qian"}),
         ]),
    dict(customer="C-2K6DA49N", order="SO-2611-0507", spec="俱乐部会员专属, 烫金徽章",
         quantity="450", due="2026-12-15", by="sun", at="2026-11-09 10:00", steps=[
             ("2026-11-12 16:00", "design", {"files": [("badge.svg", svg("长安俱乐部 会员专属"))], "by": "sun"}),
             ("2026-11-13 09:30", "approve", {"note": "徽章位置居中", "by": "feng"}),
             ("2026-11-16 10:00", "send", {"vendor": "jinhua", "by": "sun"}),
         ]),
    dict(customer="C-RFK3P387", order="SO-2611-0533", spec="婚宴定制, 新人姓名, 快印",
         quantity="200", due="2026-12-05", by="sun", at="2026-11-18 15:30", steps=[
             ("2026-11-20 11:00", "design", {"files": [("wedding.svg", svg("囍 · 2026.12.12", "#c0392b"))],
                                             "by": "sun"}),
             ("2026-11-23 10:00", "approve", {"by": "feng"}),
         ]),
    dict(customer="C-PA12VDFH", order="SO-2611-0560", spec="黄酒坛标, 仿古字体, 烫金",
         quantity="1000", due="2026-12-25", by="zhao", at="2026-11-24 09:45", steps=[
             ("2026-11-26 17:00", "design", {"files": [("jar.svg", svg("咸亨 · 太雕", "#8b4513")),
                                                       ("font.txt", "字体: 仿古隶书\n")],
                                             "by": "zhao"}),
         ]),
    dict(customer="C-MRQQ0FPE", order="SO-2611-0571", spec="店庆十周年纪念酒, 快印",
         quantity="500", due="2026-11-27", by="wang", at="2026-11-10 11:00", steps=[
             ("2026-11-12 15:00", "design", {"files": [("anniversary.svg", svg("知味观 十周年"))], "by": "wang"}),
             ("2026-11-13 10:00", "reject", {"reason": "客户改了活动主题, 等新文案", "by": "zheng"}),
         ]),
    dict(customer="C-BT1ZBETS", order="SO-2611-0589", spec="圣诞套装酒标, 烫金雪花",
         quantity="800", due="2026-12-18", by="sun", at="2026-11-27 16:00", steps=[]),
]


def moment(text):
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=CST)


def main():
    repo = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cs", default=os.environ.get("CS", "cs"), help="the cs binary [default: $CS, else cs]")
    parser.add_argument("--data", default=str(repo / "examples" / "wine-co"))
    args = parser.parse_args()
    data = Path(args.data)
    for stale in ("label_history", "labels", ".cs"):
        shutil.rmtree(data / stale, ignore_errors=True)
    (data / "label_jobs.csv").unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CS_")}
    env.update(CS_DATA_DIR=str(data), CS_SEED=SEED, CS_LANG="zh")
    scratch = Path(tempfile.mkdtemp(prefix="wine-co-labels-"))

    def cs(at, argv):
        done = subprocess.run([args.cs, *argv], env=dict(env, CS_NOW=moment(at).isoformat()),
                              capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"{at} cs {' '.join(argv)} failed:\n{done.stderr}")
        return done.stdout.strip()

    # Every step of every job, by its moment, so the history is written in time order.
    plan = [(job["at"], n, "add", None) for n, job in enumerate(JOBS)]
    plan += [(at, n, command, options) for n, job in enumerate(JOBS) for at, command, options in job["steps"]]
    plan.sort(key=lambda step: (moment(step[0]), step[1]))
    ids = {}
    for at, n, command, options in plan:
        job = JOBS[n]
        if command == "add":
            ids[n] = cs(at, ["label", "add", job["customer"], "--order", job["order"], "--spec", job["spec"],
                             "--quantity", job["quantity"], "--due", job["due"], "--by", job["by"]])
            continue
        argv = ["label", command, ids[n]]
        for key, value in options.items():
            if key == "files":
                for name, content in value:
                    path = scratch / str(n) / name
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(content, encoding="utf-8")
                    argv += ["--file", str(path)]
            else:
                argv += [f"--{key}", value]
        cs(at, argv)
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.rmtree(data / ".cs", ignore_errors=True)
    print(f"{len(ids)} label jobs written to {data}", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Builds a small data directory from nothing, with `cs` commands alone: the batch-scripting use
# to copy when a department starts, or to make a demonstration. Run it with the directory to
# create (it must not exist yet):
#
#     bash examples/build-wine-co.sh ~/醇香酒业
#
# Every command that creates a record prints the new id alone on standard output, so the
# script keeps them with $(...) for the steps that follow. `set -euo pipefail` stops at the
# first command that fails (cs exits with 1 on a refused command, 2 on a usage mistake).
# tests/cli/docs.rs runs this script and then `cs check` on the result.
set -euo pipefail

dir="${1:?usage: build-wine-co.sh DIRECTORY}"
here="$(cd "$(dirname "$0")" && pwd)"   # to find examples/imports beside this script

cs init "$dir" --company 醇香酒业有限公司 --lang zh
export CS_DATA_DIR="$dir"              # every command below works on it, wherever we are

# The department, from the top of the escalation chain down.
cs staff add --id zhou --name 周建国 --role 总经理
cs staff add --id wu --name 吴敏 --role 客服部经理 --reports-to zhou
cs staff add --id zheng --name 郑伟 --role 客服主管 --reports-to wu
cs staff add --id wang --name 王芳 --role 客服顾问 --reports-to zheng
cs staff add --id li --name 李娜 --role 客服顾问 --reports-to zheng
cs staff add --id zhao --name 赵磊 --role 客服顾问 --reports-to zheng
cs staff add --id sun --name 孙浩 --role 客服顾问 --reports-to zheng
cs center add --id hz --name 杭州分销中心
cs center add --id nj --name 南京分销中心
cs center add --id sh --name 上海分销中心

# The routine checklist of a visit, a label vendor (kept in cs.toml, which is edited by hand:
# there is no command for these), then cs check to be sure the file still reads.
cat >> "$dir/cs.toml" <<'TOML'

[visits]
routine_topics = ["产品反馈", "库存情况", "销售趋势", "新需求"]

[[vendor]]
id = "jinhua"
name = "金华烫金厂"
kind = "hot_stamping"
TOML
cs check > /dev/null

# Customers: keep each new id.
xihu=$(cs customer add --name 杭州西湖国宾馆 --class A --owner wang --center hz \
    --contact 陈志远 --phone 0571-87971234 --tag vip --tag 宴会)
jinling=$(cs customer add --name 南京金陵饭店采购部 --class A --owner li --center nj \
    --contact 刘海波 --phone 025-84711888)
cs customer add --name 嘉兴南湖会所 --status 潜在客户 --owner wang --center hz \
    --contact 褚明 --phone 13567301122 --source 电话开发 > /dev/null

# A visit, a complaint taken to its end, a shipment delivered, a label job approved.
cs visit add "$xihu" --channel 电话 --purpose 常规 --by wang --topic 库存情况 \
    --summary "年底宴会用酒要提前备货" --next +7d > /dev/null
complaint=$(cs complaint add "$jinling" --category 物流 --severity 高 --by li \
    --summary "两箱破损")
cs complaint ack "$complaint" --by li
cs complaint resolve "$complaint" --by li --resolution "补发两箱"
cs complaint close "$complaint" --by li --score 5
shipment=$(cs shipment add "$jinling" --carrier 顺丰 --tracking SF1300000001 --items "补发干红 2 箱")
cs shipment track "$shipment" --status 已签收
job=$(cs label add "$xihu" --order SO-0001 --spec "婚宴定制, 烫金" --quantity 300 --by wang)
artwork="$(mktemp -d)"                 # the designer's file, copied into labels/<job>/
trap 'rm -rf "$artwork"' EXIT
printf '<svg xmlns="http://www.w3.org/2000/svg"/>\n' > "$artwork/front.svg"
cs label design "$job" --file "$artwork/front.svg" --by wang
cs label approve "$job" --by zheng

# New customers from the sales team's workbook; a row already there is skipped.
cs import customers "$here/imports/new-customers-2026-11.xlsx"

cs check

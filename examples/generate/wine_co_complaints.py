#!/usr/bin/env python3
"""Writes the complaints of the sample data directory, examples/wine-co, with the real `cs`.

    python3 examples/generate/wine_co_complaints.py [--cs PATH] [--data DIR]

A year of complaints (December 2025 to November 2026) told as stories, each a list of steps
(ack, note, wait, resume, escalate, resolve, close, reject, reopen), plus the cron job that
escalates every breach (`cs complaint escalate --overdue`) run once. Every step of every
complaint is put in one list by the moment it happens and run in that order, one `cs complaint`
command each, with `CS_NOW` set to that moment; so the history files are appended to in time
order and every line in them is one cs wrote. `CS_SEED` pins the ids, so the same script gives
the same files. The department speaks Chinese (`CS_LANG=zh`): what cs writes by itself (the
reason of an escalation by the cron job) is in Chinese.

It deletes complaints/, complaint_history/ and .cs/ of the data directory first, so it can be
run again after a story changes. The sample's cs.toml must already have the [complaints],
[sla.*] and [business_hours] settings; the steps are timed against them (some are late on
purpose). Nothing happens after 2026-11-28, the day before the tests' clock
(tests/cli/support.rs, NOW).
"""

import argparse
import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

CST = dt.timezone(dt.timedelta(hours=8))
# The sample's holidays (cs.toml [business_hours]); working days skip them and weekends.
HOLIDAYS = {
    dt.date.fromisoformat(d)
    for d in """2026-01-01 2026-01-02 2026-02-16 2026-02-17 2026-02-18 2026-02-19 2026-02-20
    2026-02-23 2026-04-06 2026-05-01 2026-05-04 2026-05-05 2026-06-19 2026-09-25 2026-10-01
    2026-10-02 2026-10-05 2026-10-06 2026-10-07""".split()
}
LAST_MOMENT = dt.datetime(2026, 11, 28, 23, 59, tzinfo=CST)
SEED = "2026"


def C(customer, received, channel, category, severity, summary, steps=(), **extra):
    """A complaint: who, when, how, what, and the steps taken (`(when, action, {args})`)."""
    return dict(customer=customer, received=received, channel=channel, category=category,
                severity=severity, summary=summary, steps=list(steps), **extra)


# The stories. A step's `when` is a time (`2026-01-07 16:30`), or relative to the step before:
# `+25m`, `+2h`, `@15:00` (the same day), `+1d 10:30` (that many working days later, at 10:30).
# `recorded` (for ack and resolve) is when the step was typed in, if later than it happened;
# `entered` (for a complaint) is when a letter or a late-night message was typed in.
COMPLAINTS = [
    # ---- December 2025
    C("C-WRJD8T6V", "2025-12-03 10:15", "phone", "quality", "high", "圣诞晚宴预订的波尔多干红有两瓶木塞发霉",
      remedy="换货并检查同批次", order="SO-2511-0342", steps=[
          ("+40m", "ack", {"note": "已致电宴会部经理,约定明早取样"}),
          ("+1d 10:30", "note", {"text": "取回两瓶样品送质检"}),
          ("@16:00", "resolve", {"resolution": "两瓶换新,同批次另赠一瓶试饮", "root_cause": "仓储湿度偏高,木塞受潮"}),
          ("+2d 11:00", "close", {"score": 5}),
      ]),
    C("C-2Q0DA0YR", "2025-12-09 14:20", "email", "delivery", "medium", "成都专线到货比约定晚三天,影响周末活动",
      remedy="说明原因,保证下次时效", steps=[
          ("+1d 16:00", "ack", {"note": "邮件回复并电话致歉"}),
          ("+2d 11:00", "resolve", {"resolution": "与物流商确认延误原因,以后成都订单改走加急专线",
                                    "root_cause": "物流商中转仓爆仓"}),
          ("+1d 10:00", "close", {"score": 3}),
      ]),
    C("KH-0001", "2025-12-18 11:05", "sms", "price", "low", "年底促销价没给到,和隔壁店拿货价不一样", steps=[
          ("+1d 10:00", "ack", {"note": "已解释促销适用条件"}),
          ("+1d 15:00", "resolve", {"resolution": "按促销价补差价,下次开票抵扣",
                                    "root_cause": "促销政策未及时通知到烟酒店渠道"}),
          ("+1d 09:40", "close", {"score": 4}),
      ]),
    C("C-NZTJPHX3", "2025-12-22 09:30", "phone", "delivery", "high", "春节备货200箱只到了180箱",
      remedy="尽快补齐", order="SO-2512-0877", steps=[
          ("+30m", "ack", {"note": "核对签收单,确认少20箱"}),
          ("+1d 09:30", "escalate", {"reason": "涉及仓库调拨,需主管协调"}),
          ("+1d 17:00", "resolve", {"resolution": "缺的20箱已补发,12月25日上午到",
                                    "root_cause": "仓库分两车发货,第二车漏装"}),
          ("+2d 10:30", "close", {"score": 4}),
      ]),
    C("C-D7Z5Y3AX", "2025-12-29 16:40", "wechat", "label", "medium", "定制酒标上的酒店英文名拼错一个字母",
      remedy="重新印制", steps=[
          ("+20m", "ack", {"note": "已确认错误,重新出样稿"}),
          ("+1d 10:00", "wait", {"reason": "等客户确认新的样稿"}),
          ("2026-01-05 09:50", "resume", {}),
          ("+4d 15:00", "resolve", {"resolution": "快印厂重印300张,已寄出",
                                    "root_cause": "设计稿未经客户签字确认即下单"}),
          ("+1d 11:00", "close", {"score": 4}),
      ]),
    # ---- January 2026
    C("C-88KDXQNA", "2026-01-06 09:10", "phone", "delivery", "critical", "年会用酒12箱延误一天送达,客户临时外采",
      remedy="赔偿临时外采的差价", steps=[
          ("+25m", "ack", {"note": "已向客户道歉,了解损失"}),
          ("+1h", "escalate", {"reason": "重点客户,涉及赔偿"}),
          ("@15:00", "escalate", {"reason": "赔偿金额超出主管权限"}),
          ("+1d 16:30", "resolve", {"resolution": "补偿外采差价2,400元,在下一单中抵扣",
                                    "root_cause": "承运商春运前运力不足,未提前预警"}),
          ("+1d 14:00", "close", {"score": 3, "by": "li"}),
      ]),
    C("C-TWWGD96Q", "2026-01-15 11:00", "onsite", "price", "medium", "一月调价通知太晚,已签的婚宴合同是按旧价报给新人的",
      remedy="已签合同按旧价供货", steps=[
          ("+30m", "ack", {"note": "上门时当面受理"}),
          ("+1d 10:00", "escalate", {"reason": "价格政策需主管审批"}),
          ("+1d 14:00", "resolve", {"resolution": "1月31日前已签的婚宴合同按旧价供货",
                                    "root_cause": "调价通知未提前30天发给重点客户"}),
          ("+2d 10:00", "close", {"score": 4}),
      ]),
    C("C-K5K37PSQ", "2026-01-19 18:30", "wechat", "quality", "high", "收到的波尔多列级庄有两瓶破损漏液,当晚活动要用",
      remedy="补发并说明原因", steps=[
          ("+1d 09:15", "ack", {"note": "回电致歉,当晚先从门店调了两瓶"}),
          ("@11:00", "escalate", {"reason": "重点客户,要求主管跟进"}),
          ("+1d 10:00", "escalate", {"reason": "客户要求经理出面"}),
          ("+2d 15:00", "note", {"text": "吴经理上门致歉,查看了破损的外箱"}),
          ("@16:00", "resolve", {"resolution": "补发两瓶同款,另赠醒酒器一套", "root_cause": "外箱缓冲材料不足"}),
          ("+1d 10:00", "close", {"score": 4}),
      ]),
    C("C-BT1ZBETS", "2026-01-27 15:00", "email", "delivery", "medium", "春节前订的货拖了一周才到,已经错过促销期",
      remedy="退回没卖完的货", steps=[
          ("+1d 10:30", "ack", {"note": "电话致歉,了解剩余库存"}),
          ("+4d 17:00", "resolve", {"resolution": "下次订货免运费", "root_cause": "深圳线路转包物流,跟踪不到位"}),
          ("+2d 10:00", "reject", {}),
          ("+3d 16:00", "resolve", {"resolution": "退回未售完的30箱,下次订货9折"}),
          ("+2d 11:00", "close", {"score": 2}),
      ]),
    C("C-1H4B053H", "2026-01-30 10:20", "phone", "service", "low", "顾问电话打不通,订货没人回复", steps=[
          ("+2h", "ack", {"note": "已回电并记下订单"}),
          ("+1d 11:00", "resolve", {"resolution": "订单已补录,给客户留了主管的备用电话",
                                    "root_cause": "顾问外出拜访未设置来电转接"}),
          ("@16:00", "close", {"score": 4}),
      ]),
    # ---- February 2026
    C("KH-0001", "2026-02-09 14:00", "phone", "invoice", "medium", "一月货款的增值税发票迟迟未开,影响月底报账", steps=[
          ("+1h", "ack", {"note": "已查询开票进度"}),
          ("+1d 10:00", "wait", {"reason": "等客户提供变更后的税号和开票信息"}),
          ("2026-02-24 10:00", "resume", {}),
          ("@16:00", "resolve", {"resolution": "发票已按新税号重开并快递", "root_cause": "客户税号变更未同步到开票系统"}),
          ("+2d 10:00", "close", {"score": 3}),
      ]),
    C("C-XYRHSQ0X", "2026-02-11 16:45", "wechat", "quality", "medium", "新到的一箱雷司令颜色偏深,怀疑储存不当",
      remedy="送检,有问题就换货", steps=[
          ("+1d 09:20", "ack", {"note": "请客户拍照"}),
          ("@10:00", "wait", {"reason": "请客户寄回一瓶样品送检"}),
          ("2026-02-25 10:00", "resume", {}),
          ("@15:30", "note", {"text": "送检结果正常,为该年份正常色泽"}),
          ("+1d 15:00", "resolve", {"resolution": "检测正常,向客户解释年份特点并附检测报告",
                                    "root_cause": "无质量问题:年份特征"}),
          ("+1d 10:00", "close", {"score": 4}),
      ]),
    C("C-2K6DA49N", "2026-02-25 10:00", "letter", "service", "low", "来函:春节期间订货热线无人接听",
      entered="2026-02-26 09:30", steps=[
          ("2026-02-26 10:30", "ack", {"note": "已电话回复并致歉"}),
          ("+2d 14:00", "resolve", {"resolution": "节假日开通值班电话,并在官网公布",
                                    "root_cause": "春节值班安排未对外公布"}),
          ("+1d 10:00", "close", {"score": 5}),
      ]),
    # ---- March 2026
    C("C-RFK3P387", "2026-03-10 11:30", "email", "label", "high", "定制酒标烫金logo颜色偏暗,与样稿不符",
      remedy="重新烫金", steps=[
          ("+1h", "ack", {"note": "已收到客户照片"}),
          ("+1d 09:30", "escalate", {"reason": "需协调烫金厂返工"}),
          ("+3d 11:00", "note", {"text": "烫金厂返工样已寄客户确认"}),
          ("@15:00", "wait", {"reason": "等客户确认返工样"}),
          ("+2d 10:00", "resume", {}),
          ("+2d 15:00", "resolve", {"resolution": "返工的500张酒标已寄出,费用由烫金厂承担",
                                    "root_cause": "烫金厂换用了不同批次的金箔"}),
          ("+6d 11:00", "close", {"score": 3}),
      ]),
    C("C-VZ3TQ2MY", "2026-03-16 09:40", "phone", "price", "low", "同款酒在电商平台比我们的批发价还低", steps=[
          ("@14:00", "ack", {"note": "已记录电商链接", "recorded": "@17:30"}),
          ("+1d 10:00", "note", {"text": "已反馈市场部核实电商渠道价格"}),
          ("+3d 11:00", "resolve", {"resolution": "电商为过期促销;本月进货给予2%返点", "root_cause": "电商渠道串货"}),
          ("+1d 09:30", "close", {"score": 3}),
      ]),
    C("C-JNV812ZG", "2026-03-24 19:20", "sms", "delivery", "low", "送货时间改了没有通知,厨房没人签收", steps=[
          ("+1d 09:30", "ack", {}),
          ("@15:00", "resolve", {"resolution": "与仓库约定送货前一天短信确认", "root_cause": "排线调整未通知客户"}),
          ("+2d 10:00", "close", {"score": 5}),
      ]),
    # ---- April 2026
    C("C-MRH99B49", "2026-04-14 10:05", "phone", "delivery", "high", "上批货延误两天到货,会员品鉴会差点开不了", steps=[
          ("+20m", "ack", {"note": "已致歉,查询物流"}),
          ("@14:00", "escalate", {"reason": "重点客户"}),
          ("+2d 11:00", "resolve", {"resolution": "加急调货已送达,本次运费全免",
                                    "root_cause": "上海仓库盘点暂停出库,未通知客户"}),
          ("+2d 15:00", "close", {"score": 3}),
      ]),
    C("C-4QSWFNA3", "2026-04-21 13:30", "other", "other", "low", "销售代表转达:员工福利酒礼盒的提袋少了20个", steps=[
          ("+1d 09:10", "ack", {}),
          ("+1d 16:00", "resolve", {"resolution": "已补送20个提袋", "root_cause": "打包漏放"}),
          ("+1d 10:00", "close", {"score": 5}),
      ]),
    C("C-KTMMX266", "2026-04-28 12:00", "onsite", "service", "medium", "送货员态度差,与酒店仓管发生争执", steps=[
          ("+30m", "ack", {"note": "当面致歉"}),
          ("+2d 17:00", "resolve", {"resolution": "物流商已更换该线路送货员,并书面致歉",
                                    "root_cause": "第三方送货员服务培训不足"}),
          ("+2d 10:00", "close", {"score": 4}),
      ]),
    # ---- May 2026
    C("C-WRJD8T6V", "2026-05-08 17:20", "phone", "service", "medium", "送货司机未提前电话通知,宴会厅无人接货", steps=[
          ("+1d 09:30", "ack", {"note": "已致歉"}),
          ("+1d 11:00", "resolve", {"resolution": "与物流商约定送达前一小时电话通知", "root_cause": "司机未按流程提前联系"}),
          ("+1d 15:00", "close", {"score": 3}),
      ]),
    C("C-NHYXQN2H", "2026-05-18 10:10", "wechat", "label", "medium", "礼品酒标上的会馆电话印错了", steps=[
          ("+15m", "ack", {}),
          ("+4d 16:00", "resolve", {"resolution": "重印酒标并上门贴换", "root_cause": "客户给的是旧号码,设计未复核"}),
          ("+1d 10:00", "close", {"score": 4}),
      ]),
    C("C-1BHKZ8TE", "2026-05-26 09:00", "phone", "invoice", "low", "端午团购的发票抬头开错了", steps=[
          ("+40m", "ack", {}),
          ("+1d 14:00", "resolve", {"resolution": "作废重开,已快递", "root_cause": "开票信息录入错误"}),
          ("+2d 10:00", "close", {}),
      ]),
    # ---- June 2026
    C("C-PA12VDFH", "2026-06-03 11:40", "phone", "quality", "high", "送货时有三瓶破损,客户当场拒收整箱", steps=[
          ("+15m", "ack", {"note": "已致歉,安排补发"}),
          ("+2d 15:00", "resolve", {"resolution": "补发三瓶", "root_cause": "搬运时跌落"}),
          ("+1d 10:00", "reject", {}),
          ("@10:30", "escalate", {"reason": "客户不接受补发,要求整箱更换"}),
          ("+1d 16:00", "resolve", {"resolution": "整箱更换,破损费用由物流商承担"}),
          ("+1d 14:00", "close", {"score": 2}),
      ]),
    C("C-QWPHTNNR", "2026-06-22 18:40", "phone", "quality", "high", "智利赤霞珠有一箱酒塞渗漏", steps=[
          ("+1d 09:05", "ack", {}),
          ("@11:00", "wait", {"reason": "等客户拍照并提供批号"}),
          ("+1d 15:00", "resume", {}),
          ("+2d 16:00", "resolve", {"resolution": "整箱换货", "root_cause": "该批次酒塞供应商质量问题,已通报采购"}),
          ("+1d 10:00", "close", {"score": 4}),
      ]),
    C("C-DM4FH0AT", "2026-06-29 15:10", "phone", "price", "medium", "老板认为我们的价格比北京本地经销商高15%",
      remedy="要求特价", steps=[
          ("+1d 10:00", "ack", {}),
          ("+2d 10:00", "escalate", {"reason": "客户要求特价,超出顾问权限"}),
          ("+2d 11:00", "note", {"text": "市场部不同意特价"}),
          ("+2d 15:00", "resolve", {"resolution": "维持原价,提供季度返点方案", "root_cause": "北京本地经销商价格竞争"}),
          ("+2d 11:00", "close", {"score": 1}),
      ]),
    # ---- July 2026
    C("C-A2SYZBZ5", "2026-07-01 16:00", "wechat", "delivery", "low", "上批货外箱有压痕", steps=[
          ("+1d 09:30", "ack", {"note": "回访时当面查看"}),
          ("+1d 11:00", "resolve", {"resolution": "开箱检查酒瓶完好,已提醒物流商", "root_cause": "运输中码放过高"}),
          ("+1d 09:30", "close", {"score": 4}),
      ]),
    C("C-TWWGD96Q", "2026-07-14 10:30", "onsite", "label", "critical", "婚宴定制酒标新人名字印错,婚礼在本周六",
      remedy="周五前重印交付", steps=[
          ("+10m", "ack", {"note": "当面确认正确的名字"}),
          ("@11:00", "escalate", {"reason": "时间紧,需协调快印厂加急"}),
          ("+1d 10:00", "note", {"text": "快印厂加急排产"}),
          ("+1d 17:00", "resolve", {"resolution": "重印200张,已上门贴标",
                                    "root_cause": "核对设计稿时看错了客户手写的名字"}),
          ("+2d 10:00", "close", {"score": 5}),
      ]),
    C("C-VVKTBFK2", "2026-07-22 21:30", "sms", "service", "low", "周末急单没人接", entered="2026-07-23 09:10", steps=[
          ("2026-07-23 09:30", "ack", {}),
          ("+1d 14:00", "resolve", {"resolution": "建立周末急单微信群,由值班人员响应", "root_cause": "周末无人值班"}),
          ("+1d 10:00", "close", {"score": 4}),
      ]),
    # ---- August 2026
    C("C-MRH99B49", "2026-08-12 10:00", "email", "label", "medium", "中秋礼盒酒标样稿的烫金位置偏了", steps=[
          ("@11:30", "ack", {}),
          ("+1d 10:00", "wait", {"reason": "等客户确认修改后的样稿"}),
          ("+2d 09:30", "resume", {}),
          ("+2d 16:00", "resolve", {"resolution": "客户已确认修改后的样稿,烫金厂9月10日排期",
                                    "root_cause": "烫金模板定位误差"}),
          ("+1d 10:00", "close", {"score": 4}),
      ]),
    C("C-H2G6XTZ3", "2026-08-18 13:00", "phone", "quality", "critical", "宴会用的起泡酒开瓶后没有气泡,客人当场投诉",
      remedy="当天调货", steps=[
          ("+30m", "ack", {"note": "马上联系合肥仓"}),
          ("@18:30", "resolve", {"resolution": "当晚从合肥仓调12瓶送到", "root_cause": "该批次储存温度过高"}),
          ("+2d 10:00", "close", {"score": 5}),
      ]),
    C("C-KTMMX266", "2026-08-25 09:30", "phone", "delivery", "high", "中秋礼盒24套只到了20套", order="SO-2607-1123",
      steps=[
          ("+15m", "ack", {}),
          ("+1d 17:00", "resolve", {"resolution": "补发4套", "root_cause": "礼盒分批生产,第二批未同步发货"}),
          ("+2d 10:00", "close", {"score": 4}),
      ]),
    C("KH-0001", "2026-08-28 15:00", "phone", "delivery", "low", "上批货外箱有压痕", steps=[
          ("+1d 10:00", "ack", {"note": "上门查看"}),
          ("+2d 11:00", "resolve", {"resolution": "开箱检查无破损,已提醒物流商码放"}),
          ("+1d 10:00", "close", {"score": 4}),
      ]),
    # ---- September 2026
    C("C-2C3SZMM1", "2026-09-08 14:00", "phone", "price", "low", "中秋订货价格上调没有提前通知", steps=[
          ("+1d 09:30", "ack", {}),
          ("+3d 15:00", "resolve", {"resolution": "说明调价原因,老客户给予9.5折", "root_cause": "调价通知未发到老客户"}),
          ("+1d 10:00", "close", {"score": 2}),
          ("2026-11-02 10:00", "reopen", {"reason": "客户要求四季度的订单也按9.5折"}),
      ]),
    C("C-2K6DA49N", "2026-09-14 10:20", "email", "quality", "high", "中秋礼品酒有一套礼盒缺酒杯", steps=[
          ("@11:00", "ack", {}),
          ("+1d 15:00", "resolve", {"resolution": "补寄酒杯两只", "root_cause": "礼盒包装线漏装"}),
          ("+1d 10:00", "close", {"score": 5}),
      ]),
    C("C-4QSWFNA3", "2026-09-21 14:00", "phone", "price", "medium", "中秋团购价格比去年高,要求按去年价结算", steps=[
          ("@16:00", "ack", {}),
          ("+1d 10:00", "escalate", {"reason": "客户要求价格让步"}),
          ("+1d 09:30", "escalate", {"reason": "需经理审批折扣"}),
          ("+1d 17:00", "resolve", {"resolution": "给予5%团购折扣", "root_cause": "原料成本上涨调价,未提前说明"}),
          ("+1d 10:00", "close", {"score": 3}),
      ]),
    C("C-MVRMSTA2", "2026-09-28 16:30", "wechat", "invoice", "low", "国庆礼品的发票还没收到", steps=[
          ("+1d 09:30", "ack", {}),
          ("@10:00", "wait", {"reason": "等客户提供收票邮箱"}),
          ("+2d 10:00", "resume", {}),
          ("@15:00", "resolve", {"resolution": "电子发票已发送", "root_cause": "客户收票信息缺失"}),
          ("+1d 10:00", "close", {"score": 4}),
      ]),
    # ---- October 2026
    C("C-FSJGF2EF", "2026-10-12 11:00", "phone", "delivery", "medium", "厦门到货晚了5天", steps=[
          ("@14:00", "ack", {}),
          ("+4d 16:00", "resolve", {"resolution": "退还运费,厦门改走直达专线", "root_cause": "国庆期间中转停运"}),
          ("+1d 10:00", "close", {"score": 3}),
      ]),
    C("C-WRJD8T6V", "2026-10-13 10:00", "phone", "quality", "high", "国庆宴会剩下的干红有酸味", steps=[
          ("+40m", "ack", {}),
          ("+2d 15:00", "resolve", {"resolution": "换货6瓶", "root_cause": "开瓶后存放不当(客户侧)"}),
          ("+1d 10:00", "close", {"score": 3}),
          ("2026-11-20 10:00", "reopen", {"reason": "客户新开的一箱同批次也有酸味,要求送检"}),
      ]),
    C("C-FTBBFR61", "2026-10-20 10:00", "phone", "service", "medium", "首单报价与合同价不一致", steps=[
          ("+30m", "ack", {}),
          ("+2d 15:00", "resolve", {"resolution": "按合同价重新开单", "root_cause": "系统里是旧报价"}),
          ("+1d 09:30", "close", {"score": 4}),
          ("2026-11-04 10:00", "reopen", {"reason": "第二单又按旧报价开单"}),
          ("+1d 16:00", "resolve", {"resolution": "系统价格表已更正,第二单重新开单"}),
          ("+1d 10:00", "close", {"score": 3}),
      ]),
    C("C-H2G6XTZ3", "2026-10-26 09:30", "email", "label", "low", "年会酒标设计第三稿仍不满意", steps=[
          ("@14:00", "ack", {}),
          ("+1d 10:00", "wait", {"reason": "等客户提供年会主题和logo源文件"}),
      ]),
    C("C-NHYXQN2H", "2026-10-29 15:00", "wechat", "quality", "medium", "礼品酒有一瓶标签起皱", steps=[
          ("+30m", "ack", {}),
          ("+2d 11:00", "resolve", {"resolution": "换一瓶", "root_cause": "贴标时受潮"}),
          ("+2d 10:00", "close", {"score": 4}),
          ("2026-11-16 10:00", "reopen", {"reason": "客户又发现同批次三瓶标签起皱"}),
          ("+30m", "note", {"text": "已致歉,请客户先别出货"}),
          ("+2d 10:00", "note", {"text": "已联系快印厂排查贴标工艺"}),
      ]),
    # ---- November 2026: what is still being handled
    C("C-88KDXQNA", "2026-11-02 10:00", "phone", "delivery", "high", "年会用酒预订的木箱包装缺货", steps=[
          ("+20m", "ack", {}),
          ("+4d 16:00", "resolve", {"resolution": "先用礼盒包装发货,木箱12月到货后补送10个",
                                    "root_cause": "木箱供应商延期"}),
      ]),
    C("C-NZTJPHX3", "2026-11-03 09:00", "phone", "delivery", "medium", "双十一备货少发了两箱", steps=[
          ("+30m", "ack", {}),
          ("+2d 16:00", "resolve", {"resolution": "补发两箱"}),
          ("2026-11-25 15:00", "reopen", {"reason": "补发的两箱也没到"}),
      ]),
    C("C-D7Z5Y3AX", "2026-11-05 10:00", "wechat", "delivery", "high", "天津降温,运输途中酒液结冰", steps=[
          ("+30m", "ack", {}),
          ("+1d 10:00", "escalate", {"reason": "需协调保温运输"}),
          ("+1d 10:00", "wait", {"reason": "等客户确认是否接受保温车加价"}),
      ]),
    C("C-MRQQ0FPE", "2026-11-09 11:30", "phone", "quality", "medium", "黄酒礼盒有两盒酒液浑浊", steps=[
          ("+30m", "ack", {}),
          ("+1d 10:00", "wait", {"reason": "等客户寄回样品送检"}),
      ]),
    C("C-VZ3TQ2MY", "2026-11-10 10:00", "phone", "price", "low", "竞争对手在宁波推出买十送一,要求跟进", steps=[
          ("+1h", "ack", {"note": "已上报市场部"}),
      ]),
    C("C-PA12VDFH", "2026-11-12 09:00", "phone", "service", "high", "黄酒搭配套餐的配送日期多次变更", steps=[
          ("@15:00", "ack", {}),
          ("2026-11-16 10:00", "note", {"text": "客户多次催促,郑主管已电话安抚", "by": "zheng"}),
      ]),
    C("C-MVRMSTA2", "2026-11-16 15:00", "email", "invoice", "medium", "开票金额与合同不一致", steps=[
          ("+1d 09:30", "ack", {}),
          ("@10:00", "wait", {"reason": "等客户财务确认开票金额"}),
      ]),
    C("C-JNV812ZG", "2026-11-17 11:00", "sms", "price", "low", "年底订货返点没有按约定计算", steps=[
          ("@15:00", "ack", {}),
          ("+5d 16:00", "resolve", {"resolution": "重新核算返点,差额在下一单中抵扣", "root_cause": "返点规则录入错误"}),
      ]),
    C("C-2K6DA49N", "2026-11-18 10:00", "email", "delivery", "medium", "物流显示已签收,但俱乐部没收到年会用酒", steps=[
          ("+1h", "ack", {}),
          ("+1d 10:00", "note", {"text": "已向物流商发起查件"}),
      ]),
    C("C-VFKSHN8M", "2026-11-19 09:20", "phone", "delivery", "medium", "在超市收货时间以外送达,被拒收", steps=[
          ("+30m", "ack", {}),
          ("+1d 17:00", "resolve", {"resolution": "重新预约收货时间,11月21日送达", "root_cause": "司机不了解超市收货时段"}),
      ]),
    C("C-QWPHTNNR", "2026-11-20 14:00", "letter", "invoice", "medium", "来函:对账单金额与发票不符",
      entered="2026-11-23 09:30", by="feng"),
    C("C-K5K37PSQ", "2026-11-23 10:00", "email", "quality", "critical", "品鉴会用的勃艮第有木塞味", remedy="换货",
      steps=[
          ("+30m", "ack", {}),
          ("@11:00", "escalate", {"reason": "重点客户品鉴会"}),
          ("+1d 15:00", "resolve", {"resolution": "同款换新6瓶,有问题的两瓶送检", "root_cause": "待检测"}),
      ]),
    C("C-MTMGVS6M", "2026-11-24 10:00", "phone", "delivery", "low", "年货订单的到货日期一直没确认"),
    C("C-2KAHC8J8", "2026-11-24 14:00", "phone", "other", "low", "促销海报没有随货送到", steps=[
          ("+1h", "ack", {}),
          ("+2d 11:00", "resolve", {"resolution": "海报已快递"}),
      ]),
    C("C-1H4B053H", "2026-11-25 11:00", "phone", "quality", "critical", "超市货架上一批干白过期,顾客投诉到市场监管",
      remedy="下架并说明情况", steps=[
          ("+20m", "ack", {}),
          ("+20m", "escalate", {"reason": "涉及市场监管"}),
          ("@16:00", "escalate", {"reason": "需经理出面对接监管部门"}),
          ("+1d 10:00", "note", {"text": "同批次产品已全部下架", "by": "wu"}),
      ]),
    C("C-TWWGD96Q", "2026-11-27 14:00", "onsite", "label", "high", "十二月婚宴的酒标打样颜色与确认稿不一致", steps=[
          ("+30m", "ack", {}),
      ]),
    C("C-A2SYZBZ5", "2026-11-27 16:30", "wechat", "service", "medium", "圣诞套餐的酒单报价迟迟没发"),
    C("C-FSJGF2EF", "2026-11-28 10:30", "email", "quality", "high", "婚宴用酒有两瓶酒液浑浊"),
]

# The cron job that escalates every breach, set up in November 2026: each working day at 09:00.
CRON = [f"2026-11-{day} 09:00" for day in (16, 17, 18, 19, 20, 23, 24, 25, 26, 27)]


def parse(text):
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=CST)


def working_days_after(day, n):
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in HOLIDAYS:
            n -= 1
    return day


def moment(when, before):
    """A step's time: absolute, or relative to `before`."""
    if when.startswith("+") and when.endswith("m"):
        return before + dt.timedelta(minutes=int(when[1:-1]))
    if when.startswith("+") and when.endswith("h"):
        return before + dt.timedelta(hours=int(when[1:-1]))
    if when.startswith("@"):
        hour, minute = map(int, when[1:].split(":"))
        return before.replace(hour=hour, minute=minute)
    if when.startswith("+") and "d " in when:
        days, clock = when[1:].split("d ")
        hour, minute = map(int, clock.split(":"))
        day = working_days_after(before.date(), int(days))
        return dt.datetime.combine(day, dt.time(hour, minute), CST)
    return parse(when)


def seconds(*key):
    """A few seconds past the minute, the same every run: a command is not typed on the dot."""
    return int(hashlib.sha256(repr(key).encode()).hexdigest(), 16) % 60


def typed(time):
    return time.strftime("%Y-%m-%d %H:%M")


def plan():
    """Every command, with the moment it runs at, in the order they run."""
    runs = []  # (now, order, complaint index or None, argv builder)
    for n, c in enumerate(COMPLAINTS):
        received = parse(c["received"])
        entered = parse(c["entered"]) if c.get("entered") else received
        argv = ["complaint", "add", c["customer"], "--category", c["category"], "--severity", c["severity"],
                "-m", c["summary"], "--channel", c["channel"]]
        if entered != received:
            argv += ["--received", typed(received)]
        for flag in ("remedy", "order", "by"):
            if c.get(flag):
                argv += [f"--{flag}", c[flag]]
        now = entered + dt.timedelta(seconds=seconds(n, 0))
        runs.append((now, len(runs), n, argv))
        before = received
        for s, (when, action, args) in enumerate(c["steps"], 1):
            at = moment(when, before)
            assert at > before, f"complaint {n} step {s}: {at} is not after {before}"
            before = at
            now = at + dt.timedelta(seconds=seconds(n, s))
            args = dict(args)
            if "recorded" in args:
                now = moment(args.pop("recorded"), at)
            argv = ["complaint", "close" if action == "reject" else action, None]
            if action == "note":
                argv.append(args.pop("text"))
            if action == "reject":
                argv += ["--accepted", "no"]
            if action in ("ack", "resolve") and now - at >= dt.timedelta(minutes=1):
                argv += ["--at", typed(at)]
            for key, value in args.items():
                argv += [f"--{key.replace('_', '-')}", str(value)]
            runs.append((now, len(runs), n, argv))
    for when in CRON:
        runs.append((parse(when), len(runs), None, ["complaint", "escalate", "--overdue"]))
    runs.sort(key=lambda r: (r[0], r[1]))
    assert runs[-1][0] <= LAST_MOMENT, f"a step after {LAST_MOMENT}: {runs[-1]}"
    return runs


def main():
    repo = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cs", default=os.environ.get("CS", "cs"), help="the cs binary [default: $CS, else cs]")
    parser.add_argument("--data", default=str(repo / "examples" / "wine-co"))
    args = parser.parse_args()
    data = Path(args.data)
    for stale in ("complaints", "complaint_history", ".cs"):
        shutil.rmtree(data / stale, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CS_")}
    env.update(CS_DATA_DIR=str(data), CS_SEED=SEED, CS_LANG="zh")
    ids = {}
    for now, _, n, argv in plan():
        argv = [ids.get(n) if a is None else a for a in argv]
        done = subprocess.run([args.cs, *argv], env=dict(env, CS_NOW=now.isoformat()), capture_output=True,
                              text=True)
        if done.returncode != 0:
            sys.exit(f"{now.isoformat()} cs {' '.join(argv)} failed:\n{done.stderr}")
        if argv[1] == "add":
            ids[n] = done.stdout.strip()
        elif n is None:
            print(f"{now:%Y-%m-%d %H:%M} escalate --overdue:\n{done.stdout}", end="", file=sys.stderr)
    shutil.rmtree(data / ".cs", ignore_errors=True)
    print(f"{len(ids)} complaints written to {data}", file=sys.stderr)


if __name__ == "__main__":
    main()

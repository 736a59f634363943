//! The pools the made-up records draw from: owners and visitors (the staff of `settings.rs`),
//! cities, names, contacts, tags, notes, wines and the pieces of visit summaries. Several hold
//! commas, quotes, line breaks or backslashes on purpose: the codec must carry them.

/// Who owns customers, with weights: mostly consultants, a few key accounts with supervisors.
pub const OWNERS: &[(&str, u32)] = &[
    ("wang", 17),
    ("zhou", 16),
    ("wu", 15),
    ("zheng", 16),
    ("feng", 15),
    ("qian", 14),
    ("chen", 2),
    ("sun", 2),
];
/// Who stands in for the owner on a visit.
pub const VISITORS: &[&str] = &["wang", "zhou", "wu", "zheng", "feng", "qian", "chen", "sun", "li"];
pub const CENTERS: &[&str] = &["hz", "nb", "wz", "sh"];

/// A city: Chinese name, pinyin, area code, region.
pub struct City(pub &'static str, pub &'static str, pub &'static str, pub &'static str);

pub const CITIES: &[(City, u32)] = &[
    (City("杭州", "Hangzhou", "0571", "华东"), 20),
    (City("宁波", "Ningbo", "0574", "华东"), 12),
    (City("温州", "Wenzhou", "0577", "华东"), 10),
    (City("绍兴", "Shaoxing", "0575", "华东"), 7),
    (City("嘉兴", "Jiaxing", "0573", "华东"), 6),
    (City("湖州", "Huzhou", "0572", "华东"), 5),
    (City("金华", "Jinhua", "0579", "华东"), 6),
    (City("台州", "Taizhou", "0576", "华东"), 5),
    (City("上海", "Shanghai", "021", "华东"), 14),
    (City("苏州", "Suzhou", "0512", "华东"), 6),
    (City("南京", "Nanjing", "025", "华东"), 4),
    (City("无锡", "Wuxi", "0510", "华东"), 3),
    (City("合肥", "Hefei", "0551", "华东"), 2),
    (City("北京", "Beijing", "010", "华北"), 2),
    (City("广州", "Guangzhou", "020", "华南"), 2),
];
pub const DISTRICTS: &[&str] = &[
    "西湖区",
    "上城区",
    "拱墅区",
    "滨江区",
    "鄞州区",
    "鹿城区",
    "越城区",
    "南湖区",
    "姑苏区",
    "鼓楼区",
    "黄浦区",
    "浦东新区",
];
pub const STREETS: &[&str] = &[
    "文三路",
    "延安路",
    "解放路",
    "中山路",
    "人民路",
    "天目山路",
    "庆春路",
    "北山街",
    "南山路",
    "曙光路",
    "建设路",
];
/// A name word in Chinese and pinyin.
pub const WORDS: &[(&str, &str)] = &[
    ("钱塘", "Qiantang"),
    ("滨江", "Binjiang"),
    ("东方", "Dongfang"),
    ("金陵", "Jinling"),
    ("新华", "Xinhua"),
    ("和平", "Heping"),
    ("长江", "Changjiang"),
    ("太湖", "Taihu"),
    ("紫金", "Zijin"),
    ("明珠", "Mingzhu"),
    ("锦江", "Jinjiang"),
    ("银泰", "Yintai"),
    ("华美", "Huamei"),
    ("中山", "Zhongshan"),
    ("湖滨", "Hubin"),
    ("运河", "Yunhe"),
    ("天一", "Tianyi"),
    ("江南", "Jiangnan"),
    ("望湖", "Wanghu"),
    ("百年", "Bainian"),
    ("福满楼", "Fumanlou"),
    ("聚贤", "Juxian"),
    ("悦来", "Yuelai"),
    ("知味", "Zhiwei"),
    ("西湖", "Xihu"),
];
pub const KINDS: &[&str] = &[
    "国宾馆",
    "大酒店",
    "饭店",
    "酒楼",
    "食府",
    "超市",
    "便利店",
    "烟酒行",
    "商贸有限公司",
    "餐饮管理有限公司",
    "贸易商行",
    "宴会中心",
    "酒业专卖店",
    "农家乐",
];
pub const ENGLISH_KINDS: &[&str] = &[
    "Grand Hotel",
    "Hotel",
    "Restaurant",
    "Wine & Spirits",
    "Trading Co., Ltd.",
    "Banquet Center",
    "Supermarket",
    "Liquor Store",
    "Bistro",
    "Wine Cellar",
    "Food & Beverage Management Co., Ltd.",
];
pub const PINYIN_KINDS: &[&str] = &[
    "Jiulou",
    "Shifu",
    "Fandian",
    "Yanjiuhang",
    "Jiuye Maoyi Youxian Gongsi",
    "Canyin Guanli Youxian Gongsi",
    "Chaoshi",
    "Bianlidian",
];
pub const ENGLISH_NAMES: &[&str] = &[
    "Golden Dragon",
    "Lakeside",
    "Silver Moon",
    "Red Lantern",
    "Jade Garden",
    "Peach Blossom",
    "Harbour View",
    "Old Town",
    "Riverside",
    "Lucky Star",
];
pub const SURNAMES: &[(&str, &str)] = &[
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("黄", "Huang"),
    ("赵", "Zhao"),
    ("吴", "Wu"),
    ("周", "Zhou"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("马", "Ma"),
    ("朱", "Zhu"),
    ("胡", "Hu"),
    ("郭", "Guo"),
    ("何", "He"),
    ("高", "Gao"),
    ("林", "Lin"),
    ("罗", "Luo"),
    ("郑", "Zheng"),
    ("梁", "Liang"),
    ("谢", "Xie"),
    ("宋", "Song"),
    ("唐", "Tang"),
    ("许", "Xu"),
    ("韩", "Han"),
    ("冯", "Feng"),
    ("邓", "Deng"),
    ("曹", "Cao"),
    ("沈", "Shen"),
    ("钱", "Qian"),
];
pub const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞",
    "平", "刚", "桂英", "华", "玉兰", "建国", "文", "斌", "辉", "鹏", "宇", "浩",
];
pub const TITLES: &[&str] = &["经理", "总", "先生", "女士", "主任", "老板", "主管"];
pub const ENGLISH_GIVEN: &[&str] = &[
    "David", "Linda", "Michael", "Grace", "Kevin", "Amy", "Tony", "Helen", "Jason", "Cindy",
];
pub const EMAIL_USERS: &[&str] = &["purchase", "caigou", "order", "info", "manager", "service", "xiaoshou"];
pub const TAGS: &[&str] = &[
    "vip",
    "宴会",
    "新开业",
    "连锁",
    "团购",
    "节日礼品",
    "高端",
    "餐饮",
    "零售",
    "婚宴",
    "酒店",
];
pub const SOURCES: &[&str] = &["", "", "展会", "转介绍", "电话开发", "网络", "老客户", "陌拜", "官网"];
/// Notes, some with commas, quotes, line breaks and backslashes; `{s}` is a surname, `{n}` a number.
pub const NOTES: &[&str] = &[
    "周末订货量大",
    "只在工作日上午联系",
    "采购负责人换过一次，新负责人姓{s}",
    "西湖区门店，装修中",
    "要求开增值税专用发票",
    "价格敏感, 关注\"促销\"活动",
    "第一次拜访：\n- 试饮 3 款\n- 下周回访",
    "账期 30 天；逾期两次\n已由主管跟进",
    "合同扫描件在 D:\\客服\\合同\\{n}.pdf",
    "Prefers invoices in English, contact via WeChat",
    "老板说：\"只要有货，随时送\"",
    "\"VIP\" customer, handle with care",
    "每月初订货,偏好干红",
    "婚宴旺季为5月和10月\n需提前一个月备货",
];
pub const WINES: &[&str] = &[
    "五粮液",
    "飞天茅台",
    "国窖1573",
    "剑南春",
    "洋河梦之蓝",
    "张裕解百纳干红",
    "古越龙山黄酒",
    "青岛啤酒",
    "轩尼诗VSOP",
    "拉菲传奇",
    "长城干红",
    "汾酒青花20",
];
/// What a shipment carries; `{w}` is a wine, `{n}` a number of cases.
pub const SHIPMENT_ITEMS: &[&str] = &[
    "干红 {n} 箱",
    "干白 {n} 箱",
    "礼盒装白酒 {n} 箱",
    "{w} {n} 箱",
    "{w} {n} 箱，赠品酒杯 {n} 套",
    "起泡酒 {n} 箱",
    "黄酒 {n} 坛",
    "冰酒 {n} 支",
    "中秋礼盒 {n} 套",
    "样品酒 {n} 瓶",
    "干红 {n} 箱，干白 {n} 箱",
];
/// Where carriers sort parcels on the way.
pub const TRANSIT_HUBS: &[&str] = &[
    "杭州转运中心",
    "杭州萧山分拨中心",
    "宁波转运中心",
    "温州分拨中心",
    "嘉兴转运中心",
    "金华转运中心",
    "上海青浦分拨中心",
    "苏州转运中心",
    "南京转运中心",
    "合肥转运中心",
];
/// Why a delivery attempt failed, as carriers report it.
pub const ATTEMPT_NOTES: &[&str] = &[
    "收件人不在",
    "电话无人接听",
    "门店未营业",
    "地址不详，联系不上收件人",
    "客户要求改天送",
];
/// What a carrier's exception says.
pub const EXCEPTION_NOTES: &[&str] = &[
    "外包装破损，重新打包",
    "天气原因延误",
    "分拣错误，已退回分拨中心",
    "收件人拒收",
    "查无此件",
    "超区件，转第三方派送",
];
/// Who signed for a delivered parcel, as carriers note it.
pub const SIGNED_BY: &[&str] = &["本人签收", "前台代收", "门卫代收", "仓库管理员签收", "店长签收"];
/// Where a parcel waits to be picked up.
pub const PICKUP_POINTS: &[&str] = &["菜鸟驿站", "丰巢快递柜", "门店自提点", "京东自提点"];
/// Pieces of visit summaries; `{w}` is a wine, `{n}` a number.
pub const ROUTINE_BITS: &[&str] = &[
    "库存还够两周",
    "下周要补货{n}箱{w}",
    "询问{w}的团购价",
    "对配送时效满意",
    "新店下月开业, 想先订一批{w}",
    "反映上次到货有{n}瓶破损，已登记",
    "老板说\"中秋前一定要到货\"",
    "想了解{w}的促销政策",
    "竞品在做买二送一，客户有些动摇",
    "已约好下次上门试饮",
    "账期问题已转主管处理",
    "对账单已确认",
    "对新品{w}兴趣不大",
    "要求提供电子发票",
    "宴会季订单增加，需提前备货",
    "报价单见 D:\\客服\\报价\\{w}.xlsx",
    "电话没人接，改发短信",
    "店长换人了，新店长姓{s}",
    "陈列位置调整到收银台旁边",
    "{w}卖得比预期好",
];
pub const SATISFACTION_BITS: &[&str] = &[
    "整体满意",
    "对送货员的态度很满意",
    "希望缩短配送时间",
    "价格偏高，但质量稳定",
    "投诉过一次包装破损，现已解决",
    "客户原话：\"服务比以前好多了\"",
    "对{w}的口感评价不错",
    "开票速度慢, 希望改进",
    "满意度一般，主要是到货不准时",
    "愿意推荐给同行",
];
pub const SURVEY_BITS: &[&str] = &[
    "完成问卷",
    "问卷填写顺利",
    "客户只回答了部分问题",
    "通过微信发送问卷后电话确认",
    "客户比较忙，问卷分两次完成",
    "顺便介绍了{w}",
];
pub const NEEDS: &[&str] = &[
    "希望增加小瓶装",
    "节日礼盒能早点到货",
    "希望有更多试饮活动",
    "送货时间最好在上午",
    "希望增加小瓶装; 礼盒再精致一些",
    "能否开通线上订货, 手机上下单",
    "希望\"满减\"活动常态化",
    "无",
];

/// What customers complain of, by category; `{w}` is a wine, `{n}` a number. Some hold commas,
/// quotes and line breaks, as a typed complaint does.
pub const COMPLAINTS: &[(&str, &[&str])] = &[
    (
        "quality",
        &[
            "{w}有{n}瓶酒液浑浊",
            "开箱发现{n}瓶漏液",
            "{w}有木塞味，客人当场退酒",
            "酒瓶里有沉淀物, 怀疑储存不当",
            "礼盒里的{w}瓶盖松动",
            "客人说{w}的口感和上次\"不一样\"",
            "起泡酒开瓶后没有气泡",
            "{w}的生产日期比合同约定的早一年",
        ],
    ),
    (
        "delivery",
        &[
            "到货比约定晚了{n}天",
            "订了{n}箱{w}，只到了一半",
            "外箱有压痕，{n}瓶破损",
            "送错了货：订的是{w}",
            "物流显示已签收，但店里没收到",
            "送货前没有电话通知，没人接货",
            "节日礼盒没在节前送到",
            "送货员把货放在门口就走了\n没有让店员清点",
        ],
    ),
    (
        "service",
        &[
            "顾问电话一直打不通",
            "订货后三天没人确认",
            "送货员态度差, 和店员吵起来",
            "承诺的试饮活动没有安排",
            "对账单有错，问了几次没人回复",
            "客户原话：\"找谁都说不归他管\"",
        ],
    ),
    (
        "label",
        &[
            "定制酒标上的名字印错了",
            "酒标烫金颜色和样稿不一致",
            "酒标贴歪了, 有{n}瓶起皱",
            "婚宴酒标的日期印成了去年",
            "酒标样稿改了{n}次还不满意",
        ],
    ),
    (
        "price",
        &[
            "同款{w}在电商平台比批发价低",
            "调价没有提前通知",
            "促销价没给到，和别的店拿货价不一样",
            "返点没有按合同计算",
            "团购价比去年高{n}%",
        ],
    ),
    (
        "invoice",
        &[
            "发票迟迟未开",
            "发票抬头开错了",
            "发票金额和对账单不符",
            "要专票，开成了普票",
            "电子发票一直没收到",
        ],
    ),
    (
        "other",
        &[
            "促销海报没有随货送到",
            "礼盒的提袋少了{n}个",
            "想要的{w}一直缺货",
            "试饮酒杯破损",
        ],
    ),
];
/// What the customer asks for, by category; an empty one is asking for nothing in particular.
pub const REMEDIES: &[(&str, &[&str])] = &[
    ("quality", &["", "换货", "退货退款", "送检并说明原因", "赔偿损失"]),
    ("delivery", &["", "补发", "尽快送到", "赔偿损失", "退还运费"]),
    ("service", &["", "说明原因并道歉", "换一位顾问", "尽快处理, 别再发生"]),
    ("label", &["", "重新印制", "返工", "退还设计费"]),
    ("price", &["", "按合同价结算", "补差价", "给予返点"]),
    ("invoice", &["", "重开发票", "尽快开票"]),
    ("other", &["", "补送", "尽快处理"]),
];
/// The decisions communicated, by category.
pub const RESOLUTIONS: &[(&str, &[&str])] = &[
    (
        "quality",
        &[
            "换货{n}瓶",
            "整箱更换，送检有问题的样品",
            "退款并赠送{w}一瓶",
            "送检结果正常，向客户说明并附检测报告",
        ],
    ),
    (
        "delivery",
        &[
            "已补发{n}箱",
            "加急调货已送达，运费全免",
            "破损的{n}瓶已补发，费用由物流商承担",
            "与物流商约定送达前电话通知",
            "退还运费，下次订货9折",
        ],
    ),
    (
        "service",
        &[
            "已致歉，顾问不在时由主管接听",
            "物流商更换了送货员，并书面致歉",
            "补办试饮活动",
            "对账单已更正, 以后每月5日前发送",
        ],
    ),
    (
        "label",
        &[
            "重新印制酒标，上门贴换",
            "烫金厂返工，费用由烫金厂承担",
            "修改后的样稿客户已确认",
        ],
    ),
    (
        "price",
        &[
            "按合同价补差价，下单抵扣",
            "说明调价原因，老客户给予9.5折",
            "重新核算返点，差额下单抵扣",
            "维持原价，提供季度返点方案",
        ],
    ),
    (
        "invoice",
        &["作废重开，已快递", "电子发票已重新发送", "按对账单金额重开发票"],
    ),
    ("other", &["已补送", "已致歉并登记需求", "到货后第一时间通知客户"]),
];
/// Why it happened, by category.
pub const ROOT_CAUSES: &[(&str, &[&str])] = &[
    (
        "quality",
        &[
            "该批次酒塞供应商质量问题",
            "储存温度过高",
            "客户侧存放不当",
            "无质量问题：年份特征",
        ],
    ),
    (
        "delivery",
        &[
            "运输中码放过高",
            "仓库漏装",
            "承运商运力不足，未提前预警",
            "司机未按流程提前联系",
        ],
    ),
    (
        "service",
        &[
            "顾问外出未设置来电转接",
            "第三方送货员服务培训不足",
            "对账流程没有专人负责",
        ],
    ),
    (
        "label",
        &["设计稿未经客户签字确认", "烫金厂换用了不同批次的金箔", "贴标时受潮"],
    ),
    ("price", &["调价通知未及时发到客户", "系统里是旧报价", "电商渠道串货"]),
    (
        "invoice",
        &["开票信息录入错误", "客户税号变更未同步", "客户收票信息缺失"],
    ),
    ("other", &["打包漏放", "缺货未及时通知"]),
];
/// What the first response said; the first is nothing.
pub const ACK_NOTES: &[&str] = &[
    "",
    "",
    "已致电客户道歉",
    "已记录，安排上门查看",
    "请客户拍照",
    "已联系仓库核实",
];
/// Notes along the way.
pub const COMPLAINT_NOTES: &[&str] = &[
    "已联系物流商查件",
    "样品已送检",
    "客户再次来电催促",
    "已向仓库调取出库记录",
    "供应商已确认问题, 同意承担费用",
    "上门查看，拍照存档：\n外箱破损{n}处",
];
/// What the customer is to do while the complaint waits on them.
pub const WAIT_REASONS: &[&str] = &[
    "等客户寄回样品",
    "等客户提供照片和批号",
    "等客户确认修改后的样稿",
    "等客户财务确认金额",
    "等客户提供开票信息",
    "等客户确认收货时间",
];
/// Why a complaint was handed up by hand.
pub const ESCALATE_REASONS: &[&str] = &[
    "重点客户，要求主管跟进",
    "涉及赔偿，超出顾问权限",
    "客户要求经理出面",
    "需协调仓库和物流商",
    "客户不接受处理方案",
    "客户多次催促",
];
/// Why a complaint was opened again.
pub const REOPEN_REASONS: &[&str] = &[
    "同样的问题又出现了",
    "补发的货也有问题",
    "客户说答应的事没有做到",
    "同批次又发现{n}瓶",
];

//! `[carriers.*]` and `[[vendor]]`: the carriers goods travel with (and how long they usually
//! take), and the vendors who produce wine labels.

use std::collections::BTreeMap;

use rust_i18n::t;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::model::id;
use crate::model::named_enum::named;

/// `[carriers."顺丰"]`: a carrier and its usual transit time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Carrier {
    /// The carrier's name, as written in records.
    pub name: String,
    /// Days from shipping to delivery when a shipment gives no `eta`.
    pub transit_days: u32,
    /// Other names people type for it (`SF`, `顺丰速运`).
    pub aliases: Vec<String>,
}

/// The carriers when `cs.toml` names none: the common ones in China, with their usual times.
const DEFAULT_CARRIERS: &[(&str, u32, &[&str])] = &[
    ("顺丰", 2, &["SF", "顺丰速运", "SF Express"]), // i18n: not a message
    ("京东物流", 2, &["JD", "京东"]),               // i18n: not a message
    ("中通", 3, &["ZTO", "中通快递"]),              // i18n: not a message
    ("圆通", 3, &["YTO", "圆通速递"]),              // i18n: not a message
    ("申通", 3, &["STO", "申通快递"]),              // i18n: not a message
    ("韵达", 3, &["Yunda", "韵达快递"]),            // i18n: not a message
    ("EMS", 4, &["中国邮政", "邮政"]),              // i18n: not a message
    ("德邦", 4, &["Deppon", "德邦物流"]),           // i18n: not a message
];

/// The carriers of a data directory whose `cs.toml` names none.
pub fn default_carriers() -> Vec<Carrier> {
    DEFAULT_CARRIERS
        .iter()
        .map(|(name, days, aliases)| Carrier {
            name: name.to_string(),
            transit_days: *days,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        })
        .collect()
}

named! {
    /// What a label vendor does.
    VendorKind, "label.word.vendor_kind" {
        /// 烫金: hot-foil stamping.
        HotStamping = "hot_stamping" ["烫金", "hot-stamping"], // i18n: not a message
        /// 快印: quick printing.
        QuickPrint = "quick_print" ["快印", "quick-print"], // i18n: not a message
        /// 其他.
        Other = "other" ["其他"], // i18n: not a message
    }
}

/// `[[vendor]]`: a vendor who produces labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vendor {
    /// Short id used in records.
    pub id: String,
    /// Full name.
    pub name: String,
    /// What the vendor does.
    pub kind: VendorKind,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCarrier {
    transit_days: Option<Spanned<i64>>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVendor {
    id: Spanned<String>,
    name: Spanned<String>,
    kind: Option<Spanned<String>>,
}

/// `[carriers.*]`: a name usable in a CSV field, a transit time of 0 to 60 days; the defaults
/// when there are none.
pub(super) fn parse_carriers(
    raw: &BTreeMap<String, Spanned<RawCarrier>>,
    problem: &mut impl FnMut(std::ops::Range<usize>, &str, String),
) -> Vec<Carrier> {
    if raw.is_empty() {
        return default_carriers();
    }
    let mut carriers = Vec::new();
    for (name, carrier) in raw {
        let key = format!("carriers.{name}");
        if name.trim().is_empty() || name.trim() != name || name.contains(['\n', '\r', '"']) {
            problem(carrier.span(), &key, t!("settings.bad_carrier_name").into_owned());
            continue;
        }
        let transit_days = match &carrier.get_ref().transit_days {
            None => 0,
            Some(days) if (0..=60).contains(days.get_ref()) => *days.get_ref() as u32,
            Some(days) => {
                problem(
                    days.span(),
                    &format!("{key}.transit_days"),
                    t!("settings.bad_transit_days").into_owned(),
                );
                continue;
            }
        };
        carriers.push(Carrier {
            name: name.clone(),
            transit_days,
            aliases: carrier.get_ref().aliases.iter().map(|a| a.trim().to_string()).collect(),
        });
    }
    carriers
}

/// `[[vendor]]`: unique ids, names, and a known kind.
pub(super) fn parse_vendors(
    raw: &[Spanned<RawVendor>],
    problem: &mut impl FnMut(std::ops::Range<usize>, &str, String),
) -> Vec<Vendor> {
    let mut vendors: Vec<Vendor> = Vec::new();
    for vendor in raw {
        let v = vendor.get_ref();
        if let Err(e) = id::validate_code("id", v.id.get_ref()) {
            problem(
                v.id.span(),
                "vendor.id",
                e.to_string().trim_start_matches("id: ").to_string(),
            );
            continue;
        }
        if vendors.iter().any(|known| known.id == *v.id.get_ref()) {
            problem(
                v.id.span(),
                "vendor.id",
                t!("settings.duplicate_vendor", id = v.id.get_ref()).into_owned(),
            );
            continue;
        }
        if v.name.get_ref().trim().is_empty() {
            problem(v.name.span(), "vendor.name", t!("settings.empty").into_owned());
            continue;
        }
        let kind = match &v.kind {
            None => VendorKind::Other,
            Some(kind) => match kind.get_ref().parse::<VendorKind>() {
                Ok(kind) => kind,
                Err(message) => {
                    problem(kind.span(), "vendor.kind", message);
                    continue;
                }
            },
        };
        vendors.push(Vendor {
            id: v.id.get_ref().clone(),
            name: v.name.get_ref().trim().to_string(),
            kind,
        });
    }
    vendors
}

//! Shipments in transit (在途跟踪): the record, the statuses carriers' tracking services use,
//! the tracking events, and what makes a shipment late or stale.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::model::named_enum::named;

named! {
    /// Where a shipment stands, in the vocabulary of carriers' tracking services.
    Status, "shipment.word.status" {
        /// 待发货: recorded, not yet with the carrier.
        Pending = "pending" ["待发货", "待揽收"], // i18n: not a message
        /// 已下单: the carrier has the shipment's details.
        InfoReceived = "info_received" ["已下单", "已揽件", "已揽收", "揽收"], // i18n: not a message
        /// 运输中: moving.
        InTransit = "in_transit" ["运输中", "在途", "运送中", "transit"], // i18n: not a message
        /// 派送中: out for delivery.
        OutForDelivery = "out_for_delivery" ["派送中", "派件中", "派送"], // i18n: not a message
        /// 投递失败: a delivery attempt failed.
        AttemptFail = "attempt_fail" ["投递失败", "派送失败"], // i18n: not a message
        /// 待取件: waiting at a pick-up point.
        AvailableForPickup = "available_for_pickup" ["待取件", "待自提", "已到达自提点"], // i18n: not a message
        /// 已签收: delivered (final).
        Delivered = "delivered" ["已签收", "签收", "已送达", "已妥投"], // i18n: not a message
        /// 异常: held up, damaged, refused...
        Exception = "exception" ["异常", "问题件"], // i18n: not a message
        /// 已退回: returned to the sender (final).
        Returned = "returned" ["已退回", "退回", "退件"], // i18n: not a message
        /// 丢失: lost (final).
        Lost = "lost" ["丢失", "遗失"], // i18n: not a message
    }
}

impl Status {
    /// Whether nothing more is expected to happen: delivered, returned or lost.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Delivered | Status::Returned | Status::Lost)
    }
}

/// A shipment: goods on their way to a customer or a distribution center's customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shipment {
    /// `S-` and ten characters.
    pub id: String,
    /// The customer's id.
    pub customer: String,
    /// The order number.
    pub order: String,
    /// The carrier's name (a `[carriers]` name of `cs.toml`).
    pub carrier: String,
    /// The carrier's tracking number, unique per carrier; empty until known.
    pub tracking: String,
    /// The distribution center it goes through, if any.
    pub center: String,
    /// What it carries.
    pub items: String,
    /// The day it was shipped.
    pub shipped: NaiveDate,
    /// The day it is expected.
    pub eta: NaiveDate,
    /// The status of its latest tracking event.
    pub status: Status,
    /// When it was delivered.
    pub delivered: Option<DateTime<FixedOffset>>,
    /// The last change.
    pub updated: DateTime<FixedOffset>,
}

impl Shipment {
    /// The first of its texts that holds a control character (see
    /// [`crate::model::control_character`]), as `(field, problem)`.
    pub fn text_problem(&self) -> Option<(&'static str, String)> {
        [
            ("order", &self.order),
            ("tracking", &self.tracking),
            ("items", &self.items),
        ]
        .into_iter()
        .find_map(|(field, text)| crate::model::control_character(text, false).map(|m| (field, m)))
    }
}

/// One tracking event: where the shipment was, when, in what status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackEvent {
    /// The shipment's id.
    pub shipment: String,
    /// When it happened (as the carrier reports it).
    pub at: DateTime<FixedOffset>,
    /// The status it reported.
    pub status: Status,
    /// Where.
    pub location: String,
    /// What the carrier or the staff member noted.
    pub note: String,
}

impl TrackEvent {
    /// Whether two events are the same report: same shipment, time and status (an export
    /// imported twice, or a carrier repeating itself).
    pub fn same_as(&self, other: &TrackEvent) -> bool {
        self.shipment == other.shipment && self.at == other.at && self.status == other.status
    }
}

/// How late a shipment is on `as_of`: days past its `eta` when it was delivered after it or
/// is still on its way past it; `None` when it is on time, not yet due, or ended without
/// being delivered (returned or lost, which have lists of their own).
pub fn days_late(shipment: &Shipment, as_of: NaiveDate) -> Option<i64> {
    let delivered = shipment.delivered.map(|d| d.date_naive()).filter(|d| *d <= as_of);
    let end = match delivered {
        Some(day) => day,
        None if shipment.status.is_final() && shipment.status != Status::Delivered => return None,
        None if shipment.shipped > as_of => return None,
        None => as_of,
    };
    let late = (end - shipment.eta).num_days();
    (late > 0).then_some(late)
}

/// The status a shipment has after its events: that of the latest by time (the last recorded
/// of those at the same time), so events may arrive in any order; `pending` with none.
pub fn status_after(
    events: impl IntoIterator<Item = (DateTime<FixedOffset>, Status)>,
) -> (Status, Option<DateTime<FixedOffset>>) {
    let mut latest: Option<(DateTime<FixedOffset>, Status)> = None;
    for event in events {
        if latest.is_none_or(|l| event.0 >= l.0) {
            latest = Some(event);
        }
    }
    latest.map_or((Status::Pending, None), |(at, status)| (status, Some(at)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn shipment(status: Status, delivered: Option<&str>) -> Shipment {
        Shipment {
            id: "S-1".into(),
            customer: "C-1".into(),
            order: String::new(),
            carrier: "顺丰".into(),
            tracking: "SF1".into(),
            center: String::new(),
            items: String::new(),
            shipped: day("2026-11-01"),
            eta: day("2026-11-03"),
            status,
            delivered: delivered.map(at),
            updated: at("2026-11-01T09:00:00+08:00"),
        }
    }

    #[test]
    fn chinese_terms_name_statuses_and_three_are_final() {
        assert_eq!("已签收".parse::<Status>(), Ok(Status::Delivered));
        assert_eq!("运输中".parse::<Status>(), Ok(Status::InTransit));
        assert_eq!("OUT_FOR_DELIVERY".parse::<Status>(), Ok(Status::OutForDelivery));
        let finals: Vec<Status> = Status::ALL.iter().copied().filter(|s| s.is_final()).collect();
        assert_eq!(finals, [Status::Delivered, Status::Returned, Status::Lost]);
        assert!("arrived".parse::<Status>().unwrap_err().contains("in_transit"));
    }

    #[test]
    fn late_means_past_eta_still_moving_or_delivered_after_it() {
        let moving = shipment(Status::InTransit, None);
        assert_eq!(days_late(&moving, day("2026-11-03")), None, "due today is not late");
        assert_eq!(days_late(&moving, day("2026-11-06")), Some(3));
        let on_time = shipment(Status::Delivered, Some("2026-11-03T18:00:00+08:00"));
        assert_eq!(days_late(&on_time, day("2026-11-20")), None);
        let after = shipment(Status::Delivered, Some("2026-11-05T10:00:00+08:00"));
        assert_eq!(days_late(&after, day("2026-11-20")), Some(2));
        assert_eq!(
            days_late(&after, day("2026-11-04")),
            Some(1),
            "not yet delivered on the day asked about"
        );
        assert_eq!(days_late(&shipment(Status::Lost, None), day("2026-11-20")), None);
        assert_eq!(days_late(&moving, day("2026-10-30")), None, "not yet shipped");
    }

    #[test]
    fn the_latest_event_by_time_sets_the_status() {
        let event = |time: &str, status| TrackEvent {
            shipment: "S-1".into(),
            at: at(time),
            status,
            location: String::new(),
            note: String::new(),
        };
        let events = [
            event("2026-11-02T08:00:00+08:00", Status::OutForDelivery),
            event("2026-11-03T10:00:00+08:00", Status::Delivered),
            event("2026-11-01T09:00:00+08:00", Status::InTransit),
        ];
        let pairs = |events: &[TrackEvent]| events.iter().map(|e| (e.at, e.status)).collect::<Vec<_>>();
        assert_eq!(status_after(pairs(&events)).0, Status::Delivered);
        assert_eq!(status_after(pairs(&events[..1])).0, Status::OutForDelivery);
        assert_eq!(status_after([]), (Status::Pending, None));
        assert!(events[0].same_as(&event("2026-11-02T08:00:00+08:00", Status::OutForDelivery)));
        assert!(!events[0].same_as(&event("2026-11-02T08:00:00+08:00", Status::Exception)));
    }
}

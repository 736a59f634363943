//! Complaints (投诉): the record, its statuses, severities and channels, the moves between
//! statuses, and the history of every action, after the handling process of ISO 10002:
//! recorded, acknowledged, assessed, tracked to a decision, communicated, closed, measured.

use crate::model::named_enum::named;

use chrono::{DateTime, FixedOffset};
use rust_i18n::t;
use serde::Serialize;

named! {
    /// Where a complaint stands.
    Status, "complaint.word.status" {
        /// 待处理: received, no response yet.
        Open = "open" ["待处理", "新"], // i18n: not a message
        /// 已受理: the customer has had a first response.
        Acknowledged = "acknowledged" ["已受理", "受理", "ack"], // i18n: not a message
        /// 等待客户: waiting on the customer; the SLA clocks stop.
        Waiting = "waiting" ["等待客户", "等待"], // i18n: not a message
        /// 已解决: a decision was made and communicated.
        Resolved = "resolved" ["已解决", "解决"], // i18n: not a message
        /// 已关闭: the customer accepted the decision.
        Closed = "closed" ["已关闭", "关闭"], // i18n: not a message
        /// 重新打开: resolved or closed, then opened again.
        Reopened = "reopened" ["重新打开", "重开"], // i18n: not a message
    }
}

named! {
    /// How serious a complaint is, which sets its service-level targets.
    Severity, "complaint.word.severity" {
        /// 紧急.
        Critical = "critical" ["紧急"], // i18n: not a message
        /// 高.
        High = "high" ["高"], // i18n: not a message
        /// 中.
        Medium = "medium" ["中"], // i18n: not a message
        /// 低.
        Low = "low" ["低"], // i18n: not a message
    }
}

named! {
    /// How a complaint reached the department.
    Channel, "complaint.word.channel" {
        /// 电话.
        Phone = "phone" ["电话"], // i18n: not a message
        /// 短信.
        Sms = "sms" ["短信"], // i18n: not a message
        /// 上门: in person.
        Onsite = "onsite" ["上门", "现场"], // i18n: not a message
        /// 邮件.
        Email = "email" ["邮件", "电子邮件"], // i18n: not a message
        /// 微信.
        Wechat = "wechat" ["微信"], // i18n: not a message
        /// 信函.
        Letter = "letter" ["信函", "来信"], // i18n: not a message
        /// 其他.
        Other = "other" ["其他"], // i18n: not a message
    }
}

impl Status {
    /// Whether the complaint is still being handled: not resolved, not closed.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Open | Status::Acknowledged | Status::Waiting | Status::Reopened
        )
    }
}

/// The Chinese names of the usual categories, accepted on input for the category of that name.
pub const CATEGORY_ALIASES: &[(&str, &[&str])] = &[
    ("quality", &["质量", "产品质量"]),      // i18n: not a message
    ("delivery", &["物流", "配送", "发货"]), // i18n: not a message
    ("service", &["服务"]),                  // i18n: not a message
    ("label", &["酒标"]),                    // i18n: not a message
    ("price", &["价格"]),                    // i18n: not a message
    ("other", &["其他"]),                    // i18n: not a message
];

/// A complaint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Complaint {
    /// `T-` (投诉) and ten characters.
    pub id: String,
    /// The customer's id.
    pub customer: String,
    /// When it was received.
    pub received: DateTime<FixedOffset>,
    /// How it reached the department.
    pub channel: Channel,
    /// One of the categories of `cs.toml`.
    pub category: String,
    /// How serious it is.
    pub severity: Severity,
    /// What the customer complains of.
    pub summary: String,
    /// What the customer asks for.
    pub remedy_sought: String,
    /// The staff member handling it now.
    pub handler: String,
    /// Where it stands.
    pub status: Status,
    /// How many times it was escalated: 0 with its first handler.
    pub level: u8,
    /// The first response.
    pub responded: Option<DateTime<FixedOffset>>,
    /// When it was (last) resolved.
    pub resolved: Option<DateTime<FixedOffset>>,
    /// The decision communicated to the customer.
    pub resolution: String,
    /// Why it happened.
    pub root_cause: String,
    /// The customer's satisfaction with the handling, 1 to 5, given at closing.
    pub score: Option<u8>,
    /// How many times it was reopened.
    pub reopened: u32,
    /// When it was closed.
    pub closed: Option<DateTime<FixedOffset>>,
    /// The order it concerns.
    pub order: String,
    /// The shipment it concerns.
    pub shipment: String,
    /// The last change.
    pub updated: DateTime<FixedOffset>,
}

impl Complaint {
    /// When its handling ended, which stops the resolution clock: when it was resolved, else
    /// closed. None while it is still being handled: a reopened complaint runs against its
    /// resolution target again from the receipt, even when its `resolved` column still holds
    /// the earlier resolution (as `cs` wrote it before reopening cleared it).
    pub fn done(&self) -> Option<DateTime<FixedOffset>> {
        if self.status.is_open() {
            return None;
        }
        self.resolved.or(self.closed)
    }

    /// The first of its texts that holds a control character it may not (see
    /// [`crate::model::control_character`]), as `(field, problem)`.
    pub fn text_problem(&self) -> Option<(&'static str, String)> {
        let texts = [
            ("summary", &self.summary, true),
            ("remedy_sought", &self.remedy_sought, true),
            ("resolution", &self.resolution, true),
            ("root_cause", &self.root_cause, true),
            ("order", &self.order, false),
            ("shipment", &self.shipment, false),
        ];
        texts
            .into_iter()
            .find_map(|(field, text, multiline)| crate::model::control_character(text, multiline).map(|m| (field, m)))
    }
}

named! {
    /// What was done to a complaint, one line of its history.
    Action, "complaint.word.action" {
        /// Recorded.
        Add = "add" [],
        /// First response.
        Ack = "ack" [],
        /// A note.
        Note = "note" [],
        /// Now waiting on the customer.
        Wait = "wait" [],
        /// No longer waiting.
        Resume = "resume" [],
        /// Handed up the chain.
        Escalate = "escalate" [],
        /// Decided.
        Resolve = "resolve" [],
        /// Closed, the customer accepting the decision.
        Close = "close" [],
        /// The customer did not accept the decision: open again.
        Reject = "reject" [],
        /// Opened again after it was resolved or closed.
        Reopen = "reopen" [],
    }
}

impl Action {
    /// The status a complaint must be in for this action, or `None` when any will do.
    fn allowed_from(self) -> Option<&'static [Status]> {
        use Status as S;
        Some(match self {
            Action::Add | Action::Note => return None,
            Action::Ack => &[S::Open, S::Reopened],
            Action::Wait => &[S::Open, S::Acknowledged, S::Reopened],
            Action::Resume => &[S::Waiting],
            Action::Escalate => &[S::Open, S::Acknowledged, S::Waiting, S::Reopened],
            Action::Resolve => &[S::Open, S::Acknowledged, S::Reopened],
            Action::Close | Action::Reject => &[S::Resolved],
            Action::Reopen => &[S::Resolved, S::Closed],
        })
    }

    /// Whether the action may be taken on a complaint in `status`; the error names the
    /// status and what the action needs.
    pub fn check(self, status: Status) -> Result<(), String> {
        match self.allowed_from() {
            Some(allowed) if !allowed.contains(&status) => {
                // Named as people read them: 已受理 rather than acknowledged in Chinese.
                let shown = |s: &Status| crate::i18n::value("status", s.as_str()).into_owned();
                let names: Vec<String> = allowed.iter().map(shown).collect();
                Err(t!(
                    "complaint.illegal",
                    action = crate::i18n::value("action", self.as_str()),
                    status = shown(&status),
                    allowed = names.join(&t!("complaint.separator"))
                )
                .into_owned())
            }
            _ => Ok(()),
        }
    }
}

/// One line of a complaint's history: who did what, when, and from which handler to which.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The complaint's id.
    pub complaint: String,
    /// When it was done.
    pub at: DateTime<FixedOffset>,
    /// Who did it (a staff id).
    pub by: String,
    /// What was done.
    pub action: Action,
    /// The status before.
    pub from_status: Status,
    /// The status after.
    pub to_status: Status,
    /// The handler before (for an escalation, who handed it up).
    pub from_handler: String,
    /// The handler after.
    pub to_handler: String,
    /// The note, reason or resolution given.
    pub text: String,
}

/// Checks a satisfaction score given at closing.
pub fn check_score(score: u8) -> Result<u8, String> {
    if (1..=5).contains(&score) {
        Ok(score)
    } else {
        Err(t!("complaint.bad_score", value = score).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_chinese_terms_are_read() {
        assert_eq!("待处理".parse::<Status>(), Ok(Status::Open));
        assert_eq!("CLOSED".parse::<Status>(), Ok(Status::Closed));
        assert_eq!("紧急".parse::<Severity>(), Ok(Severity::Critical));
        assert_eq!("微信".parse::<Channel>(), Ok(Channel::Wechat));
        assert!(
            "urgent"
                .parse::<Severity>()
                .unwrap_err()
                .contains("critical, high, medium, low")
        );
    }

    #[test]
    fn only_the_moves_of_the_process_are_allowed() {
        use Status as S;
        assert!(Action::Ack.check(S::Open).is_ok());
        assert!(Action::Ack.check(S::Acknowledged).unwrap_err().contains("acknowledged"));
        assert!(Action::Resolve.check(S::Closed).is_err());
        assert!(Action::Resolve.check(S::Waiting).is_err(), "resume first");
        assert!(Action::Reopen.check(S::Closed).is_ok());
        assert!(Action::Reopen.check(S::Open).is_err());
        assert!(Action::Close.check(S::Resolved).is_ok());
        assert!(Action::Escalate.check(S::Resolved).is_err());
        assert!(Action::Note.check(S::Closed).is_ok());
        for &action in Action::ALL {
            assert_eq!(action.as_str().parse::<Action>(), Ok(action));
        }
    }
}

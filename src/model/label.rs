//! Wine-label jobs (酒标): a customer's order needs a label; the consultant designs it, a
//! supervisor approves it, and the hot-stamping (烫金) and quick-print (快印) vendors produce
//! it. The record, its statuses, the moves between them, who may approve, and the progress
//! with each vendor, as pure functions with no IO.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_i18n::t;
use serde::Serialize;

use crate::model::LIST_SEPARATOR;
use crate::model::named_enum::named;
use crate::model::settings::Role;

named! {
    /// Where a label job stands.
    LabelStatus, "label.word.status" {
        /// 待设计: the customer asked for a label; no design yet (or the last was rejected).
        Requested = "requested" ["待设计", "已申请", "申请"], // i18n: not a message
        /// 已设计: a design was submitted to the supervisor.
        Designed = "designed" ["已设计", "设计"], // i18n: not a message
        /// 已审批: the supervisor approved the design.
        Approved = "approved" ["已审批", "已批准", "审批"], // i18n: not a message
        /// 制作中: sent to at least one vendor.
        InProduction = "in_production" ["制作中", "生产中", "in-production"], // i18n: not a message
        /// 已完成: every vendor's work received.
        Done = "done" ["已完成", "完成"], // i18n: not a message
    }
}

named! {
    /// How far a vendor's part of a job has come.
    VendorState, "label.word.vendor_state" {
        /// 已发出: the approved design went to the vendor.
        Sent = "sent" ["已发出", "已发送"], // i18n: not a message
        /// 已收货: the vendor's work came back.
        Received = "received" ["已收货", "已收到"], // i18n: not a message
    }
}

/// One vendor's progress on a job: `jinhua:sent` in the `vendors` field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VendorProgress {
    /// The vendor's id (`[[vendor]]` in cs.toml).
    pub vendor: String,
    /// How far it has come.
    pub state: VendorState,
}

/// Reads the `vendors` field: `id:state` pairs separated by `;`, blanks ignored.
pub fn parse_vendors(text: &str) -> Result<Vec<VendorProgress>, String> {
    let mut found: Vec<VendorProgress> = Vec::new();
    for piece in text.split(LIST_SEPARATOR).map(str::trim).filter(|p| !p.is_empty()) {
        let (vendor, state) = piece
            .split_once(':')
            .ok_or_else(|| t!("label.bad_vendor_piece", piece = piece).into_owned())?;
        let vendor = vendor.trim();
        if vendor.is_empty() {
            return Err(t!("label.bad_vendor_piece", piece = piece).into_owned());
        }
        if found.iter().any(|p| p.vendor == vendor) {
            return Err(t!("label.vendor_twice", vendor = vendor).into_owned());
        }
        found.push(VendorProgress {
            vendor: vendor.to_string(),
            state: state.parse()?,
        });
    }
    Ok(found)
}

/// Writes the `vendors` field, in the order the vendors were sent to.
pub fn format_vendors(vendors: &[VendorProgress]) -> String {
    vendors
        .iter()
        .map(|p| format!("{}:{}", p.vendor, p.state.as_str()))
        .collect::<Vec<_>>()
        .join(&LIST_SEPARATOR.to_string())
}

/// Whether every vendor sent to has delivered, and at least one was sent to.
pub fn all_received(vendors: &[VendorProgress]) -> bool {
    !vendors.is_empty() && vendors.iter().all(|p| p.state == VendorState::Received)
}

/// The vendors after sending to `vendor`: refused if it was sent to already.
pub fn send_to(vendors: &[VendorProgress], vendor: &str) -> Result<Vec<VendorProgress>, String> {
    if let Some(known) = vendors.iter().find(|p| p.vendor == vendor) {
        return Err(t!(
            "label.already_sent",
            vendor = vendor,
            state = crate::i18n::value("vendor_state", known.state.as_str())
        )
        .into_owned());
    }
    let mut next = vendors.to_vec();
    next.push(VendorProgress {
        vendor: vendor.to_string(),
        state: VendorState::Sent,
    });
    Ok(next)
}

/// The vendors after receiving `vendor`'s work: refused unless it was sent to and has not
/// delivered yet.
pub fn receive_from(vendors: &[VendorProgress], vendor: &str) -> Result<Vec<VendorProgress>, String> {
    match vendors.iter().position(|p| p.vendor == vendor) {
        None => Err(t!("label.not_sent", vendor = vendor).into_owned()),
        Some(at) if vendors[at].state == VendorState::Received => {
            Err(t!("label.already_received", vendor = vendor).into_owned())
        }
        Some(at) => {
            let mut next = vendors.to_vec();
            next[at].state = VendorState::Received;
            Ok(next)
        }
    }
}

/// Whether someone in `role` may approve or reject a design: a supervisor or above. The
/// error names the role and who may.
pub fn check_approver(staff: &str, role: Role) -> Result<(), String> {
    if role >= Role::Supervisor {
        return Ok(());
    }
    let mut may: Vec<String> = Role::ALL
        .iter()
        .filter(|r| **r >= Role::Supervisor)
        .map(|r| role_name(*r))
        .collect();
    let last = may.pop().unwrap_or_default();
    Err(t!(
        "label.not_approver",
        staff = staff,
        role = role_name(role),
        may = t!("label.or", first = may.join(&t!("label.separator")), last = last)
    )
    .into_owned())
}

/// A role as people read it: the department's title in Chinese, the English name otherwise.
fn role_name(role: Role) -> String {
    match crate::i18n::current() {
        crate::i18n::Lang::Zh => role.chinese().to_string(),
        crate::i18n::Lang::En => role.as_str().replace('_', " "),
    }
}

/// A file name a design may be stored under in `labels/<id>/`: a plain name, without the
/// list separator, a comma or a line break, not hidden.
pub fn check_file_name(name: &str) -> Result<(), String> {
    let bad = name.is_empty()
        || name.starts_with('.')
        || name.contains([LIST_SEPARATOR, ',', '\n', '\r', '/', '\\', '"'])
        || name.trim() != name;
    if bad {
        Err(t!("label.bad_file_name", name = name).into_owned())
    } else {
        Ok(())
    }
}

/// A wine-label job.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelJob {
    /// `L-` and ten characters.
    pub id: String,
    /// The customer's id.
    pub customer: String,
    /// The order the label is for.
    pub order: String,
    /// The customer's requirements: text, colours, size, materials.
    pub spec: String,
    /// How many labels, when known.
    pub quantity: Option<u32>,
    /// When the labels are needed.
    pub due: Option<NaiveDate>,
    /// Where it stands.
    pub status: LabelStatus,
    /// The staff member who designs it (who took the request, then who submitted the design).
    pub designer: String,
    /// The supervisor (or above) who approved the design.
    pub approved_by: String,
    /// Each vendor sent to, and how far it has come.
    pub vendors: Vec<VendorProgress>,
    /// The design files in `labels/<id>/`, oldest first.
    pub files: Vec<String>,
    /// The last change.
    pub updated: DateTime<FixedOffset>,
}

impl LabelJob {
    /// The first of its texts that holds a control character it may not (see
    /// [`crate::model::control_character`]), as `(field, problem)`.
    pub fn text_problem(&self) -> Option<(&'static str, String)> {
        [("order", &self.order, false), ("spec", &self.spec, true)]
            .into_iter()
            .find_map(|(field, text, multiline)| crate::model::control_character(text, multiline).map(|m| (field, m)))
    }

    /// Whether the labels are late at `day`: due before it and not done.
    pub fn is_overdue(&self, day: NaiveDate) -> bool {
        self.status != LabelStatus::Done && self.due.is_some_and(|due| due < day)
    }
}

named! {
    /// What was done to a label job, one line of its history.
    Action, "label.word.action" {
        /// Requested by the customer.
        Add = "add" [],
        /// A design (or a new version of it) submitted.
        Design = "design" [],
        /// The design approved.
        Approve = "approve" [],
        /// The design rejected: back to be designed again.
        Reject = "reject" [],
        /// Sent to a vendor.
        Send = "send" [],
        /// A vendor's work received.
        Receive = "receive" [],
        /// Every vendor's work received: the labels are ready.
        Done = "done" [],
        /// A note.
        Note = "note" [],
    }
}

impl Action {
    /// The statuses a job must be in for this action, or `None` when any will do.
    fn allowed_from(self) -> Option<&'static [LabelStatus]> {
        use LabelStatus as S;
        Some(match self {
            Action::Add | Action::Note => return None,
            Action::Design => &[S::Requested, S::Designed],
            Action::Approve | Action::Reject => &[S::Designed],
            Action::Send => &[S::Approved, S::InProduction],
            Action::Receive | Action::Done => &[S::InProduction],
        })
    }

    /// The status a job in `from` is in after this action.
    pub fn to_status(self, from: LabelStatus) -> LabelStatus {
        use LabelStatus as S;
        match self {
            Action::Add => S::Requested,
            Action::Design => S::Designed,
            Action::Approve => S::Approved,
            Action::Reject => S::Requested,
            Action::Send => S::InProduction,
            Action::Receive | Action::Note => from,
            Action::Done => S::Done,
        }
    }

    /// Whether the action may be taken on a job in `status`; the error names the status and
    /// the statuses the action needs, as people read them.
    pub fn check(self, status: LabelStatus) -> Result<(), String> {
        match self.allowed_from() {
            Some(allowed) if !allowed.contains(&status) => {
                let shown = |s: &LabelStatus| crate::i18n::value("status", s.as_str()).into_owned();
                let names: Vec<String> = allowed.iter().map(shown).collect();
                Err(t!(
                    "label.illegal",
                    action = crate::i18n::value("action", self.as_str()),
                    status = shown(&status),
                    allowed = names.join(&t!("label.separator"))
                )
                .into_owned())
            }
            _ => Ok(()),
        }
    }
}

/// One line of a label job's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelEvent {
    /// The job's id.
    pub job: String,
    /// When it was done.
    pub at: DateTime<FixedOffset>,
    /// Who did it (a staff id).
    pub by: String,
    /// What was done.
    pub action: Action,
    /// The status before.
    pub from_status: LabelStatus,
    /// The status after.
    pub to_status: LabelStatus,
    /// The vendor sent to or received from.
    pub vendor: String,
    /// The design files this action added.
    pub files: Vec<String>,
    /// The note or reason given.
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(vendor: &str, state: VendorState) -> VendorProgress {
        VendorProgress {
            vendor: vendor.into(),
            state,
        }
    }

    #[test]
    fn statuses_are_read_in_english_and_chinese() {
        assert_eq!("待设计".parse::<LabelStatus>(), Ok(LabelStatus::Requested));
        assert_eq!("制作中".parse::<LabelStatus>(), Ok(LabelStatus::InProduction));
        assert_eq!("IN_PRODUCTION".parse::<LabelStatus>(), Ok(LabelStatus::InProduction));
        assert_eq!("已审批".parse::<LabelStatus>(), Ok(LabelStatus::Approved));
        assert!(
            "printing"
                .parse::<LabelStatus>()
                .unwrap_err()
                .contains("requested, designed")
        );
        for &action in Action::ALL {
            assert_eq!(action.as_str().parse::<Action>(), Ok(action));
        }
    }

    #[test]
    fn only_the_moves_of_the_workflow_are_allowed() {
        use LabelStatus as S;
        assert!(Action::Design.check(S::Requested).is_ok());
        assert!(Action::Design.check(S::Designed).is_ok(), "a new version");
        assert!(Action::Design.check(S::Approved).is_err());
        assert!(Action::Approve.check(S::Designed).is_ok());
        assert!(Action::Approve.check(S::Requested).unwrap_err().contains("requested"));
        assert!(Action::Reject.check(S::Approved).is_err());
        assert!(Action::Send.check(S::Designed).is_err(), "approve first");
        assert!(Action::Send.check(S::InProduction).is_ok(), "a second vendor");
        assert!(Action::Receive.check(S::Approved).is_err());
        assert!(Action::Done.check(S::Done).is_err());
        assert!(Action::Note.check(S::Done).is_ok());
        assert_eq!(Action::Reject.to_status(S::Designed), S::Requested);
        assert_eq!(Action::Receive.to_status(S::InProduction), S::InProduction);
    }

    #[test]
    fn each_vendor_is_sent_to_once_and_received_once() {
        let sent = send_to(&[], "jinhua").unwrap();
        assert!(send_to(&sent, "jinhua").unwrap_err().contains("jinhua"));
        assert!(receive_from(&sent, "kuaiyin").is_err(), "never sent to");
        let both = send_to(&sent, "kuaiyin").unwrap();
        assert!(!all_received(&both));
        let one = receive_from(&both, "jinhua").unwrap();
        assert!(receive_from(&one, "jinhua").is_err(), "received twice");
        assert!(!all_received(&one));
        let done = receive_from(&one, "kuaiyin").unwrap();
        assert!(all_received(&done));
        assert!(!all_received(&[]), "nothing sent is not done");
        assert_eq!(format_vendors(&done), "jinhua:received;kuaiyin:received");
    }

    #[test]
    fn the_vendors_field_reads_what_people_write_and_refuses_the_rest() {
        assert_eq!(
            parse_vendors(" jinhua:sent ; kuaiyin:已收货 ;").unwrap(),
            vec![
                progress("jinhua", VendorState::Sent),
                progress("kuaiyin", VendorState::Received)
            ]
        );
        assert!(parse_vendors("").unwrap().is_empty());
        assert!(parse_vendors("jinhua").is_err());
        assert!(parse_vendors("jinhua:lost").is_err());
        assert!(parse_vendors("jinhua:sent;jinhua:received").is_err());
    }

    #[test]
    fn only_supervisors_and_above_approve() {
        assert!(check_approver("zheng", Role::Supervisor).is_ok());
        assert!(check_approver("zhou", Role::GeneralManager).is_ok());
        let refused = check_approver("wang", Role::Consultant).unwrap_err();
        assert!(refused.contains("wang") && refused.contains("consultant"), "{refused}");
        assert!(
            refused.contains("supervisor") && refused.contains("general manager"),
            "{refused}"
        );
    }

    #[test]
    fn file_names_fit_one_field() {
        assert!(check_file_name("正面-v2.svg").is_ok());
        for bad in ["", ".hidden", "a;b.svg", "a,b.svg", "a\nb", " a.svg"] {
            assert!(check_file_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn overdue_means_due_before_the_day_and_not_done() {
        let day = |d: &str| d.parse::<NaiveDate>().unwrap();
        let mut job = LabelJob {
            id: "L-1".into(),
            customer: "C-1".into(),
            order: String::new(),
            spec: String::new(),
            quantity: None,
            due: Some(day("2026-11-20")),
            status: LabelStatus::Approved,
            designer: String::new(),
            approved_by: String::new(),
            vendors: Vec::new(),
            files: Vec::new(),
            updated: DateTime::parse_from_rfc3339("2026-11-01T09:00:00+08:00").unwrap(),
        };
        assert!(job.is_overdue(day("2026-11-21")));
        assert!(!job.is_overdue(day("2026-11-20")), "due today is not late yet");
        job.status = LabelStatus::Done;
        assert!(!job.is_overdue(day("2026-12-01")));
        job.status = LabelStatus::Requested;
        job.due = None;
        assert!(!job.is_overdue(day("2026-12-01")));
    }

    proptest::proptest! {
        /// Any list of distinct vendors survives the field both ways.
        #[test]
        fn the_vendors_field_round_trips(
            pairs in proptest::collection::btree_map("[a-z][a-z0-9_.-]{0,11}", proptest::bool::ANY, 0..6)
        ) {
            let vendors: Vec<VendorProgress> = pairs
                .into_iter()
                .map(|(vendor, received)| progress(&vendor, if received { VendorState::Received } else { VendorState::Sent }))
                .collect();
            proptest::prop_assert_eq!(parse_vendors(&format_vendors(&vendors)).unwrap(), vendors);
        }
    }
}

//! Each table's part in an import: the words its columns go by, the defaults `add` would
//! give, and the rules `add` applies.

use std::collections::HashMap;

use chrono::Duration;
use rust_i18n::t;

use super::{CustomerRef, Refs, Refused, list};
use crate::error::Result;
use crate::import::Target;
use crate::model::complaint::{Action, Complaint, Event, Status as ComplaintStatus};
use crate::model::contact::{name_key, phone_key};
use crate::model::customer::Customer;
use crate::model::id;
use crate::model::label::{Action as LabelAction, LabelEvent, LabelJob};
use crate::model::shipment::Shipment;
use crate::model::visit::Visit;
use crate::store::table::Column;
use crate::store::{Store, Transaction, complaints, customer_history, customers, labels, shipments, visits};

type Checked = std::result::Result<(), Refused>;

/// Columns that are not content for tables that keep when a record was made and changed.
const BOOKKEEPING: &[&str] = &["id", "created", "updated"];

/// The customer a row names, as stored (`values[at]` becomes the id).
fn customer_at<'r>(refs: &'r Refs, values: &mut [String], at: usize) -> std::result::Result<&'r CustomerRef, Refused> {
    let customer = refs.customer(&values[at])?;
    values[at] = customer.id.clone();
    Ok(customer)
}

/// Customers: the duplicate rule is `customer add`'s, the same name and phone number.
pub(super) struct Customers {
    refs: Refs,
    /// Existing and added customers by normalised name and phone key.
    same: HashMap<(String, String), String>,
}

impl Customers {
    pub(super) fn new(refs: Refs) -> Result<Customers> {
        let index = &refs.index;
        let same = (0..index.rows())
            .map(|row| {
                (
                    (name_key(index.name(row)), index.phone_key(row).to_string()),
                    index.id(row).to_string(),
                )
            })
            .collect();
        Ok(Customers { refs, same })
    }
}

impl Target for Customers {
    type R = Customer;
    const KIND: &'static str = "customer";
    // i18n: not a message
    const ALIASES: &'static [(&'static str, &'static [&'static str])] = &[
        ("id", &["客户编号", "客户代码", "编码", "code"]), // i18n: not a message
        ("name", &["客户名称", "客户", "公司名称", "单位名称", "名称"]), // i18n: not a message
        ("contact", &["联系人", "联系人姓名"]),            // i18n: not a message
        ("phone", &["联系电话", "电话", "手机", "手机号", "电话号码"]), // i18n: not a message
        ("address", &["地址", "详细地址", "收货地址"]),    // i18n: not a message
        ("region", &["区域", "地区", "省份"]),             // i18n: not a message
        ("owner", &["负责人", "客服顾问", "业务员"]),      // i18n: not a message
        ("center", &["分销中心", "所属分销中心"]),         // i18n: not a message
        ("class", &["客户类别", "客户分类", "类别", "级别"]), // i18n: not a message
        ("status", &["客户状态", "状态"]),                 // i18n: not a message
        ("email", &["邮箱", "电子邮箱", "e-mail"]),        // i18n: not a message
        ("tags", &["标签"]),                               // i18n: not a message
        ("source", &["客户来源", "来源"]),                 // i18n: not a message
        ("note", &["备注", "说明"]),                       // i18n: not a message
        ("created", &["建档日期", "建档时间", "创建日期"]), // i18n: not a message
    ];
    const REQUIRED: &'static [&'static str] = &["name"];
    const NOT_CONTENT: &'static [&'static str] = BOOKKEEPING;

    fn prepare(&mut self, values: &mut [String], _line: u64) -> Checked {
        use customers::CustomerCol as C;
        let refs = &mut self.refs;
        if values[C::Id.index()].is_empty() {
            refs.new_id(&customers::TABLE, &mut values[C::Id.index()]);
        } else {
            id::validate_code("id", &values[C::Id.index()]).map_err(|e| ("id", e.to_string()))?;
        }
        let class = &mut values[C::Class.index()];
        *class = match class.as_str() {
            "" => refs.settings.company.default_class.clone(),
            given => refs
                .settings
                .class_named(given)
                .map(str::to_string)
                .ok_or_else(|| ("class", t!("customer.no_such_class", class = given).into_owned()))?,
        };
        Refs::or(&mut values[C::Status.index()], "active");
        refs.staff("owner", &mut values[C::Owner.index()])?;
        refs.center(&mut values[C::Center.index()])?;
        list(&mut values[C::Tags.index()]);
        refs.time("created", &mut values[C::Created.index()], Some(refs.now))?;
        refs.time("updated", &mut values[C::Updated.index()], Some(refs.now))?;
        refs.time("archived", &mut values[C::Archived.index()], None)
    }

    fn check(&mut self, customer: &Customer) -> Checked {
        match customer.problems(&self.refs.settings).into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    fn same_as(&mut self, customer: &Customer, has_id: bool) -> Option<String> {
        let key = (name_key(&customer.name), phone_key(&customer.phone));
        if let Some(id) = self.same.get(&key)
            && !has_id
        {
            return Some(id.clone());
        }
        self.same.insert(key, customer.id.clone());
        None
    }

    fn update_companions(&self, old: &Customer, new: &Customer, tx: &mut Transaction<'_>) -> Result<()> {
        tx.append(&customer_history::changes(old, new, self.refs.now, ""))
    }
}

/// Visits: a row's visitor defaults to the customer's owner, as with `visit add`.
pub(super) struct Visits {
    refs: Refs,
}

impl Visits {
    pub(super) fn new(refs: Refs) -> Visits {
        Visits { refs }
    }
}

impl Target for Visits {
    type R = Visit;
    const KIND: &'static str = "visit";
    // i18n: not a message
    const ALIASES: &'static [(&'static str, &'static [&'static str])] = &[
        ("id", &["回访编号", "编号"]),                              // i18n: not a message
        ("customer", &["客户", "客户名称", "客户编号"]),            // i18n: not a message
        ("date", &["回访日期", "日期", "回访时间"]),                // i18n: not a message
        ("channel", &["回访方式", "方式", "渠道"]),                 // i18n: not a message
        ("purpose", &["回访类型", "类型", "目的"]),                 // i18n: not a message
        ("by", &["回访人", "客服", "客服顾问", "负责人"]),          // i18n: not a message
        ("score", &["满意度", "评分"]),                             // i18n: not a message
        ("nps", &["推荐度", "推荐意愿"]),                           // i18n: not a message
        ("topics", &["回访内容", "内容"]),                          // i18n: not a message
        ("summary", &["回访记录", "记录", "摘要", "情况", "备注"]), // i18n: not a message
        ("next", &["下次回访", "下次回访日期"]),                    // i18n: not a message
        ("survey", &["问卷", "调查问卷"]),                          // i18n: not a message
        ("answers", &["回答", "答案"]),                             // i18n: not a message
        ("created", &["记录时间", "创建时间"]),                     // i18n: not a message
    ];
    const REQUIRED: &'static [&'static str] = &["customer", "date", "channel"];
    const NOT_CONTENT: &'static [&'static str] = BOOKKEEPING;

    fn prepare(&mut self, values: &mut [String], _line: u64) -> Checked {
        use visits::VisitCol as C;
        let refs = &mut self.refs;
        refs.new_id(&visits::TABLE, &mut values[C::Id.index()]);
        let owner = customer_at(refs, values, C::Customer.index())?.owner.clone();
        refs.date("date", &mut values[C::Date.index()])?;
        Refs::or(&mut values[C::Purpose.index()], "routine");
        refs.staff("by", &mut values[C::By.index()])?;
        if values[C::By.index()].is_empty() {
            let customer = &values[C::Customer.index()];
            values[C::By.index()] = owner.ok_or_else(|| ("by", t!("visit.no_visitor", id = customer).into_owned()))?;
        }
        let topics = &mut values[C::Topics.index()];
        list(topics);
        refs.date("next", &mut values[C::Next.index()])?;
        refs.time("created", &mut values[C::Created.index()], Some(refs.now))
    }

    fn check(&mut self, visit: &Visit) -> Checked {
        let today = self.refs.now.date_naive();
        if visit.date > today {
            return Err((
                "date",
                t!("visit.future_date", date = visit.date, today = today).into_owned(),
            ));
        }
        match visit.problems(&self.refs.settings).into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }
}

/// Complaints: each new one gets the first line of its history, as with `complaint add`.
pub(super) struct Complaints {
    refs: Refs,
}

impl Complaints {
    pub(super) fn new(refs: Refs) -> Complaints {
        Complaints { refs }
    }
}

impl Target for Complaints {
    type R = Complaint;
    const KIND: &'static str = "complaint";
    // i18n: not a message
    const ALIASES: &'static [(&'static str, &'static [&'static str])] = &[
        ("id", &["投诉编号", "编号"]),                           // i18n: not a message
        ("customer", &["客户", "客户名称", "客户编号"]),         // i18n: not a message
        ("received", &["投诉时间", "受理日期", "日期", "时间"]), // i18n: not a message
        ("channel", &["投诉渠道", "渠道", "方式"]),              // i18n: not a message
        ("category", &["投诉类别", "类别", "分类"]),             // i18n: not a message
        ("severity", &["严重程度", "级别", "等级"]),             // i18n: not a message
        ("summary", &["投诉内容", "内容", "摘要"]),              // i18n: not a message
        ("remedy_sought", &["客户诉求", "诉求"]),                // i18n: not a message
        ("handler", &["处理人", "负责人"]),                      // i18n: not a message
        ("status", &["状态", "处理状态"]),                       // i18n: not a message
        ("resolution", &["处理方案", "处理结果"]),               // i18n: not a message
        ("root_cause", &["原因分析", "原因"]),                   // i18n: not a message
        ("order", &["订单号", "订单编号"]),                      // i18n: not a message
        ("shipment", &["发货单", "发货编号"]),                   // i18n: not a message
    ];
    const REQUIRED: &'static [&'static str] = &["customer", "category", "severity", "summary"];
    const NOT_CONTENT: &'static [&'static str] = BOOKKEEPING;

    fn prepare(&mut self, values: &mut [String], _line: u64) -> Checked {
        use complaints::ComplaintCol as C;
        let refs = &mut self.refs;
        refs.new_id(&complaints::TABLE, &mut values[C::Id.index()]);
        let owner = customer_at(refs, values, C::Customer.index())?.owner.clone();
        refs.time("received", &mut values[C::Received.index()], Some(refs.now))?;
        Refs::or(&mut values[C::Channel.index()], "phone");
        let category = &mut values[C::Category.index()];
        *category = refs
            .settings
            .complaints
            .category(category)
            .map(str::to_string)
            .ok_or_else(|| {
                let known = refs.settings.complaints.categories.join(", ");
                (
                    "category",
                    t!("complaint.unknown_category", value = category.as_str(), known = known).into_owned(),
                )
            })?;
        refs.staff("handler", &mut values[C::Handler.index()])?;
        if values[C::Handler.index()].is_empty() {
            let customer = values[C::Customer.index()].clone();
            values[C::Handler.index()] =
                owner.ok_or_else(|| ("handler", t!("complaint.no_handler", customer = customer).into_owned()))?;
        }
        Refs::or(&mut values[C::Status.index()], "open");
        Refs::or(&mut values[C::Level.index()], "0");
        Refs::or(&mut values[C::Reopened.index()], "0");
        for (column, field) in [
            (C::Responded, "responded"),
            (C::Resolved, "resolved"),
            (C::Closed, "closed"),
        ] {
            refs.time(field, &mut values[column.index()], None)?;
        }
        refs.time("updated", &mut values[C::Updated.index()], Some(refs.now))
    }

    fn check(&mut self, complaint: &Complaint) -> Checked {
        if complaint.received > self.refs.now {
            return Err((
                "received",
                t!("complaint.future", at = complaint.received.to_rfc3339()).into_owned(),
            ));
        }
        if complaint.summary.trim().is_empty() {
            return Err(("summary", t!("complaint.no_summary").into_owned()));
        }
        complaint.text_problem().map_or(Ok(()), Err)
    }

    fn companions(&self, complaint: &Complaint, tx: &mut Transaction<'_>) -> Result<()> {
        let event = Event {
            complaint: complaint.id.clone(),
            at: complaint.received,
            by: complaint.handler.clone(),
            action: Action::Add,
            from_status: ComplaintStatus::Open,
            to_status: ComplaintStatus::Open,
            from_handler: String::new(),
            to_handler: complaint.handler.clone(),
            text: complaint.summary.clone(),
        };
        tx.append(std::slice::from_ref(&event))
    }
}

/// Shipments: the key is the carrier and tracking number, unique per carrier as with
/// `shipment add`; the expected arrival defaults to the carrier's transit time.
pub(super) struct Shipments {
    refs: Refs,
    /// Shipment ids by carrier and tracking number, recorded and added.
    tracking: HashMap<(String, String), String>,
}

impl Shipments {
    pub(super) fn new(store: &Store, refs: Refs) -> Result<Shipments> {
        use shipments::ShipmentCol as C;
        let mut tracking = HashMap::new();
        store.each_row(&shipments::TABLE, None, None, &mut |row| {
            let number = row.raw(C::Tracking).trim();
            if !number.is_empty() {
                tracking.insert(
                    (row.raw(C::Carrier).to_string(), number.to_string()),
                    row.raw(C::Id).to_string(),
                );
            }
            Ok(())
        })?;
        Ok(Shipments { refs, tracking })
    }
}

impl Target for Shipments {
    type R = Shipment;
    const KIND: &'static str = "shipment";
    // i18n: not a message
    const ALIASES: &'static [(&'static str, &'static [&'static str])] = &[
        ("id", &["发货编号", "发货单", "编号"]), // i18n: not a message
        ("customer", &["客户", "客户名称", "客户编号", "收货单位"]), // i18n: not a message
        ("order", &["订单号", "订单编号"]),      // i18n: not a message
        ("carrier", &["承运商", "快递公司", "物流公司"]), // i18n: not a message
        ("tracking", &["物流单号", "运单号", "快递单号", "单号"]), // i18n: not a message
        ("center", &["分销中心"]),               // i18n: not a message
        ("items", &["货品", "商品", "品名", "明细"]), // i18n: not a message
        ("shipped", &["发货日期", "发货时间"]),  // i18n: not a message
        ("eta", &["预计到达", "预计到达日期"]),  // i18n: not a message
        ("status", &["状态", "物流状态"]),       // i18n: not a message
        ("delivered", &["签收日期", "签收时间", "到达日期"]), // i18n: not a message
    ];
    const REQUIRED: &'static [&'static str] = &["customer", "carrier"];
    const NOT_CONTENT: &'static [&'static str] = &["id", "updated"];

    fn prepare(&mut self, values: &mut [String], _line: u64) -> Checked {
        use shipments::ShipmentCol as C;
        let refs = &mut self.refs;
        refs.new_id(&shipments::TABLE, &mut values[C::Id.index()]);
        let center = customer_at(refs, values, C::Customer.index())?.center.clone();
        let carrier = &values[C::Carrier.index()];
        let carrier = refs.settings.carrier(carrier).ok_or_else(|| {
            (
                "carrier",
                t!("shipment.unknown_carrier", value = carrier.as_str()).into_owned(),
            )
        })?;
        let transit = Duration::days(i64::from(carrier.transit_days));
        values[C::Carrier.index()] = carrier.name.clone();
        refs.center(&mut values[C::Center.index()])?;
        if values[C::Center.index()].is_empty() {
            values[C::Center.index()] = center.unwrap_or_default();
        }
        if values[C::Shipped.index()].is_empty() {
            values[C::Shipped.index()] = refs.now.date_naive().to_string();
        }
        let shipped = refs.date("shipped", &mut values[C::Shipped.index()])?;
        if values[C::Eta.index()].is_empty()
            && let Some(shipped) = shipped
        {
            values[C::Eta.index()] = (shipped + transit).to_string();
        }
        refs.date("eta", &mut values[C::Eta.index()])?;
        refs.time("delivered", &mut values[C::Delivered.index()], None)?;
        Refs::or(&mut values[C::Status.index()], "pending");
        refs.time("updated", &mut values[C::Updated.index()], Some(refs.now))
    }

    fn check(&mut self, shipment: &Shipment) -> Checked {
        if shipment.eta < shipment.shipped {
            let message = t!(
                "shipment.eta_before_shipped",
                eta = shipment.eta,
                shipped = shipment.shipped
            );
            return Err(("eta", message.into_owned()));
        }
        shipment.text_problem().map_or(Ok(()), Err)
    }

    fn same_as(&mut self, shipment: &Shipment, _has_id: bool) -> Option<String> {
        if shipment.tracking.is_empty() {
            return None;
        }
        let key = (shipment.carrier.clone(), shipment.tracking.clone());
        if let Some(id) = self.tracking.get(&key) {
            return Some(id.clone());
        }
        self.tracking.insert(key, shipment.id.clone());
        None
    }
}

/// Label jobs: each new one gets the first line of its history, as with `label add`.
pub(super) struct Labels {
    refs: Refs,
}

impl Labels {
    pub(super) fn new(refs: Refs) -> Labels {
        Labels { refs }
    }
}

impl Target for Labels {
    type R = LabelJob;
    const KIND: &'static str = "label";
    // i18n: not a message
    const ALIASES: &'static [(&'static str, &'static [&'static str])] = &[
        ("id", &["酒标编号", "编号"]),                       // i18n: not a message
        ("customer", &["客户", "客户名称", "客户编号"]),     // i18n: not a message
        ("order", &["订单号", "订单编号"]),                  // i18n: not a message
        ("spec", &["酒标要求", "要求", "规格", "设计要求"]), // i18n: not a message
        ("quantity", &["数量"]),                             // i18n: not a message
        ("due", &["交期", "截止日期", "要求日期"]),          // i18n: not a message
        ("status", &["状态"]),                               // i18n: not a message
        ("designer", &["设计人", "设计"]),                   // i18n: not a message
        ("approved_by", &["审批人"]),                        // i18n: not a message
    ];
    const REQUIRED: &'static [&'static str] = &["customer", "spec"];
    const NOT_CONTENT: &'static [&'static str] = &["id", "updated"];

    fn prepare(&mut self, values: &mut [String], _line: u64) -> Checked {
        use labels::LabelCol as C;
        let refs = &mut self.refs;
        refs.new_id(&labels::TABLE, &mut values[C::Id.index()]);
        let owner = customer_at(refs, values, C::Customer.index())?.owner.clone();
        refs.date("due", &mut values[C::Due.index()])?;
        Refs::or(&mut values[C::Status.index()], "requested");
        refs.staff("designer", &mut values[C::Designer.index()])?;
        if values[C::Designer.index()].is_empty() {
            values[C::Designer.index()] = owner.unwrap_or_default();
        }
        refs.staff("approved_by", &mut values[C::ApprovedBy.index()])?;
        refs.time("updated", &mut values[C::Updated.index()], Some(refs.now))
    }

    fn check(&mut self, job: &LabelJob) -> Checked {
        if job.spec.trim().is_empty() {
            return Err(("spec", t!("label.no_spec").into_owned()));
        }
        job.text_problem().map_or(Ok(()), Err)
    }

    fn companions(&self, job: &LabelJob, tx: &mut Transaction<'_>) -> Result<()> {
        let event = LabelEvent {
            job: job.id.clone(),
            at: job.updated,
            by: job.designer.clone(),
            action: LabelAction::Add,
            from_status: job.status,
            to_status: job.status,
            vendor: String::new(),
            files: Vec::new(),
            text: job.spec.clone(),
        };
        tx.append(std::slice::from_ref(&event))
    }
}

//! The names people read for a document's fields in the history, in
//! zh-CN and en: every field of a work order people edit (status,
//! priority, timeline stamps, the service record, the charge override,
//! parts, the sign-off, the filing receipt, notes), and the top-level
//! fields of the other kinds (the company settings and the monthly
//! complaint report show their paths). A path without a name of its own is named
//! by its nearest named parent and the rest of the path; failing that it
//! is shown as the path itself.

use crate::model::DocKind;
use crate::stats::Lang;

/// `(path, zh-CN, en)`, one a line: list items are written `[]`.
type Words = &'static [(&'static str, &'static str, &'static str)];

#[rustfmt::skip]
const WORK_ORDER: Words = &[
    ("number", "单号", "Order number"),
    ("order_kind", "类型", "Order type"),
    ("status", "状态", "Status"),
    ("paused_from", "暂停前状态", "Paused from"),
    ("priority", "优先级", "Priority"),
    ("customer_id", "用户", "Customer"),
    ("customer", "用户信息", "Customer details"),
    ("customer.org", "用户单位", "Customer"),
    ("customer.site_address", "现场地址", "Site address"),
    ("customer.contact", "联系人", "Contact"),
    ("customer.phone", "联系电话", "Phone"),
    ("equipment", "设备", "Equipment"),
    ("equipment.model", "设备型号", "Equipment model"),
    ("equipment.serial", "设备序列号", "Serial number"),
    ("equipment.accepted_on", "验收日期", "Accepted on"),
    ("equipment.original_end_user", "原始最终用户", "Original end user"),
    ("contract_id", "维保合同", "Contract"),
    ("fault", "故障描述", "Fault"),
    ("reported_at", "报修时间", "Reported at"),
    ("visit_needed", "需要上门", "Visit needed"),
    ("repair_items", "维修项目", "Repair items"),
    ("repair_items[]", "维修项目", "Repair item"),
    ("estimate_fen", "预估费用", "Estimate"),
    ("appointment", "预约时间", "Appointment"),
    ("assignee", "负责工程师", "Engineer"),
    ("experts", "协助专家", "Experts"),
    ("experts[]", "协助专家", "Expert"),
    ("timeline", "时间节点", "Timeline"),
    ("timeline.responded_at", "响应时间", "Responded at"),
    ("timeline.departed_at", "出发时间", "Departed at"),
    ("timeline.arrived_at", "到达时间", "Arrived at"),
    ("timeline.resolved_at", "解决时间", "Resolved at"),
    ("history", "状态记录", "Status history"),
    ("history[]", "状态变更", "Status change"),
    ("service", "服务记录", "Service record"),
    ("service.work_done", "处理过程", "Work done"),
    ("service.findings", "检查结果", "Findings"),
    ("service.labour_minutes", "工时（分钟）", "Labour (minutes)"),
    ("service.travel_fen", "差旅费", "Travel"),
    ("service.lodging_fen", "住宿费", "Lodging"),
    ("parts_used", "使用备件", "Parts used"),
    ("parts_used[]", "使用备件", "Part used"),
    ("parts_used[].qty", "备件数量", "Part quantity"),
    ("parts_used[].unit_cost_fen", "备件成本", "Part cost"),
    ("parts_used[].standard_price_fen", "备件标准价", "Part list price"),
    ("charge_override", "收费调整", "Charge override"),
    ("charge_override.amount_fen", "调整后收费", "Charge amount"),
    ("charge_override.reason", "调整原因", "Override reason"),
    ("charge_override.by", "调整人", "Overridden by"),
    ("charge_override.at", "调整时间", "Overridden at"),
    ("loaner", "备用机", "Loaner"),
    ("loaner.model", "备用机型号", "Loaner model"),
    ("loaner.serial", "备用机序列号", "Loaner serial"),
    ("loaner.issued_at", "备用机借出时间", "Loaner issued at"),
    ("loaner.returned_at", "备用机归还时间", "Loaner returned at"),
    ("planned", "计划维保", "Planned visit"),
    ("checklist", "检查清单", "Checklist"),
    ("checklist[]", "检查项", "Checklist item"),
    ("checklist[].done", "检查项完成", "Checklist item done"),
    ("notes", "备注", "Notes"),
    ("notes[]", "备注", "Note"),
    ("notes[].text", "备注内容", "Note text"),
    ("signoff", "用户签字", "Sign-off"),
    ("signoff.signer", "签字人", "Signed by"),
    ("signoff.signed_at", "签字时间", "Signed at"),
    ("signoff.opinion", "用户意见", "Customer's opinion"),
    ("signoff.satisfaction", "满意度", "Satisfaction"),
    ("signoff.matches_agreed_items", "与约定项目一致", "Matches agreed items"),
    ("signoff.strokes", "签名笔迹", "Signature"),
    ("signoff.charges_json", "签字时费用", "Charges signed"),
    ("signoff.content_hash", "签字内容哈希", "Signed content hash"),
    ("filing", "归档回执", "Filing receipt"),
    ("filing.received_at", "归档时间", "Filed at"),
    ("filing.content_hash", "归档内容哈希", "Filed content hash"),
    ("filing.via", "归档途径", "Filed via"),
    ("tamper_flag", "篡改标记", "Tamper flag"),
    ("tamper_flag.detected_at", "发现篡改时间", "Tampering detected at"),
    ("tamper_flag.reason", "篡改原因", "Tampering reason"),
    ("follow_ups", "回访", "Follow-ups"),
    ("follow_ups[]", "回访", "Follow-up"),
    ("created_at", "创建时间", "Created at"),
    ("created_by", "创建人", "Created by"),
];

const PICKUP: Words = &[
    ("part_id", "备件", "Part"),
    ("part_no", "备件号", "Part number"),
    ("name", "名称", "Name"),
    ("qty", "数量", "Quantity"),
    ("serials", "序列号", "Serial numbers"),
    ("serials[]", "序列号", "Serial number"),
    ("work_order_id", "工单", "Work order"),
    ("work_order_no", "工单号", "Order number"),
    ("engineer", "工程师", "Engineer"),
    ("warehouse", "仓库", "Warehouse"),
    ("picked_at", "领用时间", "Picked at"),
    ("used", "已用", "Used"),
    ("returned", "已退回", "Returned"),
    ("confirmed", "领用确认", "Pickup confirmed"),
    ("return_confirmed", "退库确认", "Return confirmed"),
];

const PART: Words = &[
    ("part_no", "备件号", "Part number"),
    ("name", "名称", "Name"),
    ("unit_cost_fen", "成本价", "Unit cost"),
    ("standard_price_fen", "标准价", "List price"),
    ("low_threshold", "低库存线", "Low-stock threshold"),
    ("unit", "单位", "Unit"),
    ("retired", "停用", "Retired"),
    ("stock", "库存", "Stock"),
    ("moves", "库存流水", "Stock movements"),
    ("moves[]", "库存流水", "Stock movement"),
];

const CUSTOMER: Words = &[
    ("org", "单位名称", "Organisation"),
    ("site_address", "地址", "Address"),
    ("contact", "联系人", "Contact"),
    ("phone", "电话", "Phone"),
    ("sites", "现场", "Sites"),
    ("sites[]", "现场", "Site"),
    ("contacts", "联系人", "Contacts"),
    ("contacts[]", "联系人", "Contact"),
    ("key_customer", "重点用户", "Key customer"),
    ("equipment", "设备", "Equipment"),
    ("equipment[]", "设备", "Equipment"),
    ("last_survey_at", "上次满意度调查", "Last survey"),
    ("last_visit_at", "上次走访", "Last visit"),
];

#[rustfmt::skip]
const CONTRACT: Words = &[
    ("number", "合同号", "Contract number"),
    ("customer_id", "用户", "Customer"),
    ("equipment_serials", "设备序列号", "Equipment serials"),
    ("equipment_serials[]", "设备序列号", "Equipment serial"),
    ("starts_on", "开始日期", "Starts on"),
    ("ends_on", "结束日期", "Ends on"),
    ("labour_fen_per_hour", "工时单价", "Labour rate"),
    ("parts", "备件条款", "Parts terms"),
    ("travel_free", "免差旅费", "Travel free"),
    ("lodging_free", "免住宿费", "Lodging free"),
    ("visit_every_months", "巡检周期（月）", "Visit every (months)"),
];

const COMPLAINT: Words = &[
    ("customer_id", "用户", "Customer"),
    ("class", "类别", "Class"),
    ("order_no", "订单号", "Order number"),
    ("part_no", "备件号", "Part number"),
    ("delivered_on", "交付日期", "Delivered on"),
    ("quantity", "数量", "Quantity"),
    ("defective_qty", "不良数量", "Defective"),
    ("request", "用户要求", "Request"),
    ("details", "详情", "Details"),
    ("received_at", "受理时间", "Received at"),
    ("steps", "处理步骤", "Steps"),
    ("steps[]", "处理步骤", "Step"),
    ("closed_at", "关闭时间", "Closed at"),
    ("work_order_id", "工单", "Work order"),
    ("created_by", "登记人", "Created by"),
    ("closed_by", "关闭人", "Closed by"),
    ("not_ours", "非我方责任", "Not ours"),
];

const FOLLOW_UP: Words = &[
    ("origin", "来源", "Origin"),
    ("work_order_id", "工单", "Work order"),
    ("wo_number", "工单号", "Order number"),
    ("customer_id", "用户", "Customer"),
    ("customer", "用户信息", "Customer details"),
    ("channel", "回访方式", "Channel"),
    ("planned_on", "计划日期", "Planned on"),
    ("created_at", "创建时间", "Created at"),
    ("created_by", "创建人", "Created by"),
    ("record", "回访结果", "Result"),
    ("record.outcome", "回访结果", "Outcome"),
    ("record.satisfaction", "满意度", "Satisfaction"),
    ("record.remarks", "备注", "Remarks"),
    ("record.at", "回访时间", "Followed up at"),
    ("record.by", "回访人", "Followed up by"),
];

const SURVEY: Words = &[
    ("customer_id", "用户", "Customer"),
    ("org", "单位名称", "Organisation"),
    ("surveyed_at", "调查时间", "Surveyed at"),
    ("satisfaction", "满意度", "Satisfaction"),
    ("remarks", "备注", "Remarks"),
    ("by", "调查人", "Surveyed by"),
    ("recorded_at", "记录时间", "Recorded at"),
];

fn words(kind: Option<DocKind>) -> Words {
    match kind {
        Some(DocKind::WorkOrder) => WORK_ORDER,
        Some(DocKind::Pickup) => PICKUP,
        Some(DocKind::Part) => PART,
        Some(DocKind::Customer) => CUSTOMER,
        Some(DocKind::Contract) => CONTRACT,
        Some(DocKind::Complaint) => COMPLAINT,
        Some(DocKind::FollowUp) => FOLLOW_UP,
        Some(DocKind::Survey) => SURVEY,
        _ => &[],
    }
}

fn pick(zh: &'static str, en: &'static str, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The row that created the document.
pub fn created(lang: Lang) -> &'static str {
    pick("创建", "Created", lang)
}

/// The name shown for a writer the server has not vouched for.
pub fn unknown(lang: Lang) -> &'static str {
    pick("未知", "unknown", lang)
}

/// The name shown for a planned visit's derived writer.
pub fn planned(lang: Lang) -> &'static str {
    pick("办公室（自动计划）", "office (planned automatically)", lang)
}

/// `path` with every list index written `[]`.
fn pattern(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// The trailing list index of `path` (`notes[3]` → 3).
fn trailing_index(path: &str) -> Option<usize> {
    let inner = path.strip_suffix(']')?;
    inner[inner.rfind('[')? + 1..].parse().ok()
}

/// The name of field `path` of a document of `kind` in `lang`: its own
/// name (a list item's with its number, `备注 #4`), else its nearest named
/// parent's with the rest of the path (`用户签字 · strokes[0]`), else the
/// path. The empty path is the document's creation.
pub fn label(kind: Option<DocKind>, path: &str, lang: Lang) -> String {
    if path.is_empty() {
        return created(lang).to_string();
    }
    let table = words(kind);
    let find = |p: &str| {
        table
            .iter()
            .find(|(k, _, _)| *k == p)
            .map(|(_, zh, en)| pick(zh, en, lang))
    };
    let pat = pattern(path);
    if let Some(name) = find(&pat) {
        return match (pat.ends_with("[]"), trailing_index(path)) {
            (true, Some(i)) => format!("{name} #{}", i + 1),
            _ => name.to_string(),
        };
    }
    // The nearest named parent: cut the raw path at each '.' or '[' from
    // the right.
    let cuts: Vec<usize> = path
        .char_indices()
        .filter(|(_, c)| *c == '.' || *c == '[')
        .map(|(i, _)| i)
        .collect();
    for &at in cuts.iter().rev() {
        let (head, rest) = path.split_at(at);
        if let Some(name) = find(&pattern(head)) {
            let rest = rest.trim_start_matches('.');
            let name = match trailing_index(head) {
                Some(i) if pattern(head).ends_with("[]") => format!("{name} #{}", i + 1),
                _ => name.to_string(),
            };
            return format!("{name} · {rest}");
        }
    }
    path.to_string()
}

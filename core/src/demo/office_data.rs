//! The office's demo tables: the orders closed last month and this month
//! (and the follow-up calls made after some of them), the complaints at
//! their different steps, the customers' last yearly survey and visit, and
//! one planned visit. Times are relative to the day the demo is seeded, in
//! the company's time zone ([`When`]). The complaints are kept as JSON
//! beside this file (`complaints.json`), read once.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::complaints::NewComplaint;
use crate::followups::FollowUpOutcome;
use crate::model::Priority;

use super::data::{json_table, BRANCH};
use super::Visit;
use crate::model::MAIN_WAREHOUSE;

/// A demo instant, relative to the seeding. In the JSON tables:
/// `{"last_month": [day, hour, minute]}`, `{"this_month": hours}`, `"now"`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum When {
    /// Day, hour and minute of the month before the seeding's.
    LastMonth(u32, u32, u32),
    /// This many hours before the seeding, kept inside this month.
    ThisMonth(i64),
    /// The seeding itself.
    Now,
}

/// The follow-up call the office made after closing an order.
pub(super) struct Called {
    /// Days after the closing.
    pub days_after: i64,
    /// The customer's satisfaction, 1–5.
    pub satisfaction: i64,
    /// What the call found.
    pub outcome: FollowUpOutcome,
    /// Remarks.
    pub remarks: &'static str,
}

/// An order the engineer signed and the office closed once it was filed.
pub(super) struct ClosedOrder {
    /// Index into the customers.
    pub customer: usize,
    /// Index into the customer's equipment.
    pub equipment: usize,
    /// Priority.
    pub priority: Priority,
    /// The fault as called in (unique: it finds the order again to close it).
    pub fault: &'static str,
    /// The engineer's user name.
    pub engineer: &'static str,
    /// What was done and signed.
    pub visit: Visit,
    /// When the office closed it (`LastMonth` or `Now`).
    pub closed: When,
    /// The follow-up call, when made; `None`: still open.
    pub called: Option<Called>,
}

const fn called(
    days_after: i64,
    satisfaction: i64,
    outcome: FollowUpOutcome,
    remarks: &'static str,
) -> Option<Called> {
    Some(Called {
        days_after,
        satisfaction,
        outcome,
        remarks,
    })
}

/// Six orders closed last month, two this month (none with a contract:
/// their charges are the warranty tier's); three used spare parts, from
/// both warehouses.
pub(super) const CLOSED: [ClosedOrder; 8] = [
    ClosedOrder {
        customer: 3,
        equipment: 0,
        priority: Priority::P2,
        fault: "液相色谱仪泵头漏液，压力无法建立",
        engineer: "liujinfeng",
        visit: Visit {
            work_done: "更换柱塞密封圈，清洗单向阀，保压测试合格",
            findings: "柱塞密封圈磨损漏液",
            signer: "陈晓燕",
            opinion: "处理及时，泵压恢复稳定",
            satisfaction: 5,
            parts: &[("LC-SEAL-01", 2, MAIN_WAREHOUSE)],
        },
        closed: When::LastMonth(5, 16, 0),
        called: called(2, 4, FollowUpOutcome::Fine, "运行正常，用户满意"),
    },
    ClosedOrder {
        customer: 5,
        equipment: 0,
        priority: Priority::P3,
        fault: "原子吸收石墨炉升温异常，测定结果偏低",
        engineer: "tangrong",
        visit: Visit {
            work_done: "清洁石墨管接触面，更换石墨管，重新校准炉温",
            findings: "石墨管老化，接触不良",
            signer: "周涛",
            opinion: "问题已解决",
            satisfaction: 5,
            parts: &[],
        },
        closed: When::LastMonth(9, 15, 30),
        called: called(1, 5, FollowUpOutcome::Fine, ""),
    },
    ClosedOrder {
        customer: 0,
        equipment: 1,
        priority: Priority::P2,
        fault: "气相色谱仪TCD基线漂移，无法稳定",
        engineer: "xiaotianyu",
        visit: Visit {
            work_done: "更换TCD热丝和进样垫，气路检漏，重新老化色谱柱",
            findings: "热丝老化，进样垫处微漏",
            signer: "张明",
            opinion: "基线基本稳定，继续观察",
            satisfaction: 4,
            parts: &[("GC-SEP-11", 1, BRANCH)],
        },
        closed: When::LastMonth(13, 17, 0),
        called: called(
            3,
            3,
            FollowUpOutcome::NeedsAction,
            "用户反映基线偶有漂移，下次巡检时复查",
        ),
    },
    ClosedOrder {
        customer: 7,
        equipment: 1,
        priority: Priority::P3,
        fault: "自动进样器取样量不准，重复性差",
        engineer: "chenqin",
        visit: Visit {
            work_done: "更换进样针，校准进样量，重复性测试 RSD 0.8%",
            findings: "进样针针尖磨损",
            signer: "吴俊",
            opinion: "满意",
            satisfaction: 5,
            parts: &[],
        },
        closed: When::LastMonth(18, 11, 0),
        called: None,
    },
    ClosedOrder {
        customer: 6,
        equipment: 0,
        priority: Priority::P2,
        fault: "ICP雾化器堵塞，信号强度下降",
        engineer: "liujinfeng",
        visit: Visit {
            work_done: "清洗雾化器及雾室，更换蠕动泵管，信号恢复",
            findings: "高盐样品导致雾化器堵塞",
            signer: "杨敏",
            opinion: "响应很快，感谢",
            satisfaction: 5,
            parts: &[],
        },
        closed: When::LastMonth(22, 16, 0),
        called: called(2, 5, FollowUpOutcome::Fine, "用户对响应速度满意"),
    },
    ClosedOrder {
        customer: 7,
        equipment: 0,
        priority: Priority::P4,
        fault: "季度预防性维护：波长校准与光源检查",
        engineer: "chenqin",
        visit: Visit {
            work_done: "波长校准，检查钨灯、氘灯能量，清洁样品室",
            findings: "各项指标正常",
            signer: "吴俊",
            opinion: "按计划完成维护",
            satisfaction: 4,
            parts: &[],
        },
        closed: When::LastMonth(26, 10, 0),
        called: None,
    },
    ClosedOrder {
        customer: 1,
        equipment: 0,
        priority: Priority::P3,
        fault: "色谱柱老化，峰形拖尾",
        engineer: "tangrong",
        visit: Visit {
            work_done: "更换色谱柱和进样垫，老化后测试标样，峰形正常",
            findings: "色谱柱使用超过两年，固定相流失",
            signer: "王丽",
            opinion: "峰形已恢复",
            satisfaction: 4,
            parts: &[("GC-SEP-11", 1, MAIN_WAREHOUSE)],
        },
        closed: When::Now,
        called: None,
    },
    ClosedOrder {
        customer: 4,
        equipment: 0,
        priority: Priority::P2,
        fault: "原子吸收光谱仪乙炔流量报警，无法点火",
        engineer: "xiaotianyu",
        visit: Visit {
            work_done: "更换乙炔流量传感器，检漏，点火测试正常",
            findings: "流量传感器损坏",
            signer: "赵刚",
            opinion: "维修及时",
            satisfaction: 5,
            parts: &[],
        },
        closed: When::Now,
        called: None,
    },
];

/// A complaint (`complaints.json`) and how far the office has handled it.
#[derive(Debug, Deserialize)]
pub(super) struct ComplaintSeed {
    /// Index into the customers.
    pub customer: usize,
    /// Index into [`CLOSED`]: the order it is about, if any.
    pub order: Option<usize>,
    /// When it came in.
    pub received: When,
    /// Delivered this many days before it came in.
    pub delivered_days_before: Option<i64>,
    /// The steps taken, in order (confirm, analyse, agree, track).
    pub steps: Vec<StepSeed>,
    /// Found not ours (after the analysis): when, and what the customer was told.
    pub not_ours: Option<(When, String)>,
    /// When it was closed (after the four steps).
    pub closed: Option<When>,
    /// The rest of the form as the office fills it in (class, order and
    /// part numbers, quantities, request, details).
    #[serde(flatten)]
    pub form: NewComplaint,
}

/// A step the office took on a demo complaint.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StepSeed {
    pub at: When,
    /// Who took it.
    pub owner: String,
    /// What was done or found.
    pub note: String,
}

/// Three complaints last month (one of each class: one closed, one found
/// not ours and waiting for its last step, one not yet confirmed) and one
/// this month, waiting for its analysis; in `complaints.json`.
pub(super) static COMPLAINTS: LazyLock<Vec<ComplaintSeed>> =
    LazyLock::new(|| json_table(include_str!("complaints.json")));

/// A customer's last yearly survey before the demo: months and days ago,
/// satisfaction, remarks.
pub(super) type SurveySeed = (u32, i64, i64, &'static str);

/// A customer's last survey and last visit (months and days ago); `None`:
/// never.
pub(super) type CareSeed = (Option<SurveySeed>, Option<(u32, i64)>);

/// Per customer (same order as the customers). Listed as due: 成都
/// and 贵州 never surveyed, 包头 and 重庆 overdue, 内蒙古 due within the
/// month; 内蒙古's yearly visit overdue, 云南 never visited (a visit is
/// planned, [`PLANNED_VISIT`]).
pub(super) const CARE: [CareSeed; 8] = [
    (Some((11, 14, 4, "希望缩短备件到货时间")), Some((13, 0))),
    (Some((14, 0, 3, "")), None),
    (Some((5, 0, 5, "对工程师的技术水平满意")), Some((2, 0))),
    (None, None),
    (Some((12, 3, 4, "")), Some((9, 0))),
    (Some((8, 0, 4, "")), None),
    (Some((6, 0, 5, "")), None),
    (None, None),
];

/// The planned visit: customer index, days ahead.
pub(super) const PLANNED_VISIT: (usize, u64) = (6, 5);

//! The office's demo tables: the orders closed last month and this month
//! (and the follow-up calls made after some of them), the complaints at
//! their different steps, the customers' last yearly survey and visit, and
//! one planned visit. Times are relative to the day the demo is seeded, in
//! the company's time zone ([`When`]).

use crate::followups::FollowUpOutcome;
use crate::model::{ComplaintClass, Priority};

use super::data::BRANCH;
use super::Visit;
use crate::model::MAIN_WAREHOUSE;

/// A demo instant, relative to the seeding.
#[derive(Debug, Clone, Copy)]
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

/// A complaint and how far the office has handled it.
pub(super) struct ComplaintSeed {
    /// Class.
    pub class: ComplaintClass,
    /// Index into the customers.
    pub customer: usize,
    /// Index into [`CLOSED`]: the order it is about, if any.
    pub order: Option<usize>,
    /// When it came in.
    pub received: When,
    /// Order number 订单编号.
    pub order_no: &'static str,
    /// Part number 料号.
    pub part_no: &'static str,
    /// Delivered this many days before it came in.
    pub delivered_days_before: Option<i64>,
    /// Quantity and defective quantity.
    pub quantity: (i64, i64),
    /// What the customer asks for.
    pub request: &'static str,
    /// What it is about.
    pub details: &'static str,
    /// The steps taken, in order (confirm, analyse, agree, track): when, owner, text.
    pub steps: &'static [(When, &'static str, &'static str)],
    /// Found not ours (after the analysis): when, and what the customer was told.
    pub not_ours: Option<(When, &'static str)>,
    /// When it was closed (after the four steps).
    pub closed: Option<When>,
}

/// Three complaints last month (one of each class: one closed, one found
/// not ours and waiting for its last step, one not yet confirmed) and one
/// this month, waiting for its analysis.
pub(super) const COMPLAINTS: [ComplaintSeed; 4] = [
    ComplaintSeed {
        class: ComplaintClass::Quality,
        customer: 3,
        order: Some(0),
        received: When::LastMonth(19, 10, 20),
        order_no: "XS-20418",
        part_no: "LC-SEAL-01",
        delivered_days_before: Some(16),
        quantity: (2, 1),
        request: "免费更换密封圈并检查泵头",
        details: "上次维修更换的柱塞密封圈使用两周后再次漏液，影响日常检测",
        steps: &[
            (
                When::LastMonth(19, 14, 0),
                "王海",
                "电话确认：泵头处漏液，约每小时数滴，仪器仍可使用",
            ),
            (
                When::LastMonth(21, 10, 0),
                "刘锦峰",
                "拆检返回的密封圈：该批次尺寸偏小 0.05 mm，属来料质量问题",
            ),
            (
                When::LastMonth(22, 9, 30),
                "王海",
                "与用户商定：免费更换新批次密封圈，该部件保修延长 6 个月",
            ),
            (
                When::LastMonth(24, 16, 0),
                "刘锦峰",
                "上门更换新批次密封圈，保压测试合格；两日后电话确认无漏液",
            ),
        ],
        not_ours: None,
        closed: Some(When::LastMonth(27, 9, 0)),
    },
    ComplaintSeed {
        class: ComplaintClass::NonQualityHuman,
        customer: 2,
        order: None,
        received: When::LastMonth(11, 9, 40),
        order_no: "XS-20377",
        part_no: "LC-LAMP-D2",
        delivered_days_before: Some(45),
        quantity: (1, 1),
        request: "要求免费更换氘灯",
        details: "新换的氘灯使用一个多月即能量不足，用户认为氘灯质量有问题",
        steps: &[
            (
                When::LastMonth(11, 15, 0),
                "王海",
                "电话确认：氘灯能量低，检测器报警，无法测样",
            ),
            (
                When::LastMonth(13, 11, 0),
                "汤戎",
                "查看仪器日志：氘灯累计点亮约 2100 小时，超过额定寿命 2000 小时；用户长期不关灯",
            ),
            (
                When::LastMonth(16, 10, 0),
                "王海",
                "用户接受说明，同意按成本价购买新氘灯，由汤戎下次上门时更换",
            ),
        ],
        not_ours: Some((
            When::LastMonth(13, 17, 0),
            "已向用户说明：氘灯能量下降是连续点亮超过额定寿命所致，不是氘灯质量问题；建议不测样时关闭氘灯，新灯可按成本价提供",
        )),
        closed: None,
    },
    ComplaintSeed {
        class: ComplaintClass::Other,
        customer: 1,
        order: None,
        received: When::LastMonth(25, 11, 0),
        order_no: "",
        part_no: "",
        delivered_days_before: None,
        quantity: (0, 0),
        request: "今后请按预约时间到场，或提前电话通知",
        details: "约定上午到场的工程师下午才到，事先没有电话通知",
        steps: &[],
        not_ours: None,
        closed: None,
    },
    ComplaintSeed {
        class: ComplaintClass::Quality,
        customer: 6,
        order: None,
        received: When::ThisMonth(26),
        order_no: "XS-20512",
        part_no: "ICP-TORCH",
        delivered_days_before: Some(10),
        quantity: (1, 1),
        request: "更换新炬管并说明原因",
        details: "新到货的石英炬管安装使用一周后出现裂纹",
        steps: &[(
            When::ThisMonth(20),
            "王海",
            "与用户视频确认：炬管外管有一条纵向裂纹，已停用",
        )],
        not_ours: None,
        closed: None,
    },
];

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

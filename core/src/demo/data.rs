//! The demo tables: the engineers, customers with their equipment, the
//! contract, the parts catalogue and the open orders with the status each
//! is driven to.

use chrono::{Months, NaiveDate};

use crate::model::*;
use crate::rules::state::Action;

/// The five on-call engineers: user name and name.
pub const ENGINEERS: [(&str, &str); 5] = [
    ("yangjinwei", "杨金伟"),
    ("tangrong", "汤戎"),
    ("liujinfeng", "刘锦峰"),
    ("xiaotianyu", "肖添玉"),
    ("chenqin", "陈勤"),
];

/// (org, address, contact, phone, key customer, equipment: (model, serial, months since acceptance, original end user)).
type CustomerSeed = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    &'static [(&'static str, &'static str, u32, bool)],
);

pub(super) const CUSTOMERS: [CustomerSeed; 8] = [
    (
        "内蒙古自治区农牧业科学院",
        "内蒙古呼和浩特市玉泉区昭君路22号",
        "张明",
        "0471-5900123",
        true,
        &[
            ("GC-2030 气相色谱仪", "GC2030-NM-0117", 6, true),
            ("GC-2014 气相色谱仪", "GC2014-NM-0032", 8, false),
        ],
    ),
    (
        "包头市环境监测中心站",
        "内蒙古包头市昆都仑区钢铁大街65号",
        "王丽",
        "0472-2150088",
        false,
        &[("GC-2014 气相色谱仪", "GC2014-BT-0451", 24, true)],
    ),
    (
        "四川省疾病预防控制中心",
        "四川省成都市武侯区中学路6号",
        "李强",
        "028-85586000",
        true,
        &[("LC-20AT 液相色谱仪", "LC20-SC-1288", 30, true)],
    ),
    (
        "成都市食品药品检验研究院",
        "四川省成都市高新区天彭路8号",
        "陈晓燕",
        "028-87654321",
        false,
        &[("LC-20AT 液相色谱仪", "LC20-CD-0907", 10, true)],
    ),
    (
        "重庆市农业委员会检测中心",
        "重庆市渝北区龙溪街道松牌路",
        "赵刚",
        "023-67891234",
        true,
        &[
            ("AAS-7000 原子吸收光谱仪", "AAS7-CQ-0310", 42, true),
            ("UV-2600 紫外分光光度计", "UV26-CQ-0555", 20, true),
        ],
    ),
    (
        "重庆市万州区环境监测站",
        "重庆市万州区高笋塘路18号",
        "周涛",
        "023-58123456",
        false,
        &[("AAS-7000 原子吸收光谱仪", "AAS7-WZ-0102", 60, true)],
    ),
    (
        "云南省产品质量监督检验研究院",
        "云南省昆明市盘龙区白龙路",
        "杨敏",
        "0871-65112233",
        true,
        &[(
            "ICP-9820 电感耦合等离子体发射光谱仪",
            "ICP98-YN-0044",
            40,
            true,
        )],
    ),
    (
        "贵州省分析测试研究院",
        "贵州省贵阳市南明区新华路110号",
        "吴俊",
        "0851-85823456",
        false,
        &[
            ("UV-2600 紫外分光光度计", "UV26-GZ-0780", 14, true),
            ("GC-2030 气相色谱仪", "GC2030-GZ-0219", 3, true),
        ],
    ),
];

/// The demo company's second warehouse.
pub const BRANCH: &str = "branch";

/// The demo company's warehouses: 总库 and 分库.
pub fn warehouses() -> Vec<crate::settings::Warehouse> {
    vec![
        crate::settings::Warehouse::main(),
        crate::settings::Warehouse {
            code: BRANCH.into(),
            name: "分库".into(),
        },
    ]
}

/// The loaner pool 备用机: three units (the repair awaiting parts has
/// [`LOANER_OUT`] out).
pub fn loaners() -> Vec<crate::settings::LoanerUnit> {
    [
        ("GC-2030 气相色谱仪", "LN-GC-01"),
        ("LC-20A 液相色谱仪", "LN-LC-01"),
        ("AA-7000 原子吸收光谱仪", "LN-AA-01"),
    ]
    .into_iter()
    .map(|(model, serial)| crate::settings::LoanerUnit {
        model: model.into(),
        serial: serial.into(),
        retired: false,
    })
    .collect()
}

/// The loaner unit out on the order awaiting parts: (model, serial).
pub(super) const LOANER_OUT: (&str, &str) = ("AA-7000 原子吸收光谱仪", "LN-AA-01");

/// (part no, name, unit cost fen, standard price fen, stock in `main`
/// (half as many in `branch`), low threshold).
pub(super) const PARTS: [(&str, &str, i64, i64, i64, i64); 10] = [
    ("GC-SEP-11", "进样垫（11mm）", 1_500, 3_000, 40, 10),
    ("GC-LNR-02", "分流衬管", 8_000, 15_000, 12, 4),
    ("LC-SEAL-01", "柱塞密封圈", 6_000, 12_000, 3, 5),
    ("LC-LAMP-D2", "氘灯", 180_000, 320_000, 4, 1),
    ("AAS-HCL-CU", "铜空心阴极灯", 90_000, 160_000, 5, 2),
    ("ICP-TORCH", "石英炬管", 120_000, 210_000, 1, 1),
    ("UV-LAMP-W", "钨灯", 20_000, 45_000, 8, 2),
    ("PWR-24V", "24V电源模块", 45_000, 88_000, 6, 2),
    ("PUMP-CV", "单向阀", 25_000, 52_000, 10, 3),
    ("FUSE-5A", "保险丝 5A", 200, 800, 100, 20),
];

/// (customer index, equipment index, priority, fault, engineer, hours since the call, target status).
type OrderSeed = (
    usize,
    usize,
    Priority,
    &'static str,
    Option<&'static str>,
    i64,
    &'static str,
);

pub(super) const ORDERS: [OrderSeed; 12] = [
    (
        0,
        0,
        Priority::P1,
        "气相色谱仪FID无法点火，检测器无信号，样品检测全部停止",
        Some("yangjinwei"),
        0,
        "assigned",
    ),
    (
        2,
        0,
        Priority::P2,
        "液相色谱仪泵压力波动大，基线噪声高",
        Some("tangrong"),
        3,
        "responded",
    ),
    (
        4,
        0,
        Priority::P1,
        "原子吸收光谱仪开机自检失败，无法测样",
        Some("liujinfeng"),
        20,
        "en_route",
    ),
    (
        6,
        0,
        Priority::P2,
        "ICP炬管烧蚀，等离子体无法维持",
        Some("yangjinwei"),
        26,
        "on_site",
    ),
    (
        7,
        0,
        Priority::P3,
        "紫外分光光度计波长校准报错",
        Some("xiaotianyu"),
        50,
        "awaiting_parts",
    ),
    (
        1,
        0,
        Priority::P3,
        "色谱工作站频繁报通讯错误",
        Some("chenqin"),
        5,
        "resolved",
    ),
    (3, 0, Priority::P4, "咨询梯度洗脱方法优化", None, 24, "new"),
    (
        5,
        0,
        Priority::P2,
        "原子吸收空心阴极灯能量偏低，灵敏度下降",
        Some("tangrong"),
        // A week ago: its fix clock is past due, so the board prompts for
        // a loaner.
        168,
        "on_hold",
    ),
    (
        2,
        0,
        Priority::P4,
        "季度预防性维护：检查、调整、清洁",
        Some("liujinfeng"),
        1,
        "assigned",
    ),
    (
        0,
        1,
        Priority::P3,
        "进样针弯曲，自动进样器报错",
        Some("xiaotianyu"),
        6,
        "on_site",
    ),
    (
        4,
        1,
        Priority::P2,
        "紫外检测器钨灯不亮",
        Some("yangjinwei"),
        48,
        "signed",
    ),
    (
        7,
        1,
        Priority::P1,
        "柱温箱温度失控，超温报警",
        None,
        0,
        "new",
    ),
];

const CONTRACT_SUFFIX: &str = "demo-01";
/// The id of each demo customer's one site.
const DEMO_SITE: &str = "site-1";

pub(super) fn months_before(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(months)).unwrap_or(day)
}

/// The id of the demo customer at `index` in [`CUSTOMERS`].
pub(super) fn customer_id(index: usize) -> DocId {
    DocId::with_suffix(DocKind::Customer, &format!("demo-{:02}", index + 1))
}

pub(super) fn customers(today: NaiveDate) -> Vec<Customer> {
    CUSTOMERS
        .iter()
        .enumerate()
        .map(|(i, (org, addr, contact, phone, key, eqs))| Customer {
            id: customer_id(i),
            org: (*org).into(),
            site_address: (*addr).into(),
            contact: (*contact).into(),
            phone: (*phone).into(),
            sites: vec![Site {
                id: DEMO_SITE.into(),
                name: String::new(),
                address: (*addr).into(),
            }],
            contacts: vec![Contact {
                id: "contact-1".into(),
                name: (*contact).into(),
                phones: vec![(*phone).into()],
            }],
            key_customer: *key,
            equipment: eqs
                .iter()
                .map(|(model, serial, months, original)| Equipment {
                    serial: (*serial).into(),
                    model: (*model).into(),
                    accepted_on: Some(Day(months_before(today, *months))),
                    original_end_user: *original,
                    contract_id: (i == 2)
                        .then(|| DocId::with_suffix(DocKind::Contract, CONTRACT_SUFFIX)),
                    site_id: Some(DEMO_SITE.into()),
                })
                .collect(),
            last_survey_at: None,
            last_visit_at: None,
        })
        .collect()
}

pub(super) fn contract(today: NaiveDate, customer: &Customer) -> Contract {
    Contract {
        id: DocId::with_suffix(DocKind::Contract, CONTRACT_SUFFIX),
        number: "HT-2025-017".into(),
        customer_id: customer.id.clone(),
        equipment_serials: customer
            .equipment
            .iter()
            .map(|e| e.serial.clone())
            .collect(),
        starts_on: Day(months_before(today, 3)),
        ends_on: Day(today.checked_add_months(Months::new(9)).unwrap_or(today)),
        labour_fen_per_hour: 0,
        parts: ContractParts::AtCost,
        travel_free: true,
        lodging_free: true,
        visit_every_months: 3,
    }
}

pub(super) fn part(p: &(&str, &str, i64, i64, i64, i64)) -> Part {
    Part {
        id: DocId::with_suffix(DocKind::Part, p.0),
        part_no: p.0.into(),
        name: p.1.into(),
        unit_cost_fen: p.2,
        standard_price_fen: p.3,
        low_threshold: p.5,
        unit: "个".into(),
        retired: false,
    }
}

/// The actions that take a new order to `target`.
pub(super) fn path_to(target: &str) -> &'static [Action] {
    use Action::*;
    match target {
        "responded" => &[Respond],
        "en_route" => &[Respond, Depart],
        "on_site" => &[Respond, Depart, Arrive],
        "awaiting_parts" => &[Respond, Depart, Arrive, AwaitParts],
        "on_hold" => &[Respond, Hold],
        "resolved" => &[Respond, Resolve],
        "signed" => &[Respond, Depart, Arrive, Resolve],
        _ => &[],
    }
}

/// A second contract, of `customer`, that ends within 30 days (20 days
/// after `today`), without planned visits (its periods' orders would all
/// be long overdue on the board): the contract list shows it ending soon.
pub(super) fn ending_contract(today: NaiveDate, customer: &Customer) -> Contract {
    Contract {
        id: DocId::with_suffix(DocKind::Contract, "demo-02"),
        number: "HT-2025-009".into(),
        starts_on: Day(months_before(today, 11)),
        ends_on: Day(today + chrono::Duration::days(20)),
        parts: ContractParts::AtPrice,
        labour_fen_per_hour: 15_000,
        visit_every_months: 0,
        ..contract(today, customer)
    }
}

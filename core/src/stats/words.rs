//! Every heading and label the reports print, in Chinese and English: the
//! table titles, the column headings (by column key), and the words in
//! the first column (clocks, classes, tiers, the total row, "unassigned",
//! "no contract"). One function per kind of word, a `match` each, so a
//! missing translation does not compile.

use super::model::{Lang, StatClock};
use crate::model::ComplaintClass;
use crate::rules::warranty::Tier;

fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A clock's name: 响应 / Response.
pub fn clock(c: StatClock, lang: Lang) -> &'static str {
    match c {
        StatClock::Response => pick(lang, "响应", "Response"),
        StatClock::OnSite => pick(lang, "到场", "On-site"),
        StatClock::Fix => pick(lang, "修复", "Fix"),
    }
}

/// The key a clock has in table ids (`sla_<key>_by_month`).
pub fn clock_key(c: StatClock) -> &'static str {
    match c {
        StatClock::Response => "response",
        StatClock::OnSite => "on_site",
        StatClock::Fix => "fix",
    }
}

/// How a clock table groups its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Month,
    Priority,
    Engineer,
}

/// A clock table's title: 响应时效（按月）/ Response compliance by month.
pub fn clock_title(c: StatClock, by: By, lang: Lang) -> String {
    let name = clock(c, lang);
    match (lang, by) {
        (Lang::Zh, By::Month) => format!("{name}时效（按月）"),
        (Lang::Zh, By::Priority) => format!("{name}时效（按优先级）"),
        (Lang::Zh, By::Engineer) => format!("{name}时效（按工程师）"),
        (Lang::En, By::Month) => format!("{name} compliance by month"),
        (Lang::En, By::Priority) => format!("{name} compliance by priority"),
        (Lang::En, By::Engineer) => format!("{name} compliance by engineer"),
    }
}

/// The title of every other table, by its id.
pub fn title(id: &str, lang: Lang) -> &'static str {
    match id {
        "sla_times" => pick(
            lang,
            "响应、到场、修复用时",
            "Time to respond, arrive and fix",
        ),
        "filing_by_engineer" => pick(
            lang,
            "归档及时性（按工程师）",
            "Filing compliance by engineer",
        ),
        "complaints_by_class" => pick(lang, "投诉（按类别）", "Complaints by class"),
        "complaints_by_month" => pick(lang, "月度投诉率", "Monthly complaint rate"),
        "satisfaction_distribution" => pick(lang, "满意度分布", "Satisfaction ratings"),
        "satisfaction_by_engineer" => pick(lang, "满意度（按工程师）", "Satisfaction by engineer"),
        "charges_by_tier" => pick(lang, "收费（按保修阶段）", "Charges by warranty tier"),
        "charges_by_contract" => pick(lang, "收费（按合约）", "Charges by contract"),
        "parts_top" => pick(lang, "用量最多的备件（前10）", "Top 10 parts used"),
        "parts_by_warehouse" => pick(lang, "备件用量（按仓库）", "Parts used by warehouse"),
        _ => pick(lang, "报表", "Report"),
    }
}

/// A column heading, by the column's key.
pub fn column(key: &str, lang: Lang) -> &'static str {
    match key {
        "month" => pick(lang, "月份", "Month"),
        "met" => pick(lang, "达标", "Met"),
        "breached" => pick(lang, "超时", "Breached"),
        "running" => pick(lang, "进行中", "Running"),
        "met_share" => pick(lang, "达标率", "Met share"),
        "priority" => pick(lang, "优先级", "Priority"),
        "engineer" => pick(lang, "工程师", "Engineer"),
        "clock" => pick(lang, "时效", "Clock"),
        "done" => pick(lang, "已完成", "Done"),
        "median" => pick(lang, "中位用时（分钟）", "Median (minutes)"),
        "p90" => pick(lang, "90%用时（分钟）", "90th percentile (minutes)"),
        "on_time" => pick(lang, "按时归档", "Filed on time"),
        "late" => pick(lang, "逾期归档", "Filed late"),
        "overdue" => pick(lang, "逾期未归档", "Overdue"),
        "not_yet_filed" => pick(lang, "未到期未归档", "Not yet filed"),
        "on_time_share" => pick(lang, "按时率", "On-time share"),
        "class" => pick(lang, "类别", "Class"),
        "complaints" => pick(lang, "投诉数", "Complaints"),
        "closed_orders" => pick(lang, "关闭工单数", "Orders closed"),
        "rate" => pick(lang, "投诉率", "Complaint rate"),
        "rating" => pick(lang, "满意度评分", "Rating"),
        "orders" => pick(lang, "工单数", "Orders"),
        "share" => pick(lang, "占比", "Share"),
        "average" => pick(lang, "平均分", "Average"),
        "tier" => pick(lang, "保修阶段", "Warranty tier"),
        "total" => pick(lang, "金额（元）", "Amount (yuan)"),
        "contract" => pick(lang, "合约", "Contract"),
        "part_no" => pick(lang, "料号", "Part no."),
        "name" => pick(lang, "名称", "Name"),
        "used" => pick(lang, "用量", "Used"),
        "warehouse" => pick(lang, "仓库", "Warehouse"),
        "lines" => pick(lang, "领用记录数", "Pickup lines"),
        _ => "",
    }
}

/// The total row's first cell: 合计 / Total.
pub fn total(lang: Lang) -> &'static str {
    pick(lang, "合计", "Total")
}

/// Orders no engineer is assigned to: 未指派 / Unassigned.
pub fn unassigned(lang: Lang) -> &'static str {
    pick(lang, "未指派", "Unassigned")
}

/// Orders under no contract: 无合约 / No contract.
pub fn no_contract(lang: Lang) -> &'static str {
    pick(lang, "无合约", "No contract")
}

/// A complaint class: 质量异常 / Quality, …
pub fn class(c: ComplaintClass, lang: Lang) -> &'static str {
    match c {
        ComplaintClass::Quality => pick(lang, "质量异常", "Quality"),
        ComplaintClass::NonQualityHuman => {
            pick(lang, "非质量·人为原因", "Non-quality, human cause")
        }
        ComplaintClass::Other => pick(lang, "其他", "Other"),
    }
}

/// A warranty tier: 质保期内 / In warranty, …
pub fn tier(t: Tier, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => t.label_zh(),
        Lang::En => match t {
            Tier::InWarranty => "In warranty",
            Tier::Extended1 => "Extended 1 (years 2–3)",
            Tier::Extended2 => "Extended 2 (year 4)",
            Tier::OutOfWarranty => "Out of warranty",
        },
    }
}

/// The rows of the times table: 响应用时 / Time to respond, …
pub fn time_to(c: StatClock, lang: Lang) -> &'static str {
    match c {
        StatClock::Response => pick(lang, "响应用时", "Time to respond"),
        StatClock::OnSite => pick(lang, "到场用时", "Time to arrive"),
        StatClock::Fix => pick(lang, "修复用时", "Time to fix"),
    }
}

/// A section's heading, by its key.
pub fn section(key: &str, lang: Lang) -> &'static str {
    match key {
        "sla" => pick(lang, "服务时效", "Service levels"),
        "filing" => pick(lang, "归档", "Filing"),
        "complaints" => pick(lang, "投诉", "Complaints"),
        "satisfaction" => pick(lang, "满意度", "Satisfaction"),
        "charges" => pick(lang, "收费", "Charges"),
        "parts" => pick(lang, "备件", "Parts"),
        _ => "",
    }
}

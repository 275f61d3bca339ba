//! A document's history as CSV (the `csv` crate, UTF-8 with a byte-order
//! mark first like the reports' CSV): a header row in the requested
//! language, then one row per [`HistoryRow`], times in the company's zone.
//! Text that starts like a spreadsheet formula is quoted with `'` (the
//! reports' guard); plain numbers (a counter's `-2`) are written as they
//! are.

use chrono_tz::Tz;

use super::model::{DocHistory, HistoryOp, HistoryRow};
use crate::model::Ts;
use crate::stats::export::BOM;
use crate::stats::Lang;

const COLUMNS: [(&str, &str); 14] = [
    ("变更序号", "Change"),
    ("字段", "Field"),
    ("字段名称", "Label"),
    ("操作", "Action"),
    ("原值", "Old value"),
    ("新值", "New value"),
    ("用户", "User"),
    ("设备", "Device"),
    ("设备时间", "Device time"),
    ("服务器接收时间", "Received by server"),
    ("时钟偏差（分钟）", "Clock skew (minutes)"),
    ("并发 / 保留", "Concurrent / kept"),
    ("签字后", "After signing"),
    ("变更哈希", "Change hash"),
];

fn pick(zh: &'static str, en: &'static str, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The history's CSV: BOM, header, one line per row.
pub fn history_csv(history: &DocHistory, lang: Lang, tz: Tz) -> Vec<u8> {
    let mut w = ::csv::WriterBuilder::new().from_writer(BOM.to_vec());
    let written = (|| -> Result<Vec<u8>, Box<dyn std::error::Error>> {
        w.write_record(COLUMNS.iter().map(|(zh, en)| pick(zh, en, lang)))?;
        for r in &history.rows {
            w.write_record(record(r, lang, tz))?;
        }
        Ok(w.into_inner().map_err(|e| e.into_error())?)
    })();
    // Rows of equal length written into memory cannot fail.
    written.expect("a CSV written into memory")
}

/// The word for what a row's change did.
pub fn op_word(op: HistoryOp, lang: Lang) -> &'static str {
    match op {
        HistoryOp::Created => pick("创建", "created", lang),
        HistoryOp::Set => pick("修改", "set", lang),
        HistoryOp::Removed => pick("清除", "removed", lang),
        HistoryOp::Added => pick("添加", "added", lang),
        HistoryOp::Deleted => pick("删除", "deleted", lang),
        HistoryOp::Counted => pick("计数", "counted", lang),
    }
}

/// A time in zone `tz`, `2024-05-06 14:03:09`.
pub fn local_time(t: &Ts, tz: Tz) -> String {
    t.0.with_timezone(&tz)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// The device a row's writer used: its label, else `#id`.
pub fn device_text(r: &HistoryRow) -> String {
    match (r.who.device_label.as_str(), r.who.device_id) {
        ("", Some(id)) => format!("#{id}"),
        ("", None) => String::new(),
        (label, Some(id)) => format!("{label} #{id}"),
        (label, None) => label.to_string(),
    }
}

/// `#3 #5; kept` / `与 #3 #5 并发；保留`, empty when not concurrent.
pub fn concurrency_text(r: &HistoryRow, lang: Lang) -> String {
    let Some(kept) = r.kept else {
        return String::new();
    };
    let with: Vec<String> = r.concurrent_with.iter().map(|n| format!("#{n}")).collect();
    let with = with.join(" ");
    match lang {
        Lang::Zh => format!("与 {with} 并发；{}", if kept { "保留" } else { "未保留" }),
        Lang::En => format!("with {with}; {}", if kept { "kept" } else { "not kept" }),
    }
}

fn safe(s: &str) -> String {
    if s.parse::<f64>().is_ok() {
        s.to_string()
    } else {
        crate::complaints::report::text(s)
    }
}

fn record(r: &HistoryRow, lang: Lang, tz: Tz) -> [String; 14] {
    let user = if r.who.user.is_empty() {
        r.who.display_name.clone()
    } else {
        format!("{} ({})", r.who.display_name, r.who.user)
    };
    [
        r.change.to_string(),
        r.field.clone(),
        safe(&r.label),
        op_word(r.op, lang).to_string(),
        r.old.as_deref().map(safe).unwrap_or_default(),
        r.new.as_deref().map(safe).unwrap_or_default(),
        safe(&user),
        safe(&device_text(r)),
        r.device_time
            .as_ref()
            .map(|t| local_time(t, tz))
            .unwrap_or_default(),
        r.received_at
            .as_ref()
            .map(|t| local_time(t, tz))
            .unwrap_or_default(),
        r.skew_minutes.map(|m| m.to_string()).unwrap_or_default(),
        concurrency_text(r, lang),
        if r.after_signing {
            pick("是", "yes", lang).to_string()
        } else {
            String::new()
        },
        r.hash.clone(),
    ]
}

//! The record's audit page 审计记录 (optional, off by default): the order's
//! full field history on its own page(s) after the record — per row the
//! device's time, the field, old → new, who on which device, the server's
//! receipt time and the flags (concurrent and whether kept, after
//! signing, clock skew, relayed). Times in the company's zone; the words
//! in the language the history was built in.

use chrono_tz::Tz;

use super::layout::Flow;
use crate::history::csv::{concurrency_text, device_text, local_time, op_word};
use crate::history::{DocHistory, HistoryOp, HistoryRow};
use crate::stats::Lang;
use crate::sync::attribution::Via;

fn pick(zh: &'static str, en: &'static str, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Appends the audit page(s) of `history` to `f`.
pub fn audit_page(f: &mut Flow<'_>, history: &DocHistory, lang: Lang, tz: Tz) {
    f.new_page();
    f.centred(pick("审计记录", "Audit trail", lang), 15.0);
    f.centred(
        &match lang {
            Lang::Zh => format!(
                "{} · 共 {} 次变更 · 时钟偏差阈值 {} 分钟",
                history.id, history.changes, history.skew_margin_minutes
            ),
            Lang::En => format!(
                "{} · {} changes · clock-skew margin {} minutes",
                history.id, history.changes, history.skew_margin_minutes
            ),
        },
        9.0,
    );
    f.gap(4.0);
    if !history.all_received {
        f.para(pick(
            "部分变更尚无服务器接收记录（未同步或未获取）。",
            "Some changes have no server receipt yet (not synced or not fetched).",
            lang,
        ));
    }
    let rows: Vec<Vec<String>> = history.rows.iter().map(|r| row(r, lang, tz)).collect();
    f.table(
        &[
            (pick("设备时间", "Device time", lang), 1.7, false),
            (pick("字段", "Field", lang), 1.8, false),
            (pick("原值 → 新值", "Old → new", lang), 3.0, false),
            (pick("人员 / 设备", "Who / device", lang), 1.8, false),
            (pick("服务器接收", "Received", lang), 1.7, false),
            (pick("标记", "Flags", lang), 1.6, false),
        ],
        &rows,
    );
}

fn row(r: &HistoryRow, lang: Lang, tz: Tz) -> Vec<String> {
    let none = "—";
    let change = match r.op {
        HistoryOp::Created => format!("{} {}", op_word(r.op, lang), r.new.as_deref().unwrap_or("")),
        HistoryOp::Counted => format!(
            "{} {}",
            r.old.as_deref().unwrap_or(none),
            r.new.as_deref().unwrap_or("")
        ),
        _ => format!(
            "{} → {}",
            r.old.as_deref().unwrap_or(none),
            r.new.as_deref().unwrap_or(none)
        ),
    };
    let device = device_text(r);
    let who = if device.is_empty() {
        r.who.display_name.clone()
    } else {
        format!("{} / {device}", r.who.display_name)
    };
    let mut flags: Vec<String> = Vec::new();
    let concurrent = concurrency_text(r, lang);
    if !concurrent.is_empty() {
        flags.push(concurrent);
    }
    if r.after_signing {
        flags.push(pick("签字后", "after signing", lang).into());
    }
    if r.skewed {
        let m = r.skew_minutes.unwrap_or(0);
        flags.push(match lang {
            Lang::Zh => format!("时钟偏差 {m} 分钟"),
            Lang::En => format!("clock skew {m} min"),
        });
    }
    if r.via == Some(Via::Relay) {
        flags.push(pick("转交", "relayed", lang).into());
    }
    vec![
        r.device_time
            .as_ref()
            .map(|t| local_time(t, tz))
            .unwrap_or_else(|| pick("未知", "unknown", lang).into()),
        format!("#{} {}", r.change, r.label),
        change,
        who,
        r.received_at
            .as_ref()
            .map(|t| local_time(t, tz))
            .unwrap_or_else(|| none.into()),
        flags.join(pick("；", "; ", lang)),
    ]
}

//! Tests of the printable record: a signed demo order rendered to PDF; the
//! bytes are a PDF, embed the font, and `pdftotext` (poppler-utils, skipped
//! with a message when absent) finds the Chinese customer name.

use super::*;
use crate::rules::state::Status;
use crate::rules::RulesConfig;

/// The system's CJK font, or `None` with a SKIPPED line (the PDF tests of
/// the record and of the service report share it).
pub(crate) fn font_or_skip() -> Option<CjkFont> {
    match CjkFont::from_system() {
        Ok(f) => Some(f),
        Err(e) => {
            eprintln!("SKIPPED: {e}");
            None
        }
    }
}

/// A signed order built with the ops (no store): resolved by yangjinwei,
/// with a service record, a Chinese customer, a contract-free tier and
/// two signature strokes.
fn signed_view() -> (WorkOrder, Charges, Tier) {
    signed_with([crate::testing::signature(), vec!["700,100".into()]].concat())
}

/// [`signed_view`] signed with `strokes`.
fn signed_with(strokes: Vec<String>) -> (WorkOrder, Charges, Tier) {
    use crate::ops::work_order::tests::{resolved, t0, yang};
    let cfg = RulesConfig::default();
    let mut wo = resolved();
    wo.customer.org = "重庆市农业委员会检测中心".into();
    wo.customer.contact = "赵刚".into();
    wo.equipment = crate::model::EquipmentInfo {
        model: "UV-2600 紫外分光光度计".into(),
        serial: "UV26-CQ-0555".into(),
        accepted_on: Some(crate::model::Day("2024-07-01".parse().unwrap())),
        original_end_user: true,
    };
    let patch = crate::ops::ServicePatch {
        work_done: Some("更换紫外检测器钨灯，校准波长，运行标准样品验证".into()),
        findings: Some("钨灯灯丝断裂".into()),
        labour_minutes: Some(75),
        travel_fen: Some(12_000),
        lodging_fen: Some(0),
    };
    crate::ops::update_service(&mut wo, patch, &yang()).unwrap();
    let tier = crate::service::derive::tier_of(&wo, &cfg);
    let charges = crate::service::derive::charges_for(&wo, tier, None, &cfg);
    let input = crate::ops::SignInput {
        signer: "赵刚".into(),
        opinion: "维修及时，仪器恢复正常".into(),
        satisfaction: 5,
        matches_agreed_items: true,
        strokes,
    };
    crate::ops::sign(
        &mut wo,
        input,
        &charges,
        &[],
        &cfg.ink,
        &yang(),
        t0() + chrono::Duration::hours(2),
    )
    .unwrap();
    assert_eq!(wo.status, Status::Signed);
    (wo, charges, tier)
}

#[test]
fn a_signed_record_renders_with_its_chinese_text_and_signature() {
    let Some(font) = font_or_skip() else { return };
    let (wo, charges, tier) = signed_view();
    let names = names();
    let input = record_input(&wo, &charges, tier, &names);

    let pages = layout_record(&input, &font);
    let all: Vec<&layout::Op> = pages.iter().flatten().collect();
    let texts: String = all
        .iter()
        .filter_map(|o| match o {
            layout::Op::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(texts.contains(&wo.customer.org), "customer on the record");
    assert!(texts.contains(&wo.number));
    let s = wo.signoff.as_ref().unwrap();
    assert!(texts.contains(&s.content_hash[..16]), "hash on the record");
    assert!(
        texts.contains(&yuan(charges.total_fen)),
        "total on the record"
    );
    let strokes = all.iter().find_map(|o| match o {
        layout::Op::Strokes { lines, .. } => Some(lines.len()),
        _ => None,
    });
    assert_eq!(
        strokes,
        Some(s.strokes.len()),
        "every stroke drawn as a path"
    );

    let pdf = render_record(&input, &font).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    let hay = String::from_utf8_lossy(&pdf);
    assert!(hay.contains("/FontFile"), "the font is embedded");
    assert!(
        pdf.len() < 2_000_000,
        "the font is subset ({} bytes)",
        pdf.len()
    );

    if let Some(out) = std::env::var_os("ONSITE_REPORT_OUT") {
        // To look at it: ONSITE_REPORT_OUT=/tmp/r.pdf cargo test -p onsite-core --lib report
        std::fs::write(out, &pdf).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.pdf");
    std::fs::write(&path, &pdf).unwrap();
    match std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            let compact: String = text.split_whitespace().collect();
            assert!(
                compact.contains(&wo.customer.org),
                "pdftotext finds the customer: {text}"
            );
            assert!(compact.contains("售后服务统计"));
            assert!(
                compact.contains("工程师杨金伟"),
                "the engineer by name: {text}"
            );
            assert!(
                compact.contains("状态Status已签字"),
                "the status in words: {text}"
            );
        }
        Ok(out) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(_) => eprintln!(
            "SKIPPED the text extraction: pdftotext not installed (apt-get install poppler-utils)"
        ),
    }
}

fn names() -> std::collections::BTreeMap<String, String> {
    [("yangjinwei".to_string(), "杨金伟".to_string())].into()
}

fn record_input<'a>(
    wo: &'a WorkOrder,
    charges: &'a Charges,
    tier: Tier,
    names: &'a std::collections::BTreeMap<String, String>,
) -> RecordInput<'a> {
    RecordInput {
        wo,
        charges,
        tier,
        tz: RulesConfig::default().tz,
        company: "Onsite",
        pickups: &[],
        names,
        audit: None,
        audit_lang: crate::stats::Lang::Zh,
        thumbs: &NO_THUMBS,
    }
}

static NO_THUMBS: std::collections::BTreeMap<String, Vec<u8>> = std::collections::BTreeMap::new();

fn texts(pages: &[Vec<layout::Op>]) -> Vec<String> {
    pages
        .iter()
        .flatten()
        .filter_map(|o| match o {
            layout::Op::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// Regression (issue 10): the drawn and the stored signature looked
/// different. Every captured point of every stroke — the last included, a
/// dot included — is stored as drawn and is on the path the PDF draws.
#[test]
fn the_signature_round_trips_from_the_pad_to_the_stored_and_printed_strokes() {
    let Some(font) = font_or_skip() else { return };
    let captured: Vec<Vec<(i64, i64)>> = vec![
        vec![(120, 300), (160, 120), (200, 300), (240, 140), (281, 297)],
        vec![(320, 160), (420, 160), (380, 320)],
        vec![(460, 130), (520, 300), (600, 150), (640, 280), (1000, 400)],
        vec![(700, 100)],
    ];
    let strokes: Vec<String> = captured
        .iter()
        .map(|s| {
            s.iter()
                .map(|(x, y)| format!("{x},{y}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let (wo, charges, tier) = signed_with(strokes.clone());
    let stored = &wo.signoff.as_ref().unwrap().strokes;
    assert_eq!(stored, &strokes, "stored as captured");
    let stored_points: Vec<_> = stored
        .iter()
        .map(|s| crate::rules::ink::stroke_points(s))
        .collect();
    assert_eq!(stored_points, captured);

    let names = names();
    let pages = layout_record(&record_input(&wo, &charges, tier, &names), &font);
    let ops: Vec<&layout::Op> = pages.iter().flatten().collect();
    let at = ops
        .iter()
        .position(|o| matches!(o, layout::Op::Strokes { .. }))
        .expect("the signature is drawn");
    // The signature box's top rule gives its origin and scale.
    let layout::Op::Rule { x1, y1, x2, .. } = ops[at - 4] else {
        panic!("the box before the strokes")
    };
    let (x0, y0, k) = (*x1, *y1, (*x2 - *x1) / 1000.0);
    let layout::Op::Strokes { lines, .. } = ops[at] else {
        unreachable!()
    };
    let drawn: Vec<Vec<(i64, i64)>> = layout::stroke_path_points(lines)
        .iter()
        .map(|sub| {
            let pts: Vec<(i64, i64)> = sub
                .iter()
                .map(|(x, y)| (((x - x0) / k).round() as i64, ((y - y0) / k).round() as i64))
                .collect();
            // A dot is drawn as a tiny segment onto itself.
            if pts.len() == 2 && pts[0] == pts[1] {
                vec![pts[0]]
            } else {
                pts
            }
        })
        .collect();
    assert_eq!(drawn, captured, "printed through every captured point");
}

#[test]
fn the_record_names_people_and_its_status_in_chinese_and_lists_serials() {
    let Some(font) = font_or_skip() else { return };
    let (wo, charges, tier) = signed_view();
    let names = names();
    let all = texts(&layout_record(
        &record_input(&wo, &charges, tier, &names),
        &font,
    ));
    assert!(
        all.iter().any(|t| t == "杨金伟"),
        "the engineer by name: {all:?}"
    );
    assert!(!all.iter().any(|t| t.contains("yangjinwei")), "{all:?}");
    assert!(all.iter().any(|t| t == "已签字"), "the status in words");
    assert!(
        !all.iter().any(|t| t == "signed" || t == "filed"),
        "{all:?}"
    );
    let nobody = std::collections::BTreeMap::new();
    let all = texts(&layout_record(
        &record_input(&wo, &charges, tier, &nobody),
        &font,
    ));
    assert!(all.iter().any(|t| t == "yangjinwei"), "login name fallback");

    // A used part is printed with the serial numbers of its pickup.
    let mut wo = wo;
    let pickup = crate::model::DocId::with_suffix(crate::model::DocKind::Pickup, "p1");
    wo.parts_used.push(crate::model::PartUse {
        pickup_id: pickup.clone(),
        part_no: "PS-100".into(),
        name: "电源模块".into(),
        qty: 1,
        unit_cost_fen: 0,
        standard_price_fen: 0,
    });
    let line = crate::service::PickupLine {
        pickup_id: pickup,
        part_no: "PS-100".into(),
        name: "电源模块".into(),
        picked: 2,
        used: 1,
        returned: 1,
        serials: vec!["PSU-0091".into(), "PSU-0092".into()],
        warehouse: "main".into(),
        pickup_state: crate::warehouse::ConfirmState::Awaiting,
        return_state: crate::warehouse::ConfirmState::Awaiting,
    };
    let input = RecordInput {
        pickups: std::slice::from_ref(&line),
        ..record_input(&wo, &charges, tier, &names)
    };
    let all = texts(&layout_record(&input, &font));
    assert!(
        all.iter().any(|t| t.contains("PSU-0091, PSU-0092")),
        "{all:?}"
    );
}

#[test]
fn a_missing_font_is_a_clear_font_missing_error() {
    let e = CjkFont::from_spec(std::path::Path::new("/nonexistent/font.ttc")).unwrap_err();
    let api: ApiError = e.into();
    assert_eq!(api.code, "font_missing");
    assert!(api.message.contains("fonts-noto-cjk"), "{}", api.message);
}

#[test]
// Amounts in fen, grouped as yuan then the two fen digits.
#[allow(clippy::inconsistent_digit_grouping)]
fn money_is_printed_in_yuan_with_groups() {
    assert_eq!(yuan(0), "¥0.00");
    assert_eq!(yuan(123_456_78), "¥123,456.78");
    assert_eq!(yuan(-5), "-¥0.05");
}

#[test]
fn long_text_wraps_within_the_width() {
    let Some(font) = font_or_skip() else { return };
    let f = Flow::new(&font, "");
    let text = "更换紫外检测器钨灯，校准波长，运行标准样品验证。".repeat(6);
    let lines = f.wrap(&text, 10.0, 200.0);
    assert!(lines.len() > 3);
    assert!(lines.iter().all(|l| f.width(l, 10.0) <= 200.0 + 0.01));
    assert_eq!(lines.concat(), text, "nothing lost");
    let latin = f.wrap("alpha beta gamma delta epsilon zeta eta theta", 10.0, 60.0);
    assert!(
        latin
            .iter()
            .all(|l| !l.starts_with(' ') && !l.ends_with(' ')),
        "{latin:?}"
    );
}

/// A planned visit's record shows its window and checklist; a loaner
/// issued on the order is printed with its issue and return.
#[test]
fn a_planned_visit_prints_its_window_checklist_and_the_loaner() {
    let Some(font) = font_or_skip() else { return };
    let (mut wo, charges, tier) = signed_view();
    let k = crate::testing::ContractBuilder::new(
        &crate::model::DocId::new(crate::model::DocKind::Customer),
        &["SN-1"],
    )
    .build();
    let customer = crate::testing::CustomerBuilder::new("华东电力").build();
    let period = crate::contracts::periods(&k)[0];
    let plan =
        crate::contracts::ops::planned_order(&k, &customer, period, chrono_tz::Asia::Shanghai);
    wo.planned = plan.planned;
    wo.checklist = plan.checklist;
    wo.checklist[0].done = true;
    let mut lent = crate::ops::work_order::tests::resolved();
    let office = crate::ops::Actor::new("office", crate::rules::state::Role::Office);
    let t = lent.created_at.0;
    crate::ops::issue_loaner(&mut lent, "GC-2030", "L-7", &office, t).unwrap();
    wo.loaner = lent.loaner;
    let names = names();
    let input = record_input(&wo, &charges, tier, &names);
    let all = texts(&layout_record(&input, &font)).join("\n");
    assert!(all.contains("2026-01-01 — 2026-03-31"), "{all}");
    assert!(all.contains("软硬件系统检验") && all.contains("已完成") && all.contains("未完成"));
    assert!(all.contains("GC-2030 L-7"), "the loaner: {all}");
}

/// The text `pdftotext` finds in `pdf`, whitespace removed; `None` (with
/// a SKIPPED line) without pdftotext.
fn pdf_text(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.pdf");
    std::fs::write(&path, pdf).unwrap();
    match std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(
            String::from_utf8_lossy(&out.stdout)
                .split_whitespace()
                .collect(),
        ),
        Ok(out) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(_) => {
            eprintln!("SKIPPED the text extraction: pdftotext not installed");
            None
        }
    }
}

/// The audit page is printed only when asked, and names who made each
/// change.
#[test]
fn the_audit_page_is_there_only_when_asked_and_names_the_person() {
    use crate::history::{field_history, HistoryConfig, Provenance};
    use crate::sync::attribution::{ActorInfo, ActorSource};
    let Some(font) = font_or_skip() else { return };
    let (wo, charges, tier) = signed_view();
    let actor = automerge::ActorId::from([7u8; 16].as_slice());
    let mut am = crate::doc::create_as(
        crate::model::DocKind::WorkOrder,
        &wo,
        &actor,
        1_772_416_800_000,
    )
    .unwrap();
    let mut prov = Provenance::default();
    prov.actors.insert(
        actor.to_hex_string(),
        ActorInfo {
            user: "zhouqing".into(),
            display_name: "周晴审计".into(),
            device_id: Some(3),
            device_label: "办公室电脑".into(),
            source: ActorSource::Device,
        },
    );
    let cfg = HistoryConfig {
        skew_margin_minutes: 10,
        lang: crate::stats::Lang::Zh,
    };
    let history = field_history(&mut am, &wo.id, &prov, &cfg).unwrap();
    let names = names();
    let plain = record_input(&wo, &charges, tier, &names);
    let with = RecordInput {
        audit: Some(&history),
        ..plain
    };
    let pages_plain = layout_record(&plain, &font);
    let pages_with = layout_record(&with, &font);
    assert!(
        pages_with.len() > pages_plain.len(),
        "the audit starts a page"
    );
    assert!(!texts(&pages_plain).concat().contains("审计记录"));

    let Some(text) = pdf_text(&render_record(&with, &font).unwrap()) else {
        return;
    };
    assert!(text.contains("审计记录"), "{text}");
    assert!(text.contains("周晴审计"), "the person: {text}");
    assert!(text.contains("办公室电脑"), "the device: {text}");
    let plain_text = pdf_text(&render_record(&plain, &font).unwrap()).unwrap();
    assert!(!plain_text.contains("审计记录") && !plain_text.contains("周晴审计"));

    let en = RecordInput {
        audit_lang: crate::stats::Lang::En,
        ..with
    };
    let en_text = pdf_text(&render_record(&en, &font).unwrap()).unwrap();
    assert!(en_text.contains("Audittrail"), "{en_text}");
}

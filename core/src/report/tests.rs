//! Tests of the printable record: a signed demo order rendered to PDF; the
//! bytes are a PDF, embed the font, and `pdftotext` (poppler-utils, skipped
//! with a message when absent) finds the Chinese customer name.

use super::*;
use crate::rules::state::Status;
use crate::rules::RulesConfig;

fn font_or_skip() -> Option<CjkFont> {
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
        strokes: [crate::testing::signature(), vec!["700,100".into()]].concat(),
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
    let input = RecordInput {
        wo: &wo,
        charges: &charges,
        tier,
        tz: RulesConfig::default().tz,
        company: "Onsite",
    };

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
        }
        Ok(out) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(_) => eprintln!(
            "SKIPPED the text extraction: pdftotext not installed (apt-get install poppler-utils)"
        ),
    }
}

#[test]
fn a_missing_font_is_a_clear_font_missing_error() {
    let e = CjkFont::from_spec(std::path::Path::new("/nonexistent/font.ttc")).unwrap_err();
    let api: ApiError = e.into();
    assert_eq!(api.code, "font_missing");
    assert!(api.message.contains("fonts-noto-cjk"), "{}", api.message);
}

#[test]
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

//! 行文规则 that the text itself shows, without an organ registry (条例 Arts. 8(14), 16(2), 17):
//!
//! - T20: a 请示 from a department to another department of the same region asks a peer for
//!   approval — that is a 函.
//! - T21: an internal unit (…局××处/科/股) issuing a document in its own name.
//! - T22: a department (not the government or its 办公厅/室) sending a 通知/决定/意见 to lower
//!   people's governments without stating that the government agreed (“经…人民政府同意”).
//!
//! Who is superior to whom needs the organ registry; these checks only fire where the names
//! alone settle it, and stay silent otherwise.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{DocKind, Document, ElementKind, SourceRef};

use super::{Cx, Finding, Severity};

/// A government department: a region's name, then a 局/厅/委/办… that is not the government,
/// the Party committee or their general offices.
static DEPARTMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(.{2,12}?(?:省|自治区|市|自治州|州|盟|县|自治县|旗|区))(.{1,20}(?:局|厅|委员会|委|署))$",
    )
    .expect("valid")
});

/// An internal unit under a department: “××市财政局预算科”.
static INTERNAL_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.{2,30}(?:局|厅|委员会|部|署))(.{1,12}(?:处|科|股))$").expect("valid")
});

/// Lower governments addressed by name or as a group: “各县、区人民政府”, “××县人民政府”.
static LOWER_GOVERNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:各.{0,8}|.{1,12}(?:县|区|市|旗)|^区|、区)人民政府").expect("valid")
});

/// “经市政府同意”, “经省人民政府同意”, “经××县人民政府批准”.
static GOVERNMENT_CONSENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"经.{0,16}(?:人民政府|政府|党委|委员会).{0,6}(?:同意|批准)").expect("valid")
});

pub(super) fn check(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    let Some((issuer, at)) = issuer(doc) else {
        return;
    };
    let issuer = issuer.as_str();
    if INTERNAL_UNIT.is_match(issuer) && (doc.recipients.is_some() || doc.copy_to.is_some()) {
        cx.push(Finding::new(
            "T21",
            Severity::Error,
            ElementKind::IssuerMark,
            at,
            format!("“{issuer}”是机关的内设机构，除办公厅（室）外不得对外正式行文，应以所在机关名义发文。"),
            "条例第十七条",
        ));
    }
    let Some(caps) = DEPARTMENT.captures(issuer) else {
        return;
    };
    let region = &caps[1];
    let unit = &caps[2];
    if unit.starts_with("人民政府") || unit.contains("办公") {
        return;
    }
    let Some(recipients) = &doc.recipients else {
        return;
    };
    let names = recipients.value.clone().unwrap_or_default();
    match doc.kind {
        Some(DocKind::Request) => {
            let peer = names.iter().find(|n| {
                n.as_str() != issuer
                    && DEPARTMENT.captures(n).is_some_and(|c| {
                        &c[1] == region && !c[2].contains("办公") && !c[2].starts_with("人民政府")
                    })
            });
            if let Some(peer) = peer {
                cx.push(Finding::new(
                    "T20",
                    Severity::Warning,
                    ElementKind::Recipients,
                    recipients.at,
                    format!("“{peer}”与发文机关“{issuer}”是同级部门，不相隶属；向其请求批准应当用“函”，不用“请示”。"),
                    "条例第八条（十四）",
                ));
            }
        }
        Some(DocKind::Circular | DocKind::Decision | DocKind::Opinion) => {
            if !LOWER_GOVERNMENT.is_match(&recipients.text) {
                return;
            }
            if doc
                .all_paragraphs()
                .any(|p| GOVERNMENT_CONSENT.is_match(&p.text))
            {
                return;
            }
            cx.push(Finding::new(
                "T22",
                Severity::Error,
                ElementKind::Recipients,
                recipients.at,
                format!("部门“{issuer}”不得向下级人民政府发布指令性公文；经本级政府同意的，正文应写明“经{region}人民政府同意”。"),
                "条例第十六条（二）",
            ));
        }
        _ => {}
    }
}

/// The issuing organ: the first mark without “文件”, or else the first 署名.
fn issuer(doc: &Document) -> Option<(String, SourceRef)> {
    if let Some(m) = doc.issuer_marks.first() {
        let name = m.text.strip_suffix("文件").unwrap_or(&m.text).trim();
        return Some((name.to_string(), m.at));
    }
    doc.signatures
        .first()
        .map(|s| (s.text.trim().to_string(), s.at))
}

#[cfg(test)]
mod tests {
    use crate::check_text;

    fn codes(src: &str) -> Vec<&'static str> {
        check_text(src).findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn t20_request_to_a_peer_department() {
        let peer = "淮南市应急管理局\n关于拨付森林防火物资经费的请示\n\n淮南市财政局：\n　　我局拟购置扑火装备，共需经费180万元。\n　　妥否，请批示。\n\n淮南市应急管理局\n2025年3月18日\n";
        assert!(codes(peer).contains(&"T20"));
        let superior = peer.replace("淮南市财政局：", "淮南市人民政府：");
        assert!(!codes(&superior).contains(&"T20"));
        let letter = peer
            .replace("的请示", "的函")
            .replace("妥否，请批示。", "请予研究并函复。");
        assert!(!codes(&letter).contains(&"T20"));
    }

    #[test]
    fn t21_internal_unit() {
        let unit = "淮南市财政局预算科\n关于报送2026年部门预算草案的通知\n\n各县、区财政局：\n　　请于2025年10月15日前报送部门预算草案。\n\n淮南市财政局预算科\n2025年9月20日\n";
        assert!(codes(unit).contains(&"T21"));
        let organ = unit.replace("淮南市财政局预算科", "淮南市财政局");
        assert!(!codes(&organ).contains(&"T21"));
        let office = unit.replace("淮南市财政局预算科", "淮南市人民政府办公室");
        assert!(!codes(&office).contains(&"T21"));
    }

    #[test]
    fn t22_department_directive_to_lower_governments() {
        let directive = "淮南市住房和城乡建设局\n关于开展城镇燃气安全专项整治的通知\n\n各县、区人民政府：\n　　为加强城镇燃气安全管理，决定在全市开展专项整治。请各地立即部署落实。\n\n淮南市住房和城乡建设局\n2025年4月2日\n";
        assert!(codes(directive).contains(&"T22"));
        let agreed = directive.replace(
            "为加强城镇燃气安全管理，",
            "为加强城镇燃气安全管理，经市人民政府同意，",
        );
        assert!(!codes(&agreed).contains(&"T22"));
        let to_departments = directive.replace("各县、区人民政府：", "各县、区住房和城乡建设局：");
        assert!(!codes(&to_departments).contains(&"T22"));
        let office = directive.replace("淮南市住房和城乡建设局", "淮南市人民政府办公室");
        assert!(!codes(&office).contains(&"T22"));
    }
}

//! Line shapes the parser recognises. Loose on purpose: the parser must find a malformed
//! element so that the checker can say what is wrong with it.

use std::sync::LazyLock;

use regex::Regex;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("pattern is valid")
}

/// 份号: a bare run of digits at the top.
pub static COPY_NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"^[0-9０-９]{1,10}$"));

/// 密级, with or without a period.
pub static CLASSIFICATION: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(绝密|机密|秘密)([★☆*＊\s]|[0-9０-９一二三四五六七八九十]|长期|$)"));

/// 发文字号 with any bracket look-alike, optionally followed by 签发人 on the same line.
pub static ISSUING_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?P<num>[\p{Han}A-Za-z]{1,20}\s*[〔\[［【（(﹝〖{]\s*[0-9０-９]{1,4}\s*[〕\]］】）)﹞〗}]\s*第?\s*[0-9０-９]+\s*号?)(?P<rest>(?:\s.*|签发人.*)?)$",
    )
});

/// 签发人 line or the 签发人 part of a 发文字号 line.
pub static SIGNER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^签发人\s*(?P<colon>[：:])?\s*(?P<names>.*)$"));

/// A drawn separator (版头分隔线, 版记 lines, markdown rules).
pub static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| re(r"^[-—─━=＝_＿*·－~]{3,}$"));

/// A page-number line, in any of the shapes drafters use.
pub static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:[-—–－―~～]\s*(?P<n>[0-9]{1,4})\s*[-—–－―~～]|第\s*(?P<m>[0-9]{1,4})\s*页(?:\s*[，,]?\s*共\s*[0-9]+\s*页)?)$",
    )
});

/// A line that is a date and nothing else (成文日期), including old and sloppy forms and
/// unfilled placeholders.
pub static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:[0-9０-９]{4}|[〇零○一二三四五六七八九]{4})\s*年\s*[0-9０-９一二三四五六七八九十×XxＸ]{1,3}\s*月\s*[0-9０-９一二三四五六七八九十×XxＸ]{1,3}\s*日$|^[0-9]{4}\s*[.\-/．－／]\s*[0-9]{1,2}\s*[.\-/．－／]\s*[0-9]{1,2}$",
    )
});

/// 附件说明 start: “附件：…” (or with a half-width colon / a space).
pub static ATTACHMENT_NOTE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^附件\s*(?P<colon>[：:]|\s)\s*(?P<rest>\S.*)$"));

/// A numbered item on a continuation line of the 附件说明.
pub static ATTACHMENT_ITEM: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?P<num>[0-9０-９]{1,2})\s*(?P<sep>[.．、，,]?)\s*(?P<name>\S.*)$"));

/// The label on the first line of an attachment page: “附件” or “附件2”.
pub static ATTACHMENT_LABEL: LazyLock<Regex> =
    LazyLock::new(|| re(r"^附件\s*(?P<n>[0-9０-９]{1,2})?$"));

/// 抄送 line in the 版记.
pub static COPY_TO: LazyLock<Regex> =
    LazyLock::new(|| re(r"^抄\s*送\s*(?P<colon>[：:])?\s*(?P<names>.*)$"));

/// 主送 moved into the 版记.
pub static MOVED_RECIPIENTS: LazyLock<Regex> = LazyLock::new(|| re(r"^主送\s*[：:]"));

/// 印发机关和印发日期.
pub static PRINTING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?P<organ>\S.*?)\s*(?P<date>(?:[0-9０-９]{4}|[〇零○一二三四五六七八九]{4})\s*年\s*[0-9０-９一二三四五六七八九十]{1,3}\s*月\s*[0-9０-９一二三四五六七八九十]{1,3}\s*日)\s*(?P<yinfa>印发)?\s*[。.]?$",
    )
});

/// A seal placeholder in a text draft.
pub static SEAL: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[（(【\[]\s*(?:印章|盖章|公章|印|签章)\s*[）)】\]]$"));

/// A markdown table row.
pub static TABLE_ROW: LazyLock<Regex> = LazyLock::new(|| re(r"^\|.*\|$"));

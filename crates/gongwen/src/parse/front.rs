//! 标题 and 主送机关.

use crate::model::doc_kind::title_core;
use crate::model::{DocKind, Document, Field, Heading, Title};
use crate::source::Line;

use super::names::split_names;

const MAX_TITLE_LINES: usize = 3;
const MAX_TITLE_LINE_CHARS: usize = 50;

/// Reads the title and the 主送 line(s) starting at `start`; returns where the body begins.
pub(super) fn parse_front(
    lines: &[Line<'_>],
    skip: &[bool],
    start: usize,
    end: usize,
    doc: &mut Document,
) -> usize {
    let mut i = next_content(lines, skip, start, end);
    let mut title_lines: Vec<Field<String>> = Vec::new();
    let mut text = String::new();
    while i < end && title_lines.len() < MAX_TITLE_LINES {
        if !title_lines.is_empty() && (skip[i] || lines[i].is_blank()) {
            // Web copies often put each title line in a paragraph of its own; a title with no 文种
            // yet goes on past blank lines, but only if the lines after them complete one.
            let room = MAX_TITLE_LINES - title_lines.len();
            match title_continuation(lines, skip, i, end, &text, room) {
                Some(next) => i = next,
                None => break,
            }
        }
        let line = &lines[i];
        if skip[i] || line.is_blank() || !could_be_title(line.content) {
            break;
        }
        if !title_lines.is_empty() && (ends_with_colon(line.content) || is_title_note(line.content))
        {
            break;
        }
        title_lines.push(Field::new(
            line.content,
            Some(line.content.to_string()),
            line.at_content(),
        ));
        text.push_str(line.content);
        i += 1;
        if DocKind::from_title(&text).is_some() && !text.trim_end().ends_with("的") {
            break;
        }
    }
    if !title_lines.is_empty() {
        doc.kind = DocKind::from_title(&text);
        doc.direction = doc.kind.and_then(|k| k.typical_direction());
        if doc.kind == Some(DocKind::Letter) && title_core(&text).ends_with("复函") {
            doc.direction = Some(crate::model::Direction::Parallel);
        }
        doc.title = Some(Title {
            text,
            lines: title_lines,
        });
    }
    // 题注 of a 决议 or 纪要: “（2024年1月5日××会议通过）”, on one line or broken over two.
    let j = next_content(lines, skip, i, end);
    if j < end && is_title_note(lines[j].content) {
        let line = &lines[j];
        doc.title_note = Some(Field::new(
            line.content,
            Some(line.content.to_string()),
            line.at_content(),
        ));
        i = j + 1;
    } else if j < end && opens_title_note(lines[j].content) {
        let k = next_content(lines, skip, j + 1, end);
        if k < end && closes_title_note(lines[k].content) {
            let text = format!("{}{}", lines[j].content, lines[k].content);
            doc.title_note = Some(Field::new(text.clone(), Some(text), lines[j].at_content()));
            i = k + 1;
        }
    }
    parse_recipients(lines, skip, i, end, doc)
}

fn parse_recipients(
    lines: &[Line<'_>],
    skip: &[bool],
    start: usize,
    end: usize,
    doc: &mut Document,
) -> usize {
    let i = next_content(lines, skip, start, end);
    if i >= end {
        return i;
    }
    let first = &lines[i];
    let looks_like_list =
        |t: &str| !t.contains(['。', '；', '！', '？']) && Heading::detect(t).is_none();
    if !looks_like_list(first.content) || is_intro_sentence(first.content) {
        return i;
    }
    // One line ending in a colon, or two lines of which the second ends in one.
    let mut last = None;
    if ends_with_colon(first.content) && first.content.chars().count() <= 120 {
        last = Some(i);
    } else if i + 1 < end
        && !skip[i + 1]
        && ends_with_colon(lines[i + 1].content)
        && looks_like_list(lines[i + 1].content)
        && !is_intro_sentence(lines[i + 1].content)
    {
        last = Some(i + 1);
    } else if first.content.chars().count() <= 60
        && !first.content.contains(['：', ':'])
        && (first.content.starts_with('各') || ends_like_organ(first.content))
    {
        // 主送 written without its colon.
        let k = next_content(lines, skip, i + 1, end);
        if k < end && lines[k].content.chars().count() > first.content.chars().count() {
            last = Some(i);
        }
    }
    let Some(last) = last else {
        return i;
    };
    let mut text = String::new();
    for line in &lines[i..=last] {
        text.push_str(line.content);
    }
    let at_first = first.at_content();
    let at_last = lines[last].at_content();
    let mut at = at_first;
    at.span.end = at_last.span.end;
    at.bytes.end = at_last.bytes.end;
    doc.recipients = Some(Field::new(text.clone(), Some(split_names(&text)), at));
    last + 1
}

pub(super) fn next_content(lines: &[Line<'_>], skip: &[bool], mut i: usize, end: usize) -> usize {
    while i < end && (skip[i] || lines[i].is_blank()) {
        i += 1;
    }
    i
}

fn could_be_title(text: &str) -> bool {
    text.chars().count() <= MAX_TITLE_LINE_CHARS
        && !text
            .trim_end_matches(['。', '，', '；', '.'])
            .contains('。')
        && Heading::detect(text).is_none()
        && !text.starts_with("附件")
        && !ends_with_colon(text)
}

/// Where the title goes on after the blank lines at `i`: the next content line, if it and at
/// most `room` - 1 lines after it (blank lines between them allowed) turn `so_far` into a title
/// ending in a 文种. A title that already names its 文种 never continues across a blank line.
fn title_continuation(
    lines: &[Line<'_>],
    skip: &[bool],
    i: usize,
    end: usize,
    so_far: &str,
    room: usize,
) -> Option<usize> {
    if DocKind::from_title(so_far).is_some() && !so_far.trim_end().ends_with("的") {
        return None;
    }
    let first = next_content(lines, skip, i, end);
    let mut text = so_far.to_string();
    let mut k = first;
    for _ in 0..room {
        if k >= end {
            return None;
        }
        let t = lines[k].content;
        if !could_be_title(t) || is_title_note(t) || opens_title_note(t) {
            return None;
        }
        text.push_str(t);
        if DocKind::from_title(&text).is_some() && !text.trim_end().ends_with("的") {
            return Some(first);
        }
        k = next_content(lines, skip, k + 1, end);
    }
    None
}

fn opens_title_note(text: &str) -> bool {
    (text.starts_with('（') && !text.contains('）'))
        || (text.starts_with('(') && !text.contains(')'))
}

fn closes_title_note(text: &str) -> bool {
    (text.ends_with('）') && !text.contains('（')) || (text.ends_with(')') && !text.contains('('))
}

fn ends_with_colon(text: &str) -> bool {
    text.ends_with('：') || text.ends_with(':')
}

/// 题注: a bracketed line under the title.
fn is_title_note(text: &str) -> bool {
    (text.starts_with('（') && text.ends_with('）'))
        || (text.starts_with('(') && text.ends_with(')'))
}

/// The opening of a 公告 or 通告 (“现将有关事项公告如下：”), which ends in a colon too.
fn is_intro_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['：', ':']);
    t.ends_with("如下")
        || [
            "为", "根据", "按照", "依据", "经", "现", "近日", "近期", "今年",
        ]
        .iter()
        .any(|p| text.starts_with(p))
}

fn ends_like_organ(text: &str) -> bool {
    [
        "政府",
        "部门",
        "单位",
        "委员会",
        "办公室",
        "办公厅",
        "局",
        "厅",
        "委",
        "办",
        "院",
        "部",
        "公司",
        "中心",
        "所",
        "处",
        "科",
        "会",
        "市长",
        "书记",
        "同志",
        "领导",
        "主任",
    ]
    .iter()
    .any(|s| text.ends_with(s))
}

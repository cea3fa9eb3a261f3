//! No character may print as an empty box: every character is looked up in the faces chosen
//! for it; one they lack but another installed font has is reported (typst takes it from that
//! font), one that no font has stops the rendering.

use std::collections::BTreeSet;

use crate::check::{Finding, Severity};
use crate::model::ElementKind;

use super::PdfError;
use super::faces::{Face, FaceChoice};
use super::fonts::FontStore;

pub(crate) fn check(
    fonts: &FontStore,
    choices: &[FaceChoice],
    latin: Option<&str>,
    used: &[(Face, String)],
) -> Result<Vec<Finding>, PdfError> {
    let mut borrowed: BTreeSet<(char, Face)> = BTreeSet::new();
    let mut missing: BTreeSet<char> = BTreeSet::new();
    for (face, text) in used {
        let family = choices
            .iter()
            .find(|c| c.face == *face)
            .map(|c| c.family.as_str());
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            let code = c as u32;
            let covered = |name: &str| fonts.family(name).any(|i| i.coverage.contains(code));
            if family.is_some_and(covered) || (c.is_ascii() && latin.is_some_and(covered)) {
                continue;
            }
            if fonts.infos().iter().any(|i| i.coverage.contains(code)) {
                borrowed.insert((c, *face));
            } else {
                missing.insert(c);
            }
        }
    }
    if !missing.is_empty() {
        return Err(PdfError::MissingGlyphs(missing.into_iter().collect()));
    }
    Ok(borrowed
        .into_iter()
        .map(|(c, face)| {
            let family = choices
                .iter()
                .find(|x| x.face == face)
                .map_or("", |x| x.family.as_str());
            Finding::document(
                "D19",
                Severity::Warning,
                ElementKind::Document,
                format!(
                    "字符“{c}”（U+{:04X}）在{}所用字体 {family} 中没有字形，已从其他字体补字，字形风格可能不一致。",
                    c as u32,
                    face.required()
                ),
                "惯例",
            )
        })
        .collect())
}

//! The 规范 checker: the automatable checks of the element and text list (T01–T34).
//!
//! Precision over recall: a check that cannot be sure stays silent or only hints.

mod address;
mod attachment_note;
mod closing;
mod closing_phrase;
mod colophon;
mod context;
mod dates;
mod entitled_issuer;
mod finding;
mod header_classification;
mod header_copy_number;
mod header_issuing_number;
mod header_signer;
mod header_urgency;
mod headings;
mod numbers;
mod personal_data;
mod placeholders;
mod punctuation;
mod recipients;
mod repealed;
mod reply;
mod request_items;
mod routing;
mod scan;
mod tables;
mod title;
mod wording;

pub use finding::{Finding, Fix, Report, Severity};

pub(crate) use context::Cx;

use crate::model::Document;
use crate::source::SourceMap;

/// Codes this checker implements on plain text.
pub const IMPLEMENTED: [&str; 34] = [
    "T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09", "T10", "T11", "T12", "T13",
    "T14", "T15", "T16", "T17", "T18", "T19", "T20", "T21", "T22", "T23", "T24", "T25", "T26",
    "T27", "T28", "T29", "T30", "T31", "T32", "T33", "T34",
];

/// Runs every check over a parsed draft.
pub(crate) fn run(map: &SourceMap<'_>, doc: &Document) -> Vec<Finding> {
    let mut cx = Cx::new(map, doc);
    title::check(&mut cx);
    header_issuing_number::check(&mut cx);
    header_copy_number::check(&mut cx);
    header_classification::check(&mut cx);
    header_urgency::check(&mut cx);
    header_signer::check(&mut cx);
    recipients::check(&mut cx);
    headings::check(&mut cx);
    attachment_note::check(&mut cx);
    closing::check(&mut cx);
    colophon::check(&mut cx);
    request_items::check(&mut cx);
    closing_phrase::check(&mut cx);
    address::check(&mut cx);
    reply::check(&mut cx);
    entitled_issuer::check(&mut cx);
    repealed::check(&mut cx);
    punctuation::check(&mut cx);
    dates::check(&mut cx);
    wording::check(&mut cx);
    tables::check(&mut cx);
    placeholders::check(&mut cx);
    personal_data::check(&mut cx);
    routing::check(&mut cx);
    let mut findings = cx.findings;
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
    });
    findings
}

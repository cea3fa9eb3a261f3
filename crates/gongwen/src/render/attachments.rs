//! 附件 bound with the 正文: each on a new page, “附件N” in 3号 黑体 on the first line flush
//! left, the attachment's title centred on the third line, the rest formatted as the 正文
//! (GB/T 9704-2012 7.3.7).

use crate::model::Attachment;

use super::Block;
use super::body;
use super::geometry::{SIZE_2HAO, SIZE_3HAO};
use super::style::{Face, blank, centred, line, run};

pub(super) fn page(a: &Attachment) -> Vec<Block> {
    let mut out = vec![Block::from(line().page_break_before(true).add_run(run(
        &a.label.text,
        Face::HeiTi,
        SIZE_3HAO,
    )))];
    if let Some(t) = &a.title {
        out.push(Block::from(blank()));
        out.push(Block::from(centred().add_run(run(
            &t.text,
            Face::XiaoBiaoSong,
            SIZE_2HAO,
        ))));
        out.push(Block::from(blank()));
    }
    out.extend(body::text(&a.body, &a.tables, false));
    out
}

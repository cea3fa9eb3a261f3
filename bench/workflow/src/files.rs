//! Attachment metadata of a generated 公文: the 正文 with its versions and the 附件, as the
//! attachment tables hold them. No bytes are stored: the object keys name objects that do not
//! exist, which the inbox, search and 统计 never read.

use rand::{Rng, rngs::StdRng};
use sea_orm::DatabaseTransaction;

use crate::generate::Batch;

const HOUR: i64 = 3_600_000;
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The record the files belong to.
pub struct Owner<'a> {
    pub module: &'a str,
    pub record_id: i64,
    pub title: &'a str,
    pub by: i64,
    pub at: i64,
    /// A 发文's 正文 is redrafted: it has more versions than a 收文's scan.
    pub outgoing: bool,
}

fn sha256_like(rng: &mut StdRng) -> String {
    (0..4)
        .map(|_| format!("{:016x}", rng.random::<u64>()))
        .collect()
}

/// Pushes the 正文 (nine records in ten have one) and zero to three 附件.
pub async fn push(
    tx: &DatabaseTransaction,
    rng: &mut StdRng,
    atts: &mut Batch,
    versions: &mut Batch,
    next_id: &mut i64,
    o: Owner<'_>,
) -> anyhow::Result<()> {
    let mut files: Vec<(&str, String, i32, &str)> = Vec::new();
    if rng.random_bool(0.9) {
        let n = if o.outgoing {
            rng.random_range(1..=4)
        } else {
            1
        };
        let (ext, ty) = if o.outgoing {
            ("docx", DOCX)
        } else {
            ("pdf", "application/pdf")
        };
        files.push(("body", format!("{}.{ext}", o.title), n, ty));
    }
    for k in 1..=rng.random_range(0..=3) {
        files.push(("file", format!("附件{k}.pdf"), 1, "application/pdf"));
    }
    for (slot, name, n, ty) in files {
        *next_id += 1;
        let id = *next_id;
        atts.push(
            tx,
            vec![
                id.into(),
                o.module.into(),
                o.record_id.to_string().into(),
                slot.into(),
                name.clone().into(),
                n.into(),
                o.by.into(),
                o.at.into(),
            ],
        )
        .await?;
        for v in 1..=n {
            versions
                .push(
                    tx,
                    vec![
                        id.into(),
                        v.into(),
                        format!("bench/{id}/{v}").into(),
                        name.clone().into(),
                        rng.random_range(20_000i64..5_000_000).into(),
                        sha256_like(rng).into(),
                        ty.into(),
                        o.by.into(),
                        (o.at + i64::from(v - 1) * rng.random_range(HOUR..24 * HOUR)).into(),
                    ],
                )
                .await?;
        }
    }
    Ok(())
}

//! 分发 arriving: a 发文 given to an internal department or person becomes a 收文 in their
//! hands, with nothing typed again. Called by the 发文 side inside its 分发 transaction.

use sanban_platform::{
    AppError, AppResult, auth::Actor, db::WriteTx, web::format, workflow::engine,
};

use super::{
    model::{Channel, KINDS, RegisterInput, SourceClass},
    service, store,
};

/// What the 发文 carries over to the recipient's 收文.
#[derive(Clone, Debug)]
pub struct Distributed {
    /// The sending 发文's id.
    pub outgoing_id: i64,
    /// 来文单位: the issuing body (the 发文机关 of the 发文).
    pub source_unit: String,
    /// 来文字号: the 发文字号.
    pub source_number: String,
    pub title: String,
    /// 文种, e.g. 通知.
    pub kind: String,
    /// 密级, empty when none.
    pub classification: String,
    /// 紧急程度, empty when none.
    pub urgency: String,
    pub copies: i32,
    /// The receiving department, or the receiving person.
    pub department_id: Option<i64>,
    pub user_id: Option<i64>,
}

/// Registers the 收文 for one recipient and returns its id. A department's copy starts on
/// 初审 at the receiving office; a person's copy is sent to them as a 传阅.
pub async fn receive(tx: &WriteTx, actor: &Actor, d: &Distributed) -> AppResult<i64> {
    if d.department_id.is_none() && d.user_id.is_none() {
        return Err(AppError::bad("分发对象须为部门或人员"));
    }
    let kind = if KINDS.contains(&d.kind.as_str()) {
        d.kind.clone()
    } else {
        "其他".to_string()
    };
    let input = RegisterInput {
        source_unit: d.source_unit.clone(),
        source_number: d.source_number.clone(),
        title: d.title.clone(),
        kind,
        classification: d.classification.clone(),
        urgency: d.urgency.clone(),
        copies: d.copies.max(1),
        received_on: format::today().format("%Y-%m-%d").to_string(),
        due_on: String::new(),
        // Internal 分发 is by definition the OA's own electronic channel; the issuing body is
        // this organisation, a peer of the receiving department.
        channel: Channel::Oa,
        source_class: SourceClass::Peer,
        classified: false,
        need_to_know: Vec::new(),
        confirm_duplicate: true,
    };
    let id = service::register_in(tx, actor, &input, Some(d.outgoing_id)).await?;
    let inc = store::get(&**tx, id).await?;
    match (d.department_id, d.user_id) {
        (Some(dept), _) => {
            store::exec(
                &**tx,
                "UPDATE doc_incoming SET host_department_id = $1 WHERE id = $2",
                vec![dept.into(), id.into()],
            )
            .await?;
            service::start_on_check(tx, actor, &inc).await?;
        }
        (None, Some(person)) => {
            let inst = service::start_on_check(tx, actor, &inc).await?;
            engine::circulate_in(tx, actor, inst.id, &[person], "分发").await?;
        }
        (None, None) => unreachable!(),
    }
    Ok(id)
}

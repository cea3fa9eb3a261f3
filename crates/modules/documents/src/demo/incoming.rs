//! Five 收文, one at each stage: two waiting for the office's 初审 (one 特急, one past its
//! time limit), one with the 主要领导 for 批示 and sent to a 分管领导 to read (the office
//! follows it), one with a department for 承办 (the office has pressed 催办), and one 办结.

use chrono::{Datelike, Days, NaiveDate};
use sanban_platform::{
    AppError, AppResult, Db,
    auth::Actor,
    web::format::today,
    workflow::{follow, remind},
};

use super::people::{People, approve, task_of};
use crate::incoming::{
    model::{Channel, Incoming, RegisterInput, SourceClass},
    service::{self, Proposal, Registered},
};

/// How far a sample goes.
enum Stage {
    /// Waits for 初审.
    Check,
    /// 拟办 done: waits for the 主要领导's 批示; a 分管领导 reads it.
    Instruct,
    /// 批示 written: waits for the 主办 department's 承办.
    Handle,
    /// 办结.
    Done,
}

struct Sample {
    source_unit: &'static str,
    /// 来文字号 with `{}` for the year.
    source_number: &'static str,
    title: &'static str,
    kind: &'static str,
    urgency: &'static str,
    source_class: SourceClass,
    /// Days before today it came in.
    received: u64,
    /// Days from today to its time limit; negative when past.
    due: i64,
    stage: Stage,
}

const SAMPLES: &[Sample] = &[
    Sample {
        source_unit: "省应急管理厅",
        source_number: "省应急发〔{}〕45号",
        title: "关于做好汛期安全防范工作的紧急通知",
        kind: "通知",
        urgency: "特急",
        source_class: SourceClass::Superior,
        received: 0,
        due: 2,
        stage: Stage::Check,
    },
    Sample {
        source_unit: "省人民政府研究室",
        source_number: "省府研函〔{}〕18号",
        title: "关于报送政务信息工作情况的函",
        kind: "函",
        urgency: "",
        source_class: SourceClass::Government,
        received: 12,
        due: -3,
        stage: Stage::Check,
    },
    Sample {
        source_unit: "省人民政府办公厅",
        source_number: "省政办发〔{}〕27号",
        title: "关于开展安全生产大检查的通知",
        kind: "通知",
        urgency: "加急",
        source_class: SourceClass::Government,
        received: 2,
        due: 10,
        stage: Stage::Instruct,
    },
    Sample {
        source_unit: "省林业和草原局",
        source_number: "省林函〔{}〕63号",
        title: "关于征求《森林防火条例（修订草案）》意见的函",
        kind: "函",
        urgency: "",
        source_class: SourceClass::Peer,
        received: 5,
        due: 7,
        stage: Stage::Handle,
    },
    Sample {
        source_unit: "省审计厅",
        source_number: "省审发〔{}〕9号",
        title: "关于开展预算执行情况审计的通知",
        kind: "通知",
        urgency: "",
        source_class: SourceClass::Superior,
        received: 20,
        due: -6,
        stage: Stage::Done,
    },
];

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn offset(days: i64) -> NaiveDate {
    if days >= 0 {
        today() + Days::new(days as u64)
    } else {
        today() - Days::new(days.unsigned_abs())
    }
}

async fn register(db: &Db, clerk: &Actor, s: &Sample) -> AppResult<Incoming> {
    let received = today() - Days::new(s.received);
    let input = RegisterInput {
        source_unit: s.source_unit.into(),
        source_number: s.source_number.replace("{}", &received.year().to_string()),
        title: s.title.into(),
        kind: s.kind.into(),
        classification: String::new(),
        urgency: s.urgency.into(),
        copies: 1,
        received_on: day(received),
        due_on: day(offset(s.due)),
        channel: Channel::Oa,
        source_class: s.source_class,
        classified: false,
        need_to_know: Vec::new(),
        confirm_duplicate: false,
    };
    match service::register(db, clerk, input).await? {
        Registered::Created(inc) => Ok(*inc),
        Registered::Duplicate(_) => Err(AppError::Conflict(format!(
            "演示收文「{}」已登记过",
            s.title
        ))),
    }
}

/// What the office proposes at 拟办 for a sample that gets that far.
fn proposal(stage: &Stage, p: &People) -> Option<Proposal> {
    let leader = |a: &Actor| a.user_id.into_iter().collect::<Vec<_>>();
    match stage {
        Stage::Check => None,
        Stage::Instruct => Some(Proposal {
            host_department_id: p.planning,
            co_departments: vec![p.policy],
            instruct_leaders: leader(&p.chief),
            read_leaders: leader(&p.deputy),
            opinion: "建议由综合规划处牵头，政策法规处配合，制定检查方案报厅领导审定。".into(),
        }),
        Stage::Handle => Some(Proposal {
            host_department_id: p.policy,
            instruct_leaders: leader(&p.deputy),
            opinion: "建议由政策法规处研究提出意见，按时限报送。".into(),
            ..Proposal::default()
        }),
        Stage::Done => Some(Proposal {
            host_department_id: p.finance,
            opinion: "建议由财务审计处做好配合审计工作。".into(),
            ..Proposal::default()
        }),
    }
}

pub(super) async fn load(db: &Db, p: &People) -> AppResult<()> {
    for s in SAMPLES {
        let inc = register(db, &p.clerk, s).await?;
        let Some(proposal) = proposal(&s.stage, p) else {
            continue;
        };
        let record = inc.record_id();
        approve(db, &record, &p.director, "来文要素齐全，请拟办。").await?;
        let task = task_of(db, &record, &p.director).await?;
        service::propose(db, &p.director, inc.id, task.id, task.version, proposal).await?;
        match s.stage {
            // The office keeps an eye on what it sent to the 主要领导.
            Stage::Instruct => {
                follow::set(db, &p.director, task.instance_id, true).await?;
            }
            Stage::Handle => {
                let instruction = "请政策法规处认真研究，结合我省实际提出修改意见。";
                approve(db, &record, &p.deputy, instruction).await?;
                let chase = "请政策法规处于时限前报送修改意见。";
                remind::press(db, &p.director, task.instance_id, chase).await?;
            }
            Stage::Done => {
                let task = task_of(db, &record, &p.finance_head).await?;
                let result = "已按要求提供预算执行资料，配合审计组完成现场审计。";
                service::finish(
                    db,
                    &p.finance_head,
                    inc.id,
                    Some(task.id),
                    task.version,
                    result,
                )
                .await?;
            }
            Stage::Check => {}
        }
    }
    Ok(())
}

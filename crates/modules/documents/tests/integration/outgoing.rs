//! 发文 end to end: 拟稿 with the checker, the whole workflow to 归档 with people of different
//! roles and departments, 退回 and 撤回, 会签 refused, re-approval after an edit after 签发,
//! 编号 under concurrency, 分发, and who may see a record.

use sanban_documents::outgoing::{
    access,
    draft::DraftInput,
    flow,
    service::{self, External, Recipients},
};
use sanban_platform::{
    AppError,
    auth::{Actor, service as auth},
    entity::workflow_task as wtask,
    org::{
        departments::{self, DepartmentInput, DepartmentKind},
        leadership,
        people::{self, PersonInput},
    },
    workflow::{Action, engine},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::{db_test, support::TestApp};

pub struct Office {
    pub drafter: Actor,
    pub head: Actor,
    pub other_head: Actor,
    pub director: Actor,
    pub clerk: Actor,
    pub deputy: Actor,
    pub chief: Actor,
    pub outsider: Actor,
    pub other_department: i64,
    pub series: i64,
    /// username → first password, for signing in over HTTP.
    pub passwords: Vec<(String, String)>,
}

async fn department(app: &TestApp, name: &str, kind: DepartmentKind) -> i64 {
    departments::create(
        &app.state.db,
        &Actor::system("测试"),
        DepartmentInput {
            name: name.into(),
            parent_id: None,
            kind,
            sort_order: 0,
        },
    )
    .await
    .unwrap()
    .id
}

pub async fn office(app: &TestApp) -> Office {
    let db = &app.state.db;
    let sys = Actor::system("测试");
    let policy = department(app, "政策法规处", DepartmentKind::Department).await;
    let finance = department(app, "财务处", DepartmentKind::Department).await;
    let general = department(app, "办公室", DepartmentKind::Office).await;
    let leaders = department(app, "领导班子", DepartmentKind::Leadership).await;
    let mut actors = vec![];
    let mut passwords = vec![];
    for (u, n, r, d) in [
        ("nigao", "拟稿人", "staff", policy),
        ("chuzhang", "政法处长", "department_head", policy),
        ("caiwu", "财务处长", "department_head", finance),
        ("zhuren", "办公室主任", "office_director", general),
        ("wenmi", "文秘", "clerk", general),
        ("fenguan", "分管副局长", "deputy_leader", leaders),
        ("juzhang", "局长", "chief_leader", leaders),
        ("pangren", "财务处干部", "staff", finance),
    ] {
        let created = people::create(
            db,
            &sys,
            PersonInput {
                username: u.into(),
                name: n.into(),
                department_id: Some(d),
                post_id: None,
                phone: String::new(),
                email: String::new(),
                roles: vec![r.into()],
                active: true,
                sort_order: 0,
                create_account: true,
                version: None,
            },
        )
        .await
        .unwrap();
        passwords.push((u.to_string(), created.initial_password.unwrap()));
        actors.push(
            auth::load_actor(db, created.person.id, None, None)
                .await
                .unwrap()
                .unwrap(),
        );
    }
    leadership::set(db, &sys, actors[5].user_id.unwrap(), &[policy, finance])
        .await
        .unwrap();
    let series = service::create_series(db, &actors[4], "某办", "某某市人民政府办公室")
        .await
        .unwrap()
        .id;
    let mut a = actors.into_iter();
    Office {
        drafter: a.next().unwrap(),
        head: a.next().unwrap(),
        other_head: a.next().unwrap(),
        director: a.next().unwrap(),
        clerk: a.next().unwrap(),
        deputy: a.next().unwrap(),
        chief: a.next().unwrap(),
        outsider: a.next().unwrap(),
        other_department: finance,
        series,
        passwords,
    }
}

pub fn good_draft() -> DraftInput {
    DraftInput {
        kind: "通知".into(),
        title: "关于做好2022年防汛工作的通知".into(),
        main_to: "各区人民政府，市政府各部门".into(),
        copy_to: "市委办公室".into(),
        classification: String::new(),
        urgency: String::new(),
        direction: "下行文".into(),
        publicity: "主动公开".into(),
        important: false,
        body: "为切实做好2022年防汛工作，现就有关事项通知如下。\n请各单位认真贯彻落实。".into(),
        countersign_departments: vec![],
    }
}

/// The pending task `who` holds on the record's running instance.
pub async fn task_of(app: &TestApp, who: &Actor, id: i64) -> Option<(i64, i32, String)> {
    let inst = service::instance(app.state.db.conn(), id).await.unwrap()?;
    wtask::Entity::find()
        .filter(wtask::Column::InstanceId.eq(inst.id))
        .filter(wtask::Column::AssigneeId.eq(who.user_id.unwrap()))
        .filter(wtask::Column::Status.eq(engine::task_status::PENDING))
        .one(app.state.db.conn())
        .await
        .unwrap()
        .map(|t| (t.id, t.version, t.step_name))
}

pub async fn approve(app: &TestApp, who: &Actor, id: i64, step: &str) {
    let (t, v, name) = task_of(app, who, id)
        .await
        .unwrap_or_else(|| panic!("{} has no task at {step}", who.name));
    assert_eq!(name, step, "{} is at the wrong step", who.name);
    engine::act(
        &app.state.db,
        who,
        t,
        v,
        Action::Approve {
            opinion: "同意".into(),
        },
    )
    .await
    .unwrap();
}

async fn sign(app: &TestApp, who: &Actor, id: i64) -> Result<(), AppError> {
    let (t, v, _) = task_of(app, who, id).await.expect("a signing task");
    service::sign(&app.state.db, who, id, t, v, "同意印发").await
}

async fn number(app: &TestApp, o: &Office, id: i64) -> Result<String, AppError> {
    let (t, v, _) = task_of(app, &o.clerk, id).await.expect("a 编号 task");
    service::number(&app.state.db, &o.clerk, id, t, v, o.series).await
}

async fn step_of(app: &TestApp, id: i64) -> String {
    let i = service::instance(app.state.db.conn(), id)
        .await
        .unwrap()
        .unwrap();
    service::status_label(Some(&i), &service::step_name(&i))
}

/// A submitted draft taken through 核稿, 审核 and 签发 to 复核.
pub async fn to_recheck(app: &TestApp, o: &Office) -> i64 {
    let db = &app.state.db;
    let m = service::create(db, &o.drafter, &good_draft())
        .await
        .unwrap();
    service::submit(db, &o.drafter, m.id).await.unwrap();
    approve(app, &o.head, m.id, flow::HEAD_REVIEW).await;
    approve(app, &o.director, m.id, flow::OFFICE_REVIEW).await;
    sign(app, &o.deputy, m.id).await.unwrap();
    m.id
}

db_test!(full_path_to_archive, |app: TestApp| async move {
    let o = office(&app).await;
    let db = &app.state.db;
    let mut d = good_draft();
    d.countersign_departments = vec![o.other_department];
    let m = service::create(db, &o.drafter, &d).await.unwrap();
    assert_eq!(m.error_count, 0, "the good draft has no error findings");
    assert_eq!(step_of_none(&app, m.id).await, "草稿");
    service::submit(db, &o.drafter, m.id).await.unwrap();
    assert_eq!(step_of(&app, m.id).await, "核稿中");
    approve(&app, &o.head, m.id, flow::HEAD_REVIEW).await;
    approve(&app, &o.other_head, m.id, flow::COUNTERSIGN).await;
    approve(&app, &o.director, m.id, flow::OFFICE_REVIEW).await;
    assert_eq!(step_of(&app, m.id).await, "签发中");
    assert!(
        task_of(&app, &o.chief, m.id).await.is_none(),
        "a 下行文 not marked important is signed by the 分管领导"
    );
    sign(&app, &o.deputy, m.id).await.unwrap();
    approve(&app, &o.clerk, m.id, flow::RECHECK).await;
    let n = number(&app, &o, m.id).await.unwrap();
    assert_eq!(n, "某办〔2026〕1号".replace("2026", &year()));
    approve(&app, &o.clerk, m.id, flow::SEAL).await;
    approve(&app, &o.clerk, m.id, flow::PRINT).await;
    let (t, v, _) = task_of(&app, &o.clerk, m.id).await.unwrap();
    let count = service::distribute(
        db,
        &o.clerk,
        m.id,
        t,
        v,
        &Recipients {
            external: vec![External {
                unit: "市水务局".into(),
                channel: "电子公文交换".into(),
            }],
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(count, 1);
    approve(&app, &o.clerk, m.id, flow::ARCHIVE).await;
    assert_eq!(step_of(&app, m.id).await, "已归档");
    let m = service::load(db.conn(), m.id).await.unwrap();
    assert_eq!(m.signer_name.as_deref(), Some("分管副局长"));
    assert_eq!(m.signed_version, Some(1));
    assert_eq!(m.number, Some(1));
    let d = service::distributions(db.conn(), m.id).await.unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].unit_name.as_deref(), Some("市水务局"));
    assert_eq!(d[0].channel.as_deref(), Some("电子公文交换"));
    // Everyone who took part may still open it; a stranger may not.
    for who in [&o.drafter, &o.head, &o.other_head, &o.deputy, &o.clerk] {
        assert!(
            access::can_read(db, who, m.id).await.unwrap(),
            "{}",
            who.name
        );
    }
    assert!(!access::can_read(db, &o.outsider, m.id).await.unwrap());
    assert!(matches!(
        access::readable(db, &o.outsider, m.id).await,
        Err(AppError::Forbidden)
    ));
});

fn year() -> String {
    sanban_platform::web::format::today()
        .format("%Y")
        .to_string()
}

async fn step_of_none(app: &TestApp, id: i64) -> String {
    let i = service::instance(app.state.db.conn(), id).await.unwrap();
    service::status_label(i.as_ref(), "")
}

db_test!(
    upward_document_is_signed_by_the_chief,
    |app: TestApp| async move {
        let o = office(&app).await;
        let db = &app.state.db;
        let mut d = good_draft();
        d.direction = "上行文".into();
        d.kind = "报告".into();
        d.title = "关于2022年防汛工作情况的报告".into();
        d.main_to = "市人民政府".into();
        let m = service::create(db, &o.drafter, &d).await.unwrap();
        service::submit(db, &o.drafter, m.id).await.unwrap();
        approve(&app, &o.head, m.id, flow::HEAD_REVIEW).await;
        approve(&app, &o.director, m.id, flow::OFFICE_REVIEW).await;
        assert!(task_of(&app, &o.deputy, m.id).await.is_none());
        assert_eq!(step_of(&app, m.id).await, "签发（主要领导）中");
        sign(&app, &o.chief, m.id).await.unwrap();
        let m = service::load(db.conn(), m.id).await.unwrap();
        assert_eq!(m.signer_name.as_deref(), Some("局长"));
    }
);

db_test!(return_and_withdraw, |app: TestApp| async move {
    let o = office(&app).await;
    let db = &app.state.db;
    let m = service::create(db, &o.drafter, &good_draft())
        .await
        .unwrap();
    service::submit(db, &o.drafter, m.id).await.unwrap();
    // 退回 by the head to the drafter, with a reason.
    let (t, v, _) = task_of(&app, &o.head, m.id).await.unwrap();
    engine::act(
        db,
        &o.head,
        t,
        v,
        Action::Return {
            to_step: engine::DRAFTER_STEP,
            reason: "请补充具体措施".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(step_of(&app, m.id).await, "退回修改");
    let mut d = good_draft();
    d.body.push_str("\n各区要落实防汛责任人。");
    let m2 = service::save(db, &o.drafter, m.id, &d).await.unwrap();
    assert_eq!(m2.current_version, 2);
    let (t, v, name) = task_of(&app, &o.drafter, m.id).await.unwrap();
    assert_eq!(name, "修改后重新提交");
    engine::act(
        db,
        &o.drafter,
        t,
        v,
        Action::Approve {
            opinion: String::new(),
        },
    )
    .await
    .unwrap();
    assert_eq!(step_of(&app, m.id).await, "核稿中");
    // 撤回 before anyone acted after the resubmission is not possible (the head acted
    // earlier); a fresh draft is withdrawn while untouched and takes no number.
    let w = service::create(db, &o.drafter, &good_draft())
        .await
        .unwrap();
    service::submit(db, &o.drafter, w.id).await.unwrap();
    let inst = service::instance(db.conn(), w.id).await.unwrap().unwrap();
    engine::withdraw(db, &o.drafter, inst.id).await.unwrap();
    assert_eq!(step_of(&app, w.id).await, "已撤回");
    assert!(task_of(&app, &o.head, w.id).await.is_none());
    let w = service::load(db.conn(), w.id).await.unwrap();
    assert_eq!(w.number, None);
    assert_eq!(w.doc_number, None);
    // Submitted again after the 撤回, it runs once more.
    service::submit(db, &o.drafter, w.id).await.unwrap();
    assert_eq!(step_of(&app, w.id).await, "核稿中");
    assert!(matches!(
        service::submit(db, &o.drafter, w.id).await,
        Err(AppError::Conflict(_))
    ));
});

db_test!(
    countersign_refused_returns_to_drafter,
    |app: TestApp| async move {
        let o = office(&app).await;
        let db = &app.state.db;
        let mut d = good_draft();
        d.countersign_departments = vec![o.other_department];
        let m = service::create(db, &o.drafter, &d).await.unwrap();
        service::submit(db, &o.drafter, m.id).await.unwrap();
        approve(&app, &o.head, m.id, flow::HEAD_REVIEW).await;
        let (t, v, name) = task_of(&app, &o.other_head, m.id).await.unwrap();
        assert_eq!(name, flow::COUNTERSIGN);
        engine::act(
            db,
            &o.other_head,
            t,
            v,
            Action::Return {
                to_step: engine::DRAFTER_STEP,
                reason: "经费来源表述不准确，不同意会签".into(),
            },
        )
        .await
        .unwrap();
        assert_eq!(step_of(&app, m.id).await, "退回修改");
        assert!(task_of(&app, &o.director, m.id).await.is_none());
        let inst = service::instance(db.conn(), m.id).await.unwrap().unwrap();
        let view = engine::detail(db, &o.drafter, inst.id).await.unwrap();
        assert!(
            view.opinions
                .iter()
                .any(|op| op.step_name == "会签" && op.text.contains("不同意会签"))
        );
    }
);

db_test!(
    edit_after_signing_goes_back_to_the_signer,
    |app: TestApp| async move {
        let o = office(&app).await;
        let db = &app.state.db;
        let id = to_recheck(&app, &o).await;
        assert_eq!(step_of(&app, id).await, "复核中");
        // The office changes the 正文 at 复核: W05.
        let mut d = good_draft();
        d.body = d.body.replace("认真贯彻落实", "认真贯彻落实，确保安全度汛");
        let m = service::save(db, &o.clerk, id, &d).await.unwrap();
        assert_eq!(m.current_version, 2);
        assert_eq!(m.signed_version, Some(1));
        assert_eq!(step_of(&app, id).await, "签发中");
        assert!(task_of(&app, &o.clerk, id).await.is_none());
        let inst = service::instance(db.conn(), id).await.unwrap().unwrap();
        let view = engine::detail(db, &o.deputy, inst.id).await.unwrap();
        assert!(
            view.opinions
                .iter()
                .any(|op| op.text.contains("第 1 版改为第 2 版") && op.text.contains("重新审批"))
        );
        sign(&app, &o.deputy, id).await.unwrap();
        let m = service::load(db.conn(), id).await.unwrap();
        assert_eq!(m.signed_version, Some(2));
        assert_eq!(step_of(&app, id).await, "复核中");
        // The versions are all kept.
        let vs = service::versions(db.conn(), id).await.unwrap();
        assert_eq!(vs.len(), 2);
        assert!(vs[1].body.contains("确保安全度汛"));
        assert!(!vs[0].body.contains("确保安全度汛"));
        // Saving the same text again changes nothing and sends nothing back.
        service::save(db, &o.clerk, id, &d).await.unwrap();
        assert_eq!(step_of(&app, id).await, "复核中");
    }
);

db_test!(
    error_findings_block_signing_until_overridden,
    |app: TestApp| async move {
        let o = office(&app).await;
        let db = &app.state.db;
        let mut d = good_draft();
        // An 附件 number followed by “、” instead of “.” is an error (T11).
        d.body = "请各单位认真贯彻落实。\n附件：1、防汛责任人名单".into();
        let m = service::create(db, &o.drafter, &d).await.unwrap();
        let vs = service::versions(db.conn(), m.id).await.unwrap();
        let text = &vs[0].body;
        let findings = sanban_documents::outgoing::draft::check(text);
        assert_eq!(
            m.error_count as usize,
            findings.iter().filter(|f| f.error).count()
        );
        assert!(
            findings.iter().any(|f| f.error && f.code == "T11"),
            "expected a T11 error on: {text}\n{findings:?}"
        );
        service::submit(db, &o.drafter, m.id).await.unwrap();
        approve(&app, &o.head, m.id, flow::HEAD_REVIEW).await;
        approve(&app, &o.director, m.id, flow::OFFICE_REVIEW).await;
        let refused = sign(&app, &o.deputy, m.id).await;
        assert!(
            matches!(&refused, Err(AppError::BadRequest(msg)) if msg.contains("错误级规范问题")),
            "{refused:?}"
        );
        assert_eq!(step_of(&app, m.id).await, "签发中");
        // Only the office may override, and only with a reason.
        assert!(matches!(
            service::override_findings(db, &o.drafter, m.id, "急用").await,
            Err(AppError::Forbidden)
        ));
        assert!(
            service::override_findings(db, &o.clerk, m.id, "  ")
                .await
                .is_err()
        );
        service::override_findings(db, &o.clerk, m.id, "引用原文，标点按原文保留")
            .await
            .unwrap();
        sign(&app, &o.deputy, m.id).await.unwrap();
        let m = service::load(db.conn(), m.id).await.unwrap();
        assert_eq!(
            m.override_reason.as_deref(),
            Some("引用原文，标点按原文保留")
        );
        assert_eq!(m.override_by, o.clerk.user_id);
    }
);

db_test!(outsider_sees_nothing, |app: TestApp| async move {
    let o = office(&app).await;
    let db = &app.state.db;
    let m = service::create(db, &o.drafter, &good_draft())
        .await
        .unwrap();
    assert!(
        access::can_read(db, &o.head, m.id).await.unwrap(),
        "the drafting head"
    );
    assert!(
        access::can_read(db, &o.clerk, m.id).await.unwrap(),
        "the office"
    );
    assert!(!access::can_read(db, &o.other_head, m.id).await.unwrap());
    assert!(!access::can_read(db, &o.outsider, m.id).await.unwrap());
    assert!(matches!(
        service::save(db, &o.outsider, m.id, &good_draft()).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        service::submit(db, &o.outsider, m.id).await,
        Err(AppError::Forbidden)
    ));
});

db_test!(
    hundred_parallel_numbers_are_gap_free,
    |app: TestApp| async move {
        let o = std::sync::Arc::new(office(&app).await);
        let db = app.state.db.clone();
        let mut ids = vec![];
        for _ in 0..100 {
            ids.push(to_recheck(&app, &o).await);
        }
        for id in &ids {
            approve(&app, &o.clerk, *id, flow::RECHECK).await;
        }
        // A withdrawn draft never reaches 编号 and never takes a number.
        let w = service::create(&db, &o.drafter, &good_draft())
            .await
            .unwrap();
        service::submit(&db, &o.drafter, w.id).await.unwrap();
        let inst = service::instance(db.conn(), w.id).await.unwrap().unwrap();
        engine::withdraw(&db, &o.drafter, inst.id).await.unwrap();
        let mut tasks = vec![];
        for id in &ids {
            let (t, v, _) = task_of(&app, &o.clerk, *id).await.unwrap();
            tasks.push((*id, t, v));
        }
        let handles: Vec<_> = tasks
            .into_iter()
            .map(|(id, t, v)| {
                let db = db.clone();
                let o = o.clone();
                tokio::spawn(
                    async move { service::number(&db, &o.clerk, id, t, v, o.series).await },
                )
            })
            .collect();
        for h in futures_util::future::join_all(handles).await {
            h.unwrap().unwrap();
        }
        let mut numbers = vec![];
        for id in &ids {
            let m = service::load(db.conn(), *id).await.unwrap();
            assert_eq!(
                m.doc_number.clone().unwrap(),
                format!("某办〔{}〕{}号", year(), m.number.unwrap())
            );
            numbers.push(m.number.unwrap());
        }
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=100).collect::<Vec<i64>>());
        let w = service::load(db.conn(), w.id).await.unwrap();
        assert_eq!(w.number, None);
    }
);

// Needs the 收文 side's `receive`; until it lands the 分发 is refused and this fails.
db_test!(distribution_creates_incoming, |app: TestApp| async move {
    let o = office(&app).await;
    let db = &app.state.db;
    let id = to_recheck(&app, &o).await;
    approve(&app, &o.clerk, id, flow::RECHECK).await;
    number(&app, &o, id).await.unwrap();
    approve(&app, &o.clerk, id, flow::SEAL).await;
    approve(&app, &o.clerk, id, flow::PRINT).await;
    let (t, v, _) = task_of(&app, &o.clerk, id).await.unwrap();
    let count = service::distribute(
        db,
        &o.clerk,
        id,
        t,
        v,
        &Recipients {
            departments: vec![o.other_department],
            people: vec![o.head.user_id.unwrap()],
            external: vec![],
        },
    )
    .await
    .unwrap();
    assert_eq!(count, 2);
    let d = service::distributions(db.conn(), id).await.unwrap();
    assert_eq!(d.len(), 2);
    assert!(d.iter().all(|r| r.internal && r.incoming_id.is_some()));
    assert_eq!(d[0].department_id, Some(o.other_department));
    assert_eq!(d[1].user_id, o.head.user_id);
});

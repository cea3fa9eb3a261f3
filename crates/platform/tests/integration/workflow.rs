use sanban_platform::{
    AppError,
    auth::{Actor, Role, service},
    org::{
        delegation::{self, DelegationInput},
        departments::{self, DepartmentInput, DepartmentKind},
        leadership,
    },
    web::format,
    workflow::{
        Action, AssigneeRule, Condition, Definition, SignMode, StartRequest, Starter, StepDef,
        engine::{self, DRAFTER_STEP},
        inbox::{self, Folder, InboxQuery},
    },
};
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::{db_test, support::TestApp};

struct Office {
    drafter: Actor,
    head: Actor,
    deputy: Actor,
    chief: Actor,
    co_a: Actor,
    co_b: Actor,
    outsider: Actor,
    department: i64,
}

fn step(name: &str, assignee: AssigneeRule) -> StepDef {
    StepDef {
        name: name.into(),
        assignee,
        mode: SignMode::Any,
        when: None,
        due_days: Some(3),
    }
}

fn definition() -> Definition {
    Definition {
        key: "test.outgoing".into(),
        version: 1,
        name: "测试发文".into(),
        reminders: Default::default(),
        module_steps: Vec::new(),
        module_only: false,
        starter: None,
        steps: vec![
            step("核稿", AssigneeRule::DepartmentHead),
            StepDef {
                mode: SignMode::All,
                when: Some(Condition::Present {
                    field: "cosigners".into(),
                }),
                ..step(
                    "会签",
                    AssigneeRule::Field {
                        name: "cosigners".into(),
                    },
                )
            },
            step("分管领导审核", AssigneeRule::DeputyLeader),
            StepDef {
                when: Some(Condition::Equals {
                    field: "direction".into(),
                    value: json!("上行文"),
                }),
                ..step("主要领导签发", AssigneeRule::ChiefLeader)
            },
        ],
    }
}

async fn actor(app: &TestApp, id: i64) -> Actor {
    service::load_actor(&app.state.db, id, None, None)
        .await
        .unwrap()
        .unwrap()
}

async fn office(app: &TestApp) -> Office {
    let db = &app.state.db;
    let sys = Actor::system("测试");
    let dept = departments::create(
        db,
        &sys,
        DepartmentInput {
            name: "政策法规处".into(),
            parent_id: None,
            kind: DepartmentKind::Department,
            sort_order: 0,
        },
    )
    .await
    .unwrap();
    let admin = app.admin().await;
    let mut ids = vec![];
    for (u, n, r) in [
        ("qicao", "起草人", "staff"),
        ("chuzhang", "处长", "department_head"),
        ("fenguan", "分管副厅长", "deputy_leader"),
        ("tingzhang", "厅长", "chief_leader"),
        ("huiqiana", "会签甲", "department_head"),
        ("huiqianb", "会签乙", "department_head"),
        ("pangren", "旁人", "staff"),
    ] {
        ids.push(app.create_user(&admin, u, n, &[r]).await.0);
    }
    for id in [ids[0], ids[1]] {
        let t = app.csrf(&admin, "/").await;
        let p: serde_json::Value = admin
            .get(app.url(&format!("/api/v1/people/{id}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let res = admin.put(app.url(&format!("/api/v1/people/{id}"))).header("x-csrf-token", t)
            .json(&json!({"username": p["username"], "name": p["name"], "roles": p["roles"], "department_id": dept.id})).send().await.unwrap();
        assert!(res.status().is_success());
    }
    leadership::set(db, &sys, ids[2], &[dept.id]).await.unwrap();
    engine::register(db, &definition()).await.unwrap();
    Office {
        drafter: actor(app, ids[0]).await,
        head: actor(app, ids[1]).await,
        deputy: actor(app, ids[2]).await,
        chief: actor(app, ids[3]).await,
        co_a: actor(app, ids[4]).await,
        co_b: actor(app, ids[5]).await,
        outsider: actor(app, ids[6]).await,
        department: dept.id,
    }
}

fn request(o: &Office, fields: serde_json::Value) -> StartRequest {
    StartRequest {
        definition_key: "test.outgoing".into(),
        module: "test".into(),
        record_id: "1".into(),
        title: "关于做好年度督查工作的通知".into(),
        department_id: Some(o.department),
        fields: fields.as_object().cloned().unwrap(),
        urgent: false,
        due_at: None,
    }
}

async fn my_task(app: &TestApp, who: &Actor, instance: i64) -> (i64, i32) {
    let v = engine::detail(&app.state.db, who, instance).await.unwrap();
    let t = v.my_tasks.first().unwrap_or_else(|| {
        panic!(
            "{} has no task; current step {}",
            who.name, v.current_step_name
        )
    });
    (t.id, t.version)
}

async fn approve(app: &TestApp, who: &Actor, instance: i64, text: &str) {
    let (id, v) = my_task(app, who, instance).await;
    engine::act(
        &app.state.db,
        who,
        id,
        v,
        Action::Approve {
            opinion: text.into(),
        },
    )
    .await
    .unwrap();
}

db_test!(
    countersign_then_deputy_and_conditions_skip_steps,
    |app: TestApp| async move {
        let o = office(&app).await;
        let db = &app.state.db;
        let cosigners = json!([o.co_a.user_id, o.co_b.user_id]);
        let inst = engine::start(
            db,
            &o.drafter,
            request(&o, json!({"direction": "下行文", "cosigners": cosigners})),
        )
        .await
        .unwrap();
        approve(&app, &o.head, inst.id, "请会签").await;
        approve(&app, &o.co_a, inst.id, "同意").await;
        let v = engine::detail(db, &o.drafter, inst.id).await.unwrap();
        assert_eq!(
            v.current_step_name, "会签",
            "all must sign before it moves on"
        );
        approve(&app, &o.co_b, inst.id, "无意见").await;
        approve(&app, &o.deputy, inst.id, "同意印发").await;
        let v = engine::detail(db, &o.drafter, inst.id).await.unwrap();
        assert_eq!(v.status, "completed", "a 下行文 skips the 主要领导");
        let trail: Vec<(String, &str, String)> = v
            .opinions
            .iter()
            .map(|x| (x.signer.clone(), x.action_label, x.text.clone()))
            .collect();
        assert_eq!(
            trail,
            vec![
                ("起草人".into(), "提交", "提交".into()),
                ("处长".into(), "同意", "请会签".into()),
                ("会签甲".into(), "同意", "同意".into()),
                ("会签乙".into(), "同意", "无意见".into()),
                ("分管副厅长".into(), "同意", "同意印发".into()),
            ]
        );
        let done = inbox::list(db, &o.deputy, &InboxQuery::of(Folder::Done))
            .await
            .unwrap();
        assert_eq!(done[0].title, "关于做好年度督查工作的通知");
        assert!(
            inbox::list(db, &o.chief, &InboxQuery::of(Folder::Todo))
                .await
                .unwrap()
                .is_empty()
        );

        let up = engine::start(db, &o.drafter, request(&o, json!({"direction": "上行文"})))
            .await
            .unwrap();
        approve(&app, &o.head, up.id, "").await;
        approve(&app, &o.deputy, up.id, "").await;
        let todo = inbox::list(db, &o.chief, &InboxQuery::of(Folder::Todo))
            .await
            .unwrap();
        assert_eq!(todo.len(), 1, "an 上行文 goes to the 主要领导");
        assert_eq!(todo[0].step_name, "主要领导签发");
    }
);

db_test!(
    return_to_the_drafter_and_resubmit,
    |app: TestApp| async move {
        let o = office(&app).await;
        let db = &app.state.db;
        let inst = engine::start(db, &o.drafter, request(&o, json!({})))
            .await
            .unwrap();
        let (t, v) = my_task(&app, &o.head, inst.id).await;
        let err = engine::act(
            db,
            &o.head,
            t,
            v,
            Action::Return {
                to_step: DRAFTER_STEP,
                reason: "  ".into(),
            },
        )
        .await
        .unwrap_err();
        assert!(err.to_string().contains("退回须写明理由"));
        let err = engine::act(
            db,
            &o.head,
            t,
            v,
            Action::Return {
                to_step: 2,
                reason: "x".into(),
            },
        )
        .await
        .unwrap_err();
        assert!(err.to_string().contains("只能退回到之前的步骤"));
        engine::act(
            db,
            &o.head,
            t,
            v,
            Action::Return {
                to_step: DRAFTER_STEP,
                reason: "主送机关有误".into(),
            },
        )
        .await
        .unwrap();
        let todo = inbox::list(db, &o.drafter, &InboxQuery::of(Folder::Todo))
            .await
            .unwrap();
        assert_eq!(todo[0].step_name, "修改后重新提交");
        approve(&app, &o.drafter, inst.id, "已修改").await;
        let v = engine::detail(db, &o.head, inst.id).await.unwrap();
        assert_eq!(v.current_step_name, "核稿", "back to the first step");
        assert!(
            v.opinions
                .iter()
                .any(|x| x.action == "return" && x.text == "主送机关有误" && x.signer == "处长")
        );
    }
);

db_test!(
    withdraw_before_the_next_person_acts,
    |app: TestApp| async move {
        let o = office(&app).await;
        let db = &app.state.db;
        let inst = engine::start(db, &o.drafter, request(&o, json!({})))
            .await
            .unwrap();
        approve(&app, &o.head, inst.id, "同意").await;
        assert_eq!(inbox::counts(db, &o.deputy).await.unwrap().0, 1);
        engine::withdraw(db, &o.head, inst.id).await.unwrap();
        assert_eq!(
            inbox::counts(db, &o.deputy).await.unwrap().0,
            0,
            "the next person's task is gone"
        );
        assert_eq!(
            inbox::counts(db, &o.head).await.unwrap().0,
            1,
            "the head has it again"
        );
        approve(&app, &o.head, inst.id, "改后同意").await;
        approve(&app, &o.deputy, inst.id, "同意").await;
        let err = engine::withdraw(db, &o.head, inst.id).await.unwrap_err();
        assert!(matches!(err, AppError::Conflict(_)), "completed: {err}");

        let other = engine::start(db, &o.drafter, request(&o, json!({})))
            .await
            .unwrap();
        assert!(matches!(
            engine::withdraw(db, &o.outsider, other.id)
                .await
                .unwrap_err(),
            AppError::Forbidden
        ));
        engine::withdraw(db, &o.drafter, other.id).await.unwrap();
        assert_eq!(
            engine::detail(db, &o.drafter, other.id)
                .await
                .unwrap()
                .status,
            "withdrawn"
        );
        assert_eq!(inbox::counts(db, &o.head).await.unwrap().0, 0);
    }
);

db_test!(
    acting_for_someone_signs_with_dai,
    |app: TestApp| async move {
        let o = office(&app).await;
        let db = &app.state.db;
        let today = format::today().format("%Y-%m-%d").to_string();
        delegation::create(
            db,
            &o.deputy,
            DelegationInput {
                principal_id: o.deputy.user_id.unwrap(),
                acting_id: o.head.user_id.unwrap(),
                starts_on: today.clone(),
                ends_on: today,
                reason: "出差".into(),
            },
        )
        .await
        .unwrap();
        let inst = engine::start(db, &o.drafter, request(&o, json!({})))
            .await
            .unwrap();
        approve(&app, &o.head, inst.id, "同意").await;
        let todo = inbox::list(db, &o.head, &InboxQuery::of(Folder::Todo))
            .await
            .unwrap();
        assert_eq!(todo.len(), 1);
        assert_eq!(todo[0].for_whom.as_deref(), Some("分管副厅长"));
        approve(&app, &o.head, inst.id, "同意（代签）").await;
        let v = engine::detail(db, &o.deputy, inst.id).await.unwrap();
        assert_eq!(v.status, "completed");
        assert_eq!(v.opinions.last().unwrap().signer, "处长（代）");
    }
);

db_test!(
    transfer_and_circulate_with_read_receipts,
    |app: TestApp| async move {
        let o = office(&app).await;
        let db = &app.state.db;
        let inst = engine::start(db, &o.drafter, request(&o, json!({})))
            .await
            .unwrap();
        let (t, v) = my_task(&app, &o.head, inst.id).await;
        engine::act(
            db,
            &o.head,
            t,
            v,
            Action::Transfer {
                to_user: o.co_a.user_id.unwrap(),
                note: "请代为核稿".into(),
            },
        )
        .await
        .unwrap();
        approve(&app, &o.co_a, inst.id, "核稿完毕").await;
        engine::circulate(
            db,
            &o.deputy,
            inst.id,
            &[o.chief.user_id.unwrap(), o.outsider.user_id.unwrap()],
            "请阅",
        )
        .await
        .unwrap();
        assert_eq!(inbox::counts(db, &o.chief).await.unwrap().1, 1);
        let (rt, rv) = my_task(&app, &o.outsider, inst.id).await;
        let err = engine::act(
            db,
            &o.outsider,
            rt,
            rv,
            Action::Approve {
                opinion: String::new(),
            },
        )
        .await
        .unwrap_err();
        assert!(err.to_string().contains("传阅件只能标记为已阅"));
        engine::act(
            db,
            &o.outsider,
            rt,
            rv,
            Action::MarkRead {
                comment: "已阅，按要求落实".into(),
            },
        )
        .await
        .unwrap();
        assert_eq!(
            inbox::list(db, &o.outsider, &InboxQuery::of(Folder::Read))
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(
            inbox::list(db, &o.outsider, &InboxQuery::of(Folder::Unread))
                .await
                .unwrap()
                .is_empty()
        );
        let v = engine::detail(db, &o.drafter, inst.id).await.unwrap();
        let labels: Vec<&str> = v.opinions.iter().map(|x| x.action_label).collect();
        assert_eq!(labels, vec!["提交", "转办", "同意", "传阅", "已阅"]);
        assert_eq!(v.opinions[1].text, "转办给会签甲：请代为核稿");
    }
);

db_test!(
    fifty_clicks_on_one_step_approve_once,
    |app: TestApp| async move {
        let o = office(&app).await;
        let db = app.state.db.clone();
        let inst = engine::start(&db, &o.drafter, request(&o, json!({})))
            .await
            .unwrap();
        let (t, v) = my_task(&app, &o.head, inst.id).await;
        let mut handles = vec![];
        for _ in 0..50 {
            let (db, head) = (db.clone(), o.head.clone());
            handles.push(tokio::spawn(async move {
                engine::act(
                    &db,
                    &head,
                    t,
                    v,
                    Action::Approve {
                        opinion: "同意".into(),
                    },
                )
                .await
            }));
        }
        let mut ok = 0;
        for h in handles {
            match h.await.unwrap() {
                Ok(()) => ok += 1,
                Err(AppError::Conflict(m)) => assert!(m.contains("已被处理")),
                Err(e) => panic!("unexpected: {e:?}"),
            }
        }
        assert_eq!(ok, 1);
        let v = engine::detail(&db, &o.drafter, inst.id).await.unwrap();
        assert_eq!(
            v.opinions.iter().filter(|x| x.action == "approve").count(),
            1
        );
        assert_eq!(v.current_step_name, "分管领导审核");
        assert_eq!(
            v.tasks
                .iter()
                .filter(|t| t.step_name == "分管领导审核")
                .count(),
            1,
            "the next step was created once"
        );
    }
);

db_test!(outsiders_see_and_do_nothing, |app: TestApp| async move {
    let o = office(&app).await;
    let db = &app.state.db;
    let inst = engine::start(db, &o.drafter, request(&o, json!({})))
        .await
        .unwrap();
    assert!(matches!(
        engine::detail(db, &o.outsider, inst.id).await.unwrap_err(),
        AppError::Forbidden
    ));
    let (t, v) = my_task(&app, &o.head, inst.id).await;
    assert!(matches!(
        engine::act(
            db,
            &o.outsider,
            t,
            v,
            Action::Approve {
                opinion: String::new()
            }
        )
        .await
        .unwrap_err(),
        AppError::Forbidden
    ));
    assert!(matches!(
        engine::terminate(db, &o.outsider, inst.id, "无权")
            .await
            .unwrap_err(),
        AppError::Forbidden
    ));
    engine::terminate(db, &o.drafter, inst.id, "情况有变，不再发文")
        .await
        .unwrap();
    let err = engine::act(
        db,
        &o.head,
        t,
        v,
        Action::Approve {
            opinion: String::new(),
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Conflict(_)));
    assert_eq!(inbox::counts(db, &o.head).await.unwrap().0, 0);
    let _ = (&o.chief, Role::Staff);
});

db_test!(the_badge_stops_at_99_plus, |app: TestApp| async move {
    let (_, drafter_id, _, head_id, head) = single_step(&app).await;
    let db = &app.state.db;
    let drafter = actor(&app, drafter_id).await;
    let boss = actor(&app, head_id).await;
    let badges = |page: String| {
        let at = |opening: &str| {
            let from = page.find(opening)? + opening.len();
            Some(page[from..from + page[from..].find('<')?].to_string())
        };
        (at("id=\"waiting-count\">"), at("<span class=\"count\">"))
    };
    for n in 1..=101_i64 {
        engine::start(
            db,
            &drafter,
            single_request(n, &format!("第{n}件请示"), false),
        )
        .await
        .unwrap();
        if n < 99 {
            continue;
        }
        let (todo, unread) = inbox::counts(db, &boss).await.unwrap();
        assert_eq!((todo, unread), (n.min(100) as u64, 0), "after {n} records");
        let page = head
            .get(app.url("/inbox"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let shown = if n == 99 { "99" } else { "99+" };
        assert_eq!(
            badges(page),
            (Some(shown.to_string()), Some(shown.to_string())),
            "top bar and 待办 folder after {n} records"
        );
    }
});

db_test!(a_definition_names_its_start, |app: TestApp| async move {
    // A 收文 is 登记ed by a 登记人, not 起草ed by a 拟稿人: its 处理笺 prints what the
    // definition says.
    let o = office(&app).await;
    let db = &app.state.db;
    let before = engine::start(db, &o.drafter, request(&o, json!({})))
        .await
        .unwrap();
    let mut registered = definition();
    registered.version = 2;
    registered.starter = Some(Starter {
        step: "登记".into(),
        person: "登记人".into(),
    });
    engine::register(db, &registered).await.unwrap();
    let rows = |v: &engine::InstanceView| -> Vec<(String, String)> {
        v.opinions
            .iter()
            .map(|x| (x.step_name.clone(), x.action.clone()))
            .collect()
    };

    let inst = engine::start(db, &o.drafter, request(&o, json!({})))
        .await
        .unwrap();
    assert_eq!(inst.definition_version, 2);
    engine::withdraw(db, &o.drafter, inst.id).await.unwrap();
    let v = engine::detail(db, &o.drafter, inst.id).await.unwrap();
    let want = |r: &[(&str, &str)]| -> Vec<(String, String)> {
        r.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(rows(&v), want(&[("登记", "submit"), ("登记", "withdraw")]));

    let inst = engine::start(db, &o.drafter, request(&o, json!({})))
        .await
        .unwrap();
    let (t, ver) = my_task(&app, &o.head, inst.id).await;
    let back = Action::Return {
        to_step: DRAFTER_STEP,
        reason: "来文单位填错".into(),
    };
    engine::act(db, &o.head, t, ver, back).await.unwrap();
    let v = engine::detail(db, &o.head, inst.id).await.unwrap();
    assert_eq!(v.current_step_name, "登记人修改");
    assert_eq!(v.starter, "登记人");
    assert_eq!(rows(&v)[0], ("登记".to_string(), "submit".to_string()));

    // 我发起的 says where each stands: back with the 登记人, withdrawn, or waiting for 核稿.
    let started = inbox::list(db, &o.drafter, &InboxQuery::of(Folder::Started))
        .await
        .unwrap();
    let standing: Vec<_> = started.iter().map(|i| i.step_name.as_str()).collect();
    assert_eq!(standing, ["登记人修改", "已撤回", "核稿"]);

    // An instance started on the version that names no start keeps 起草 and 拟稿人.
    let v1 = engine::detail(db, &o.head, before.id).await.unwrap();
    assert_eq!(v1.starter, "拟稿人");
    assert_eq!(v1.opinions[0].step_name, "起草");
});

db_test!(
    a_record_whose_definition_cannot_be_read_still_lists,
    |app: TestApp| async move {
        let o = office(&app).await;
        let db = &app.state.db;
        let inst = engine::start(db, &o.drafter, request(&o, json!({})))
            .await
            .unwrap();
        db.conn()
            .execute_unprepared(&format!(
                "UPDATE workflow_instances SET definition_version = 99 WHERE id = {}",
                inst.id
            ))
            .await
            .unwrap();
        let started = inbox::list(db, &o.drafter, &InboxQuery::of(Folder::Started))
            .await
            .unwrap();
        let rows: Vec<_> = started
            .iter()
            .map(|i| (i.instance_id, i.step_name.as_str()))
            .collect();
        assert_eq!(rows, [(inst.id, "")]);
    }
);

db_test!(frozen_definition_versions, |app: TestApp| async move {
    let db = &app.state.db;
    engine::register(db, &definition()).await.unwrap();
    engine::register(db, &definition()).await.unwrap();
    let mut changed = definition();
    changed.steps.pop();
    assert!(matches!(
        engine::register(db, &changed).await.unwrap_err(),
        AppError::Conflict(_)
    ));
    changed.version = 2;
    engine::register(db, &changed).await.unwrap();
});

/// An administrator, a 拟稿人 and a 审核人 (signed in, with their ids), and the one-step
/// definition `test.single` in which the 审核人 handles what the 拟稿人 starts.
async fn single_step(
    app: &TestApp,
) -> (reqwest::Client, i64, reqwest::Client, i64, reqwest::Client) {
    let admin = app.admin().await;
    let (drafter_id, drafter, _) = app
        .user_session(&admin, "nigao", "拟稿人", &["staff"])
        .await;
    let (head_id, head, _) = app
        .user_session(&admin, "shenhe", "审核人", &["department_head"])
        .await;
    let def = Definition {
        key: "test.single".into(),
        version: 1,
        name: "单步审核".into(),
        reminders: Default::default(),
        module_steps: Vec::new(),
        module_only: false,
        starter: None,
        steps: vec![step("审核", AssigneeRule::Person { user_id: head_id })],
    };
    engine::register(&app.state.db, &def).await.unwrap();
    (admin, drafter_id, drafter, head_id, head)
}

fn single_request(record: i64, title: &str, urgent: bool) -> StartRequest {
    StartRequest {
        definition_key: "test.single".into(),
        module: "test".into(),
        record_id: record.to_string(),
        title: title.into(),
        department_id: None,
        fields: Default::default(),
        urgent,
        due_at: None,
    }
}

db_test!(
    inbox_and_record_pages_over_http,
    |app: TestApp| async move {
        let (admin, drafter_id, drafter, head_id, head) = single_step(&app).await;
        let db = &app.state.db;
        let req = single_request(9, "关于申请购置办公设备的请示", true);
        let inst = engine::start(db, &actor(&app, drafter_id).await, req)
            .await
            .unwrap();

        let page = head
            .get(app.url("/inbox"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("关于申请购置办公设备的请示") && page.contains(">急<"),
            "{page}"
        );
        assert!(page.contains("id=\"waiting-count\">1<"));
        let record = head
            .get(app.url(&format!("/workflow/{}", inst.id)))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(record.contains("待我办理：审核"));
        let task_id = engine::detail(db, &actor(&app, head_id).await, inst.id)
            .await
            .unwrap()
            .my_tasks[0]
            .id;
        let t = app.csrf(&head, "/inbox").await;
        let form = [
            ("_csrf", t.as_str()),
            ("version", "1"),
            ("action", "approve"),
            ("opinion", "同意购置。"),
        ];
        let res = head
            .post(app.url(&format!("/workflow/tasks/{task_id}/act")))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);
        let res = head
            .post(app.url(&format!("/workflow/tasks/{task_id}/act")))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            reqwest::StatusCode::CONFLICT,
            "a second click is refused"
        );
        assert!(res.text().await.unwrap().contains("已被处理"));

        let record = drafter
            .get(app.url(&format!("/workflow/{}", inst.id)))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            record.contains("已办结") && record.contains("同意购置。") && record.contains("审核人")
        );
        let (status, done) = app.api_get(&head, "/api/v1/inbox?folder=done").await;
        assert_eq!(status, reqwest::StatusCode::OK);
        assert_eq!(done["items"][0]["title"], "关于申请购置办公设备的请示");
        let (_, found) = app
            .api_get(
                &head,
                "/api/v1/inbox?folder=done&q=%E5%8A%9E%E5%85%AC%E8%AE%BE%E5%A4%87&overdue=false",
            )
            .await;
        assert_eq!(found["items"].as_array().unwrap().len(), 1);
        assert!(found["next"].is_null());
        let (_, urgent) = app
            .api_get(&head, "/api/v1/inbox?folder=done&urgent=true")
            .await;
        assert_eq!(urgent["items"].as_array().unwrap().len(), 1, "it is urgent");
        let (_, none) = app
            .api_get(&head, "/api/v1/inbox?folder=done&overdue=true")
            .await;
        assert!(none["items"].as_array().unwrap().is_empty(), "done in time");
        let (status, body) = app.api_get(&head, "/api/v1/inbox?sort=sideways").await;
        assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let page = head
            .get(app.url("/inbox?folder=done&q=%E8%AE%BE%E5%A4%87&urgent=on&sort=due"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), reqwest::StatusCode::OK);
        let page = page.text().await.unwrap();
        assert!(
            page.contains("清除筛选") && page.contains("关于申请购置办公设备的请示"),
            "filters kept on the page"
        );
        let (status, _) = app
            .api_get(&admin, &format!("/api/v1/workflow/{}", inst.id))
            .await;
        assert_eq!(
            status,
            reqwest::StatusCode::OK,
            "the administrator oversees every record"
        );
        let (_, outsider, _) = app.user_session(&admin, "wairen", "外人", &["staff"]).await;
        let res = outsider
            .get(app.url(&format!("/workflow/{}", inst.id)))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), reqwest::StatusCode::FORBIDDEN);
        assert!(
            !res.text()
                .await
                .unwrap()
                .contains("关于申请购置办公设备的请示")
        );
    }
);

db_test!(add_sign_asks_someone_first, |app: TestApp| async move {
    let o = office(&app).await;
    let db = &app.state.db;
    let inst = engine::start(db, &o.drafter, request(&o, json!({"direction": "下行文"})))
        .await
        .unwrap();
    let (held, version) = my_task(&app, &o.head, inst.id).await;
    let to_self = engine::act(
        db,
        &o.head,
        held,
        version,
        Action::AddSign {
            to_user: o.head.user_id.unwrap(),
            note: String::new(),
        },
    )
    .await;
    assert!(matches!(to_self, Err(AppError::BadRequest(m)) if m.contains("本人")));
    engine::act(
        db,
        &o.head,
        held,
        version,
        Action::AddSign {
            to_user: o.co_a.user_id.unwrap(),
            note: "请把关数据".into(),
        },
    )
    .await
    .unwrap();
    let v = engine::detail(db, &o.head, inst.id).await.unwrap();
    assert!(v.my_tasks.is_empty(), "the holder waits for the 加签");
    let asked = engine::detail(db, &o.co_a, inst.id).await.unwrap();
    assert_eq!(asked.my_tasks.len(), 1);
    assert!(asked.my_tasks[0].add_sign);
    assert_eq!(asked.current_step_name, "核稿");
    let todo = inbox::list(db, &o.co_a, &InboxQuery::of(Folder::Todo))
        .await
        .unwrap();
    assert_eq!(todo.len(), 1);

    let (t, tv) = (asked.my_tasks[0].id, asked.my_tasks[0].version);
    let ret = engine::act(
        db,
        &o.co_a,
        t,
        tv,
        Action::Return {
            to_step: DRAFTER_STEP,
            reason: "不行".into(),
        },
    )
    .await;
    assert!(matches!(ret, Err(AppError::BadRequest(m)) if m.contains("加签")));
    let empty = engine::act(
        db,
        &o.co_a,
        t,
        tv,
        Action::Approve {
            opinion: " ".into(),
        },
    )
    .await;
    assert!(matches!(empty, Err(AppError::BadRequest(m)) if m.contains("加签意见")));
    approve(&app, &o.co_a, inst.id, "建议补充近三年数据").await;

    let v = engine::detail(db, &o.head, inst.id).await.unwrap();
    assert_eq!(v.current_step_name, "核稿", "the step waits for its holder");
    assert_eq!(v.my_tasks.len(), 1, "the task came back to the holder");
    assert!(!v.my_tasks[0].add_sign);
    approve(&app, &o.head, inst.id, "同意").await;
    let v = engine::detail(db, &o.drafter, inst.id).await.unwrap();
    assert_eq!(v.current_step_name, "分管领导审核");
    let trail: Vec<(String, &str, String)> = v
        .opinions
        .iter()
        .skip(1)
        .map(|x| (x.signer.clone(), x.action_label, x.text.clone()))
        .collect();
    assert_eq!(
        trail,
        vec![
            (
                "处长".into(),
                "加签",
                "加签：请会签甲先行提出意见（请把关数据）".into()
            ),
            ("会签甲".into(), "加签意见", "建议补充近三年数据".into()),
            ("处长".into(), "同意", "同意".into()),
        ]
    );
});

db_test!(
    add_sign_withdrawn_and_countersign_waits,
    |app: TestApp| async move {
        let o = office(&app).await;
        let db = &app.state.db;
        let inst = engine::start(db, &o.drafter, request(&o, json!({"direction": "下行文"})))
            .await
            .unwrap();
        let (held, version) = my_task(&app, &o.head, inst.id).await;
        engine::act(
            db,
            &o.head,
            held,
            version,
            Action::AddSign {
                to_user: o.co_b.user_id.unwrap(),
                note: String::new(),
            },
        )
        .await
        .unwrap();
        let asked = my_task(&app, &o.co_b, inst.id).await;
        engine::withdraw(db, &o.head, inst.id).await.unwrap();
        let late = engine::act(
            db,
            &o.co_b,
            asked.0,
            asked.1,
            Action::Approve {
                opinion: "同意".into(),
            },
        )
        .await;
        assert!(matches!(late, Err(AppError::Conflict(_))), "{late:?}");
        assert!(
            engine::detail(db, &o.co_b, inst.id)
                .await
                .unwrap()
                .my_tasks
                .is_empty()
        );

        // In a 会签 where all must sign, a pending 加签 holds the step open.
        approve(&app, &o.head, inst.id, "请会签").await;
        let _ = inst;
        let cos = engine::start(
            db,
            &o.drafter,
            request(
                &o,
                json!({"direction": "下行文", "cosigners": [o.co_a.user_id, o.co_b.user_id]}),
            ),
        )
        .await
        .unwrap();
        approve(&app, &o.head, cos.id, "请会签").await;
        let (a_task, a_version) = my_task(&app, &o.co_a, cos.id).await;
        engine::act(
            db,
            &o.co_a,
            a_task,
            a_version,
            Action::AddSign {
                to_user: o.outsider.user_id.unwrap(),
                note: String::new(),
            },
        )
        .await
        .unwrap();
        approve(&app, &o.co_b, cos.id, "无意见").await;
        let v = engine::detail(db, &o.drafter, cos.id).await.unwrap();
        assert_eq!(v.current_step_name, "会签", "the 加签 keeps the step open");
        approve(&app, &o.outsider, cos.id, "没有意见").await;
        approve(&app, &o.co_a, cos.id, "同意").await;
        let v = engine::detail(db, &o.drafter, cos.id).await.unwrap();
        assert_eq!(v.current_step_name, "分管领导审核");
    }
);

db_test!(
    inbox_filters_sorts_pages_and_follows,
    |app: TestApp| async move {
        use sanban_platform::workflow::{follow, inbox::Sort};
        use sea_orm::{ConnectionTrait, Statement};

        let o = office(&app).await;
        let db = &app.state.db;
        let mut ids = vec![];
        for i in 0..33 {
            let mut req = request(&o, json!({"direction": "下行文"}));
            req.title = format!("关于第{i}项工作的请示");
            req.urgent = i % 5 == 0;
            ids.push(engine::start(db, &o.drafter, req).await.unwrap().id);
        }
        let past = sanban_platform::db::now_ms() - 86_400_000;
        for (n, id) in ids[..4].iter().enumerate() {
            db.conn()
                .execute_raw(Statement::from_string(
                    db.backend(),
                    format!(
                        "UPDATE workflow_tasks SET due_at = {} WHERE instance_id = {id}",
                        past + n as i64
                    ),
                ))
                .await
                .unwrap();
        }
        let list = |q: InboxQuery| {
            let head = o.head.clone();
            async move { inbox::list(db, &head, &q).await }
        };

        let first = list(InboxQuery::of(Folder::Todo)).await.unwrap();
        assert_eq!(first.len(), 30);
        let q = InboxQuery::of(Folder::Todo);
        let cursor = inbox::next_cursor(&q, &first).expect("a second page");
        let second = list(InboxQuery {
            cursor: Some(cursor),
            ..InboxQuery::of(Folder::Todo)
        })
        .await
        .unwrap();
        assert_eq!(second.len(), 3);
        assert!(inbox::next_cursor(&q, &second).is_none());
        let mut seen: Vec<i64> = first.iter().chain(&second).map(|i| i.instance_id).collect();
        assert!(seen.windows(2).all(|w| w[0] > w[1]), "newest first");
        seen.sort();
        assert_eq!(seen, ids, "every item once across pages");

        let oldest = InboxQuery {
            sort: Sort::Oldest,
            ..InboxQuery::of(Folder::Todo)
        };
        let page = list(oldest.clone()).await.unwrap();
        assert_eq!(page[0].instance_id, ids[0]);
        let rest = list(InboxQuery {
            cursor: inbox::next_cursor(&oldest, &page),
            ..oldest
        })
        .await
        .unwrap();
        assert_eq!(
            rest.iter().map(|i| i.instance_id).collect::<Vec<_>>(),
            ids[30..]
        );

        let due = list(InboxQuery {
            sort: Sort::Due,
            ..InboxQuery::of(Folder::Todo)
        })
        .await
        .unwrap();
        assert_eq!(
            due[..4].iter().map(|i| i.instance_id).collect::<Vec<_>>(),
            ids[..4],
            "the soonest time limit first"
        );
        assert!(due[..4].iter().all(|i| i.overdue) && !due[4].overdue);

        let urgent = list(InboxQuery {
            urgent: true,
            ..InboxQuery::of(Folder::Todo)
        })
        .await
        .unwrap();
        assert_eq!(urgent.len(), 7);
        assert!(urgent.iter().all(|i| i.urgent));
        let overdue = list(InboxQuery {
            overdue: true,
            ..InboxQuery::of(Folder::Todo)
        })
        .await
        .unwrap();
        assert_eq!(overdue.len(), 4);
        let titled = list(InboxQuery {
            q: "第1项".into(),
            ..InboxQuery::of(Folder::Todo)
        })
        .await
        .unwrap();
        assert_eq!(titled.len(), 1);
        assert_eq!(titled[0].title, "关于第1项工作的请示");
        let literal = list(InboxQuery {
            q: "第%项".into(),
            ..InboxQuery::of(Folder::Todo)
        })
        .await
        .unwrap();
        assert!(literal.is_empty(), "% is a character, not a wildcard");
        let module = list(InboxQuery {
            module: "其他模块".into(),
            ..InboxQuery::of(Folder::Todo)
        })
        .await
        .unwrap();
        assert!(module.is_empty());
        let today = format::today();
        let tomorrow = list(InboxQuery {
            from: today.succ_opt().unwrap().to_string(),
            ..InboxQuery::of(Folder::Todo)
        })
        .await
        .unwrap();
        assert!(tomorrow.is_empty());
        let to_today = list(InboxQuery {
            from: today.to_string(),
            to: today.to_string(),
            q: "工作".into(),
            ..InboxQuery::of(Folder::Todo)
        })
        .await
        .unwrap();
        assert_eq!(to_today.len(), 30, "the end day is included");
        // Filters on the record take the page's ids first: the order and the pages must hold.
        assert!(
            to_today
                .windows(2)
                .all(|w| w[0].instance_id > w[1].instance_id),
            "newest first"
        );
        let worded = InboxQuery {
            q: "工作".into(),
            ..InboxQuery::of(Folder::Todo)
        };
        let more = list(InboxQuery {
            cursor: inbox::next_cursor(&worded, &to_today),
            ..worded
        })
        .await
        .unwrap();
        assert_eq!(
            more.iter().map(|i| i.instance_id).collect::<Vec<_>>(),
            ids[..3].iter().rev().copied().collect::<Vec<_>>()
        );
        let urgent_oldest = list(InboxQuery {
            urgent: true,
            sort: Sort::Oldest,
            ..InboxQuery::of(Folder::Todo)
        })
        .await
        .unwrap();
        assert_eq!(
            urgent_oldest
                .iter()
                .map(|i| i.instance_id)
                .collect::<Vec<_>>(),
            ids.iter().step_by(5).copied().collect::<Vec<_>>()
        );
        let backwards = list(InboxQuery {
            from: today.to_string(),
            to: today.pred_opt().unwrap().to_string(),
            ..InboxQuery::of(Folder::Todo)
        })
        .await;
        assert!(matches!(backwards, Err(AppError::BadRequest(_))));
        let bad_cursor = list(InboxQuery {
            cursor: Some("x".into()),
            ..InboxQuery::of(Folder::Todo)
        })
        .await;
        assert!(matches!(bad_cursor, Err(AppError::BadRequest(_))));

        // 关注
        assert!(matches!(
            follow::set(db, &o.outsider, ids[3], true).await,
            Err(AppError::Forbidden)
        ));
        assert!(follow::set(db, &o.drafter, ids[3], true).await.unwrap());
        assert!(follow::set(db, &o.drafter, ids[3], true).await.unwrap());
        let followed = inbox::list(db, &o.drafter, &InboxQuery::of(Folder::Followed))
            .await
            .unwrap();
        assert_eq!(
            followed.iter().map(|i| i.instance_id).collect::<Vec<_>>(),
            vec![ids[3]]
        );
        assert!(follow::is_following(db, &o.drafter, ids[3]).await.unwrap());
        assert!(!follow::set(db, &o.drafter, ids[3], false).await.unwrap());
        assert!(
            inbox::list(db, &o.drafter, &InboxQuery::of(Folder::Followed))
                .await
                .unwrap()
                .is_empty()
        );
    }
);

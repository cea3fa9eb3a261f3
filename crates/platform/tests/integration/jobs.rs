use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use sanban_platform::{
    AppError,
    auth::Actor,
    db::now_ms,
    jobs::{self, JobFn, Runner},
    notify,
    workflow::{AssigneeRule, Definition, SignMode, StartRequest, StepDef, engine, remind},
};

use crate::{db_test, support::TestApp};

const DAY: i64 = 86_400_000;

fn counting_job(counter: Arc<AtomicUsize>) -> JobFn {
    Arc::new(move |_db| {
        let c = counter.clone();
        Box::pin(async move {
            c.fetch_add(1, Ordering::SeqCst);
            Ok("counted".to_string())
        })
    })
}

db_test!(
    a_scheduled_job_runs_once_across_nodes,
    |app: TestApp| async move {
        let counter = Arc::new(AtomicUsize::new(0));
        let node = || {
            let job = jobs::job(
                "test.count",
                "* * * * * *",
                &Default::default(),
                counting_job(counter.clone()),
            )
            .unwrap();
            Runner::new(app.state.db.clone(), vec![job])
        };
        let (a, b, c) = (node(), node(), node());
        let t0 = now_ms();
        a.tick(t0).await.unwrap();
        assert_eq!(
            counter.load(Ordering::SeqCst),
            0,
            "the first tick only schedules"
        );
        let t1 = t0 + 2_000;
        let (ra, rb, rc) = tokio::join!(a.tick(t1), b.tick(t1), c.tick(t1));
        let ran = ra.unwrap().len() + rb.unwrap().len() + rc.unwrap().len();
        assert_eq!(ran, 1);
        assert_eq!(counter.load(Ordering::SeqCst), 1, "three nodes, one run");
        assert!(
            b.tick(t1).await.unwrap().is_empty(),
            "not due again in the same second"
        );
        assert_eq!(c.tick(t1 + 1_500).await.unwrap(), vec!["test.count"]);
        assert_eq!(counter.load(Ordering::SeqCst), 2);
    }
);

db_test!(bad_schedules_are_refused, |_app: TestApp| async move {
    let err = jobs::parse_schedule("workflow.reminders", "every tuesday").unwrap_err();
    assert!(matches!(err, AppError::BadRequest(ref m) if m.contains("不是有效的 cron 表达式")));
});

async fn setup(app: &TestApp) -> (Actor, Actor, Actor, i64) {
    let admin = app.admin().await;
    let ids = [
        app.create_user(&admin, "faqiren", "发起人", &["staff"])
            .await
            .0,
        app.create_user(&admin, "banliren", "办理人", &["staff"])
            .await
            .0,
        app.create_user(&admin, "xianren", "闲人", &["staff"])
            .await
            .0,
    ];
    let load = |id| async move {
        sanban_platform::auth::service::load_actor(&app.state.db, id, None, None)
            .await
            .unwrap()
            .unwrap()
    };
    let def = Definition {
        key: "test.due".into(),
        version: 1,
        name: "限时办理".into(),
        reminders: Default::default(),
        module_steps: Vec::new(),
        module_only: false,
        starter: None,
        steps: vec![StepDef {
            name: "办理".into(),
            assignee: AssigneeRule::Person { user_id: ids[1] },
            mode: SignMode::Any,
            when: None,
            due_days: Some(3),
        }],
    };
    engine::register(&app.state.db, &def).await.unwrap();
    let starter = load(ids[0]).await;
    let req = StartRequest {
        definition_key: "test.due".into(),
        module: "test".into(),
        record_id: "1".into(),
        title: "关于报送年度工作总结的通知".into(),
        department_id: None,
        fields: Default::default(),
        urgent: false,
        due_at: None,
    };
    let inst = engine::start(&app.state.db, &starter, req).await.unwrap();
    (starter, load(ids[1]).await, load(ids[2]).await, inst.id)
}

db_test!(
    manual_reminders_reach_the_handler,
    |app: TestApp| async move {
        let (starter, handler, idle, inst) = setup(&app).await;
        let db = &app.state.db;
        assert!(matches!(
            remind::press(db, &idle, inst, "快点").await.unwrap_err(),
            AppError::Forbidden
        ));
        assert_eq!(
            remind::press(db, &starter, inst, "请于周五前办结")
                .await
                .unwrap(),
            1
        );
        // The 待办 itself was announced when it arrived; the 催办 comes on top.
        assert_eq!(notify::unread(db, &handler).await.unwrap(), 2);
        let notes = notify::list(db, &handler).await.unwrap();
        assert_eq!(notes[1].title, "新待办：办理");
        assert_eq!(notes[1].body, "关于报送年度工作总结的通知");
        assert_eq!(notes[0].title, "催办：关于报送年度工作总结的通知");
        assert_eq!(notes[0].body, "发起人：请于周五前办结");
        assert_eq!(
            notes[0].link.as_deref(),
            Some(format!("/workflow/{inst}").as_str())
        );
        assert_eq!(remind::count(db, inst).await.unwrap(), 1);
        assert_eq!(notify::mark_read(db, &handler, None).await.unwrap(), 2);
        assert_eq!(notify::unread(db, &handler).await.unwrap(), 0);
        assert_eq!(
            notify::unread(db, &idle).await.unwrap(),
            0,
            "nobody else hears it"
        );
    }
);

db_test!(
    automatic_reminders_follow_the_rule_once_each,
    |app: TestApp| async move {
        let (_, handler, _, inst) = setup(&app).await;
        let db = &app.state.db;
        let detail = engine::detail(db, &handler, inst).await.unwrap();
        let due = {
            use sea_orm::EntityTrait;
            sanban_platform::entity::workflow_task::Entity::find_by_id(detail.my_tasks[0].id)
                .one(db.conn())
                .await
                .unwrap()
                .unwrap()
                .due_at
                .unwrap()
        };
        assert!(
            (due - now_ms() - 3 * DAY).abs() < 60_000,
            "three days from the start"
        );
        assert_eq!(
            remind::run_automatic(db, due - 2 * DAY).await.unwrap(),
            0,
            "too early"
        );
        assert_eq!(
            remind::run_automatic(db, due - DAY / 2).await.unwrap(),
            1,
            "the day before"
        );
        assert_eq!(
            remind::run_automatic(db, due - DAY / 3).await.unwrap(),
            0,
            "once only"
        );
        assert_eq!(
            remind::run_automatic(db, due + DAY / 24).await.unwrap(),
            1,
            "on the day"
        );
        assert_eq!(
            remind::run_automatic(db, due + DAY + DAY / 2)
                .await
                .unwrap(),
            1,
            "a day overdue"
        );
        assert_eq!(
            remind::run_automatic(db, due + DAY + DAY / 2)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            remind::run_automatic(db, due + 2 * DAY + DAY / 2)
                .await
                .unwrap(),
            1,
            "every day after"
        );
        let notes = notify::list(db, &handler).await.unwrap();
        // Four reminders after the notice of the new 待办.
        assert_eq!(notes.len(), 5);
        assert!(notes[4].title.starts_with("新待办："));
        assert!(notes[0].body.contains("已超过办理时限"));
        assert_eq!(remind::count(db, inst).await.unwrap(), 4);
    }
);

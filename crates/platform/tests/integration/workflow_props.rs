//! Random sequences of actions by random people never leave a record in an impossible state.

use proptest::prelude::*;
use sanban_platform::{
    auth::{Actor, service},
    workflow::{
        Action, AssigneeRule, Definition, SignMode, StartRequest, StepDef,
        engine::{self, DRAFTER_STEP},
    },
};

use crate::support::{Backend, TestApp};

#[derive(Clone, Debug)]
enum Move {
    Approve(usize),
    Return(usize, i32),
    Transfer(usize, usize),
    Withdraw(usize),
    Terminate(usize),
    Circulate(usize, usize),
    Read(usize),
    AddSign(usize, usize),
}

fn moves() -> impl Strategy<Value = Vec<Move>> {
    let who = 0usize..5;
    prop::collection::vec(
        prop_oneof![
            4 => who.clone().prop_map(Move::Approve),
            1 => (who.clone(), -1i32..3).prop_map(|(w, s)| Move::Return(w, s)),
            1 => (who.clone(), who.clone()).prop_map(|(a, b)| Move::Transfer(a, b)),
            1 => who.clone().prop_map(Move::Withdraw),
            1 => who.clone().prop_map(Move::Terminate),
            1 => (who.clone(), who.clone()).prop_map(|(a, b)| Move::Circulate(a, b)),
            1 => who.clone().prop_map(Move::Read),
            1 => (who.clone(), who).prop_map(|(a, b)| Move::AddSign(a, b)),
        ],
        1..14,
    )
}

async fn check_invariants(app: &TestApp, oversee: &Actor, id: i64) {
    let v = engine::detail(&app.state.db, oversee, id).await.unwrap();
    let pending: Vec<_> = v
        .tasks
        .iter()
        .filter(|t| t.kind == "approve" && t.status == "pending")
        .collect();
    let consulting = v.tasks.iter().filter(|t| t.status == "consulting").count();
    let asked = pending.iter().filter(|t| t.add_sign).count();
    assert_eq!(
        consulting, asked,
        "every holder waiting on a 加签 has exactly one open 加签: {v:?}"
    );
    match v.status.as_str() {
        "running" => {
            assert!(
                v.current_step == DRAFTER_STEP
                    || (0..v.steps.len() as i32).contains(&v.current_step)
            );
            assert!(
                !pending.is_empty(),
                "a running record always waits on someone: {v:?}"
            );
            assert!(
                pending.iter().all(|t| t.step_index == v.current_step),
                "only the current step waits: {v:?}"
            );
        }
        "completed" | "terminated" | "withdrawn" => assert!(
            pending.is_empty(),
            "a finished record waits on nobody: {v:?}"
        ),
        other => panic!("impossible status {other}"),
    }
    // Every step the record passed has an approval on record, in order.
    if v.status == "completed" {
        let approved: Vec<&str> = v
            .opinions
            .iter()
            .filter(|o| o.action == "approve")
            .map(|o| o.step_name.as_str())
            .collect();
        for s in &v.steps {
            assert!(
                approved.contains(&s.as_str()),
                "step {s} completed without approval: {approved:?}"
            );
        }
    }
}

async fn run_case(moves: Vec<Move>) {
    let app = TestApp::start(Backend::Sqlite).await;
    let admin = app.admin().await;
    let mut people = vec![];
    for (u, n) in [
        ("ren0", "甲"),
        ("ren1", "乙"),
        ("ren2", "丙"),
        ("ren3", "丁"),
        ("ren4", "戊"),
    ] {
        let id = app.create_user(&admin, u, n, &["staff"]).await.0;
        people.push(
            service::load_actor(&app.state.db, id, None, None)
                .await
                .unwrap()
                .unwrap(),
        );
    }
    let fields = serde_json::json!({"a": [people[1].user_id], "b": [people[2].user_id, people[3].user_id], "c": [people[4].user_id]});
    let def = Definition {
        key: "prop".into(),
        version: 1,
        name: "随机".into(),
        reminders: Default::default(),
        module_steps: Vec::new(),
        module_only: false,
        starter: None,
        steps: vec![
            StepDef {
                name: "一".into(),
                assignee: AssigneeRule::Field { name: "a".into() },
                mode: SignMode::Any,
                when: None,
                due_days: None,
            },
            StepDef {
                name: "二".into(),
                assignee: AssigneeRule::Field { name: "b".into() },
                mode: SignMode::All,
                when: None,
                due_days: None,
            },
            StepDef {
                name: "三".into(),
                assignee: AssigneeRule::Field { name: "c".into() },
                mode: SignMode::Any,
                when: None,
                due_days: None,
            },
        ],
    };
    let db = &app.state.db;
    engine::register(db, &def).await.unwrap();
    let req = StartRequest {
        definition_key: "prop".into(),
        module: "t".into(),
        record_id: "1".into(),
        title: "随机事项".into(),
        department_id: None,
        fields: fields.as_object().cloned().unwrap(),
        urgent: false,
        due_at: None,
    };
    let inst = engine::start(db, &people[0], req).await.unwrap();
    let oversee = Actor::system("检查");
    let oversee = Actor {
        user_id: people[0].user_id,
        ..oversee
    };
    for m in moves {
        let task_of = |who: usize| {
            let p = people[who].clone();
            async move {
                let v = engine::detail(db, &p, inst.id).await.ok()?;
                v.my_tasks.first().map(|t| (t.id, t.version))
            }
        };
        // Errors are expected (wrong person, stale step); what matters is the state after.
        let _ = match m {
            Move::Approve(w) => match task_of(w).await {
                Some((t, v)) => {
                    engine::act(
                        db,
                        &people[w],
                        t,
                        v,
                        Action::Approve {
                            opinion: "同意".into(),
                        },
                    )
                    .await
                }
                None => Ok(()),
            },
            Move::Return(w, s) => match task_of(w).await {
                Some((t, v)) => {
                    engine::act(
                        db,
                        &people[w],
                        t,
                        v,
                        Action::Return {
                            to_step: s,
                            reason: "重办".into(),
                        },
                    )
                    .await
                }
                None => Ok(()),
            },
            Move::Transfer(w, to) => match task_of(w).await {
                Some((t, v)) => {
                    engine::act(
                        db,
                        &people[w],
                        t,
                        v,
                        Action::Transfer {
                            to_user: people[to].user_id.unwrap(),
                            note: String::new(),
                        },
                    )
                    .await
                }
                None => Ok(()),
            },
            Move::Withdraw(w) => engine::withdraw(db, &people[w], inst.id).await,
            Move::Terminate(w) => engine::terminate(db, &people[w], inst.id, "随机终止").await,
            Move::Circulate(w, to) => {
                engine::circulate(db, &people[w], inst.id, &[people[to].user_id.unwrap()], "")
                    .await
                    .map(|_| ())
            }
            Move::AddSign(w, to) => match task_of(w).await {
                Some((t, v)) => {
                    engine::act(
                        db,
                        &people[w],
                        t,
                        v,
                        Action::AddSign {
                            to_user: people[to].user_id.unwrap(),
                            note: String::new(),
                        },
                    )
                    .await
                }
                None => Ok(()),
            },
            Move::Read(w) => match task_of(w).await {
                Some((t, v)) => {
                    engine::act(
                        db,
                        &people[w],
                        t,
                        v,
                        Action::MarkRead {
                            comment: String::new(),
                        },
                    )
                    .await
                }
                None => Ok(()),
            },
        };
        check_invariants(&app, &oversee, inst.id).await;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]
    #[test]
    fn random_actions_keep_records_consistent(ms in moves()) {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(run_case(ms));
    }
}

use reqwest::StatusCode;
use sanban_platform::{
    AppError,
    auth::{Actor, service},
    db::{Db, raw},
    search,
    workflow::{Action, AssigneeRule, Definition, SignMode, StartRequest, StepDef, engine},
};
use sea_orm::ConnectionTrait;

use crate::{db_test, support::TestApp};

const TITLES: &[&str] = &[
    "关于做好2022年度防汛抗旱工作的通知",
    "关于进一步加强督查督办工作的意见",
    "关于报送全省交通运输安全生产大检查情况的函",
    "省政府办公厅关于印发政务信息工作考核办法的通知",
    "关于召开防汛工作视频会议的通知",
];

/// The records `who` finds for `q`, in the order the search gives them.
async fn found(db: &Db, who: &Actor, q: &str) -> Vec<i64> {
    search::query(db, who, q)
        .await
        .unwrap()
        .iter()
        .map(|h| h.ref_id)
        .collect()
}

/// The records the search API gives `client` for `q`, in its order.
async fn found_through_api(app: &TestApp, client: &reqwest::Client, q: &str) -> Vec<i64> {
    let (_, hits) = app.api_get(client, &format!("/api/v1/search?q={q}")).await;
    hits.as_array()
        .unwrap()
        .iter()
        .map(|h| h["ref_id"].as_i64().unwrap())
        .collect()
}

async fn setup(app: &TestApp) -> (Actor, Actor, Actor) {
    let admin = app.admin().await;
    let load = |id| async move {
        service::load_actor(&app.state.db, id, None, None)
            .await
            .unwrap()
            .unwrap()
    };
    let starter = load(
        app.create_user(&admin, "qicaoren", "起草人", &["staff"])
            .await
            .0,
    )
    .await;
    let handler = load(
        app.create_user(&admin, "banli", "办理人", &["staff"])
            .await
            .0,
    )
    .await;
    let outsider = load(
        app.create_user(&admin, "pangguan", "旁观者", &["staff"])
            .await
            .0,
    )
    .await;
    let def = Definition {
        key: "search.test".into(),
        version: 1,
        name: "办理".into(),
        reminders: Default::default(),
        module_steps: Vec::new(),
        module_only: false,
        starter: None,
        steps: vec![step("办理", &handler)],
    };
    let db = &app.state.db;
    engine::register(db, &def).await.unwrap();
    for t in TITLES {
        start(app, &starter, "search.test", t).await;
    }
    approve(app, &handler, 3, "请各处室抓紧核实隐患整改台账。").await;
    (starter, handler, outsider)
}

/// A step done by one named person.
fn step(name: &str, who: &Actor) -> StepDef {
    StepDef {
        name: name.into(),
        assignee: AssigneeRule::Person {
            user_id: who.user_id.unwrap(),
        },
        mode: SignMode::Any,
        when: None,
        due_days: None,
    }
}

async fn start(app: &TestApp, who: &Actor, definition: &str, title: &str) -> i64 {
    let req = StartRequest {
        definition_key: definition.into(),
        module: "t".into(),
        record_id: "1".into(),
        title: title.into(),
        department_id: None,
        fields: Default::default(),
        urgent: false,
        due_at: None,
    };
    engine::start(&app.state.db, who, req).await.unwrap().id
}

/// `who` approves their task on the record, with `opinion`.
async fn approve(app: &TestApp, who: &Actor, instance: i64, opinion: &str) {
    let db = &app.state.db;
    let v = engine::detail(db, who, instance).await.unwrap();
    engine::act(
        db,
        who,
        v.my_tasks[0].id,
        v.my_tasks[0].version,
        Action::Approve {
            opinion: opinion.into(),
        },
    )
    .await
    .unwrap();
}

fn titles(hits: &[search::Hit]) -> Vec<String> {
    let mut t: Vec<String> = hits
        .iter()
        .map(|h| h.title.iter().map(|p| p.text.as_str()).collect())
        .collect();
    t.sort();
    t
}

fn expect(list: &[&str]) -> Vec<String> {
    let mut t: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    t.sort();
    t
}

db_test!(
    finds_by_word_in_titles_and_opinions,
    |app: TestApp| async move {
        let (starter, handler, outsider) = setup(&app).await;
        let db = &app.state.db;
        // A small labelled set: every query's exact expected answer.
        for (q, want) in [
            ("防汛", vec![TITLES[0], TITLES[4]]),
            ("防汛 会议", vec![TITLES[4]]),
            ("督查", vec![TITLES[1]]),
            ("督办", vec![TITLES[1]]),
            ("考核办法", vec![TITLES[3]]),
            ("通知", vec![TITLES[0], TITLES[3], TITLES[4]]),
            ("隐患", vec![TITLES[2]]),
            ("台账 核实", vec![TITLES[2]]),
            ("抗震", vec![]),
        ] {
            let hits = search::query(db, &starter, q).await.unwrap();
            assert_eq!(titles(&hits), expect(&want), "query {q}");
        }
        let hits = search::query(db, &handler, "整改").await.unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].link, "/workflow/3");
        assert!(hits[0].snippet.iter().any(|p| p.hit && p.text == "整改"));
        let hits = search::query(db, &starter, "防汛").await.unwrap();
        assert!(hits[0].title.iter().any(|p| p.hit && p.text == "防汛"));
        assert!(
            search::query(db, &outsider, "防汛")
                .await
                .unwrap()
                .is_empty(),
            "permission is part of the query"
        );
        assert!(matches!(
            search::query(db, &starter, " ，。").await.unwrap_err(),
            AppError::BadRequest(_)
        ));
        for nasty in [
            "\"防汛\" OR *",
            "防汛') OR 1=1 --",
            "NEAR(防汛",
            "a & | ! :",
        ] {
            assert!(
                search::query(db, &starter, nasty).await.is_ok(),
                "{nasty} must not break the query"
            );
        }
    }
);

db_test!(search_pages_and_api, |app: TestApp| async move {
    setup(&app).await;
    let admin = app.admin().await;
    let page = admin
        .get(app.url("/search?q=防汛"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("找到 2 条") && page.contains("<mark>防汛</mark>"),
        "the office oversees all"
    );
    let (status, hits) = app.api_get(&admin, "/api/v1/search?q=督查").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(hits[0]["link"], "/workflow/2");
    let (status, body) = app.api_get(&admin, "/api/v1/search?q=").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["message"], "请输入要查找的内容");
});

// A record is found by whoever it reaches, from the moment it reaches them: the next step's
// person, a 传阅 reader. Nobody else finds it, and no one finds a record by a reader's id.
db_test!(found_by_each_person_it_reaches, |app: TestApp| async move {
    let (starter, handler, outsider) = setup(&app).await;
    let db = &app.state.db;
    let admin = app.admin().await;
    let reviewer = service::load_actor(
        db,
        app.create_user(&admin, "fuhe", "复核人", &["staff"])
            .await
            .0,
        None,
        None,
    )
    .await
    .unwrap()
    .unwrap();
    let def = Definition {
        key: "search.two".into(),
        version: 1,
        name: "两步办理".into(),
        reminders: Default::default(),
        module_steps: Vec::new(),
        module_only: false,
        starter: None,
        steps: vec![step("办理", &handler), step("复核", &reviewer)],
    };
    engine::register(db, &def).await.unwrap();
    let inst = start(&app, &starter, "search.two", "关于森林防火检查的报告").await;
    assert_eq!(found(db, &starter, "森林防火").await, vec![inst]);
    assert_eq!(found(db, &handler, "森林防火").await, vec![inst]);
    assert!(
        found(db, &reviewer, "森林防火").await.is_empty(),
        "not reached yet"
    );
    approve(&app, &handler, inst, "同意").await;
    assert_eq!(
        found(db, &reviewer, "森林防火").await,
        vec![inst],
        "the next step"
    );
    assert!(found(db, &outsider, "森林防火").await.is_empty());
    engine::circulate(db, &starter, inst, &[outsider.user_id.unwrap()], "")
        .await
        .unwrap();
    assert_eq!(found(db, &outsider, "森林防火").await, vec![inst], "传阅");
    // Readers sit in the index beside the words; a number typed in the box is a word.
    for who in [&starter, &handler, &reviewer, &outsider] {
        let id = who.user_id.unwrap().to_string();
        let (_, hits) = app.api_get(&admin, &format!("/api/v1/search?q={id}")).await;
        assert_eq!(hits, serde_json::json!([]), "user id {id}");
    }
    if db.backend() == sea_orm::DatabaseBackend::Sqlite {
        // FTS5 keeps a reader as the token `@12`, never as the number 12 that a record's text
        // may hold as well.
        let id = starter.user_id.unwrap();
        let count = |expr: String| async move {
            let row = raw::one(
                db.conn(),
                "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH $1",
                vec![expr.into()],
            )
            .await
            .unwrap()
            .unwrap();
            row.try_get_by_index::<i64>(0).unwrap()
        };
        // The five records of the setup and this one.
        assert_eq!(count(format!("readers : \"@{id}\"")).await, 6);
        assert_eq!(count(format!("readers : \"{id}\"")).await, 0);
    }
});

// The newest 50 of many matches, and an old match found when the newest records hold none,
// whether the matches are near together or thousands of records apart.
/// Thirty records of 防汛值班 side by side, thirty a thousand ids apart below them, all read by
/// `me`: the newest 50 take all of the first and twenty of the second, found across several
/// windows of ids.
async fn plant_far_apart(db: &sanban_platform::db::Db, me: i64) {
    let ids = (40_000i64..40_030).chain((10..40).map(|k| k * 1_000));
    for (i, id) in ids.enumerate() {
        let title = format!("防汛值班安排第{i}期");
        raw::exec(
            db.conn(),
            "INSERT INTO search_docs (id, kind, ref_id, title, body, tokens, readers, updated_at) \
             VALUES ($1, 'workflow', $1, $2, '', $3, $4, 0)",
            vec![
                id.into(),
                title.clone().into(),
                search::segment(&title).into(),
                format!("@{me}").into(),
            ],
        )
        .await
        .unwrap();
    }
}

/// The newest 50 of [`plant_far_apart`], newest first.
fn far_apart_newest() -> Vec<i64> {
    (40_000..40_030)
        .rev()
        .chain((20..40).rev().map(|k| k * 1_000))
        .collect()
}

db_test!(
    newest_first_across_distant_records,
    |app: TestApp| async move {
        let (starter, _, outsider) = setup(&app).await;
        let db = &app.state.db;
        let me = starter.user_id.unwrap();
        plant_far_apart(db, me).await;
        if app.state.db.backend() == sea_orm::DatabaseBackend::Postgres {
            // Window 9 holds ids 36,864 to 40,959: the thirty side by side and three of the rest.
            for lexeme in ["~9".to_string(), format!("@{me}~9")] {
                let row = raw::one(
                    db.conn(),
                    "SELECT COUNT(*) FROM search_docs WHERE tsv @@ $1::tsquery",
                    vec![format!("'{lexeme}'").into()],
                )
                .await
                .unwrap()
                .unwrap();
                assert_eq!(row.try_get_by_index::<i64>(0).unwrap(), 33, "{lexeme}");
            }
        }
        let newest = far_apart_newest();
        let admin = app.admin().await;
        assert_eq!(
            found_through_api(&app, &admin, "防汛").await,
            newest,
            "the office sees all, newest first"
        );
        assert_eq!(
            found(db, &starter, "防汛").await,
            newest,
            "the drafter, newest first"
        );
        assert!(
            search::query(db, &outsider, "值班")
                .await
                .unwrap()
                .is_empty()
        );
        // Only the first records hold these words, tens of thousands of ids below the newest.
        let (_, hits) = app.api_get(&admin, "/api/v1/search?q=考核办法").await;
        assert_eq!(hits.as_array().unwrap().len(), 1);
        assert_eq!(hits[0]["link"], "/workflow/4");
        let hits = search::query(db, &starter, "督查").await.unwrap();
        assert_eq!(titles(&hits), expect(&[TITLES[1]]));
    }
);

// The nightly merge leaves one FTS5 segment where each write had added one, and every search
// finds what it found before.
db_test!(compaction_keeps_every_hit, |app: TestApp| async move {
    let (starter, _, _) = setup(&app).await;
    let db = &app.state.db;
    let segments = || async {
        let row = raw::one(
            db.conn(),
            "SELECT COUNT(DISTINCT segid) FROM search_fts_idx",
            vec![],
        )
        .await
        .unwrap()
        .unwrap();
        row.try_get_by_index::<i64>(0).unwrap()
    };
    let sqlite = db.backend() == sea_orm::DatabaseBackend::Sqlite;
    if sqlite {
        assert!(segments().await > 1, "one segment per write before");
    }
    let before = titles(&search::query(db, &starter, "防汛").await.unwrap());
    assert_eq!(before.len(), 2);
    let done = search::compact(db).await.unwrap();
    assert!(!done.is_empty());
    if sqlite {
        assert_eq!(segments().await, 1);
        // The index keeps no text of its own (m0018); it must still be whole.
        db.conn()
            .execute_unprepared("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
            .await
            .unwrap();
    }
    assert_eq!(
        titles(&search::query(db, &starter, "防汛").await.unwrap()),
        before
    );
    let admin = app.admin().await;
    let (_, hits) = app.api_get(&admin, "/api/v1/search?q=考核办法").await;
    assert_eq!(hits.as_array().unwrap().len(), 1);
    // The job is one of the platform's, under the name its schedule is configured by.
    let names: Vec<&str> = sanban_platform::server::builtin_jobs(&app.state.config)
        .unwrap()
        .iter()
        .map(|j| j.name)
        .collect();
    assert!(names.contains(&"search.compact"), "{names:?}");
});

// Writing a record's text again takes its old words out of the index: the index holds no copy
// of the text, so the old words are removed by what the record held before.
db_test!(
    rewritten_text_replaces_the_old_words,
    |app: TestApp| async move {
        let (starter, _, _) = setup(&app).await;
        let db = &app.state.db;
        let me = [starter.user_id.unwrap()];
        let entry = |title| search::Entry {
            kind: search::KIND_WORKFLOW,
            ref_id: 9001,
            title,
            body: "",
            readers: &me,
        };
        search::index(db.conn(), entry("关于储备森林防火物资的请示"))
            .await
            .unwrap();
        let links = |q: &'static str| {
            let starter = starter.clone();
            async move {
                search::query(db, &starter, q)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|h| h.link)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(links("森林防火").await, vec!["/workflow/9001"]);
        search::index(db.conn(), entry("关于储备抗旱物资的请示"))
            .await
            .unwrap();
        assert!(links("森林防火").await.is_empty());
        assert_eq!(links("抗旱").await[0], "/workflow/9001");
        assert_eq!(links("储备").await, vec!["/workflow/9001"]);
    }
);

/// PostgreSQL counts the records of each word and reader nightly (m0020). A word counted in few
/// records is read all at once: for a person with few records through the index with them, for
/// one with many by filtering the word's matches. Any other goes window by window. The page is
/// the same either way, and a count gone stale falls back to the windows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_word_counts_choose_the_read() {
    let Some(backend) = crate::support::postgres_backend().await else {
        return;
    };
    let app = TestApp::start(backend).await;
    let (starter, handler, outsider) = setup(&app).await;
    let admin = app.admin().await;
    let db = &app.state.db;
    let (me, stranger) = (starter.user_id.unwrap(), outsider.user_id.unwrap());
    plant_far_apart(db, me).await;
    let number = |sql: &'static str, value: String| async move {
        raw::one(db.conn(), sql, vec![value.into()])
            .await
            .unwrap()
            .map(|row| row.try_get_by_index::<i64>(0).unwrap())
    };
    let counted = |word: &str| {
        number(
            "SELECT records FROM search_word_counts WHERE word = $1",
            word.to_string(),
        )
    };
    let matches = |lexeme: &str| {
        number(
            "SELECT count(*) FROM search_docs WHERE tsv @@ $1::tsquery",
            format!("'{lexeme}'"),
        )
    };
    let plant = |ids: &'static str, title: &'static str, reader: i64| async move {
        raw::exec(
            db.conn(),
            &format!(
                "INSERT INTO search_docs (id, kind, ref_id, title, body, tokens, readers, updated_at)
                 SELECT g, 'workflow', g, $1, '', $2, $3, 0 FROM generate_series({ids}) g"
            ),
            vec![
                title.into(),
                search::segment(title).into(),
                format!("@{reader}").into(),
            ],
        )
        .await
        .unwrap();
    };

    // Nothing counted yet: every search goes by windows.
    assert_eq!(counted("防汛").await, None);
    assert_eq!(found(db, &starter, "防汛").await, far_apart_newest());

    search::compact(db).await.unwrap();
    let flood = counted("防汛").await.unwrap();
    assert_eq!(Some(flood), matches("防汛").await);
    assert!(flood >= 62, "{flood}");
    assert_eq!(counted("值班").await, matches("值班").await);
    let mine = counted(&format!("@{me}")).await.unwrap();
    assert_eq!(Some(mine), matches(&format!("@{me}")).await);
    assert!((60..70).contains(&mine), "{mine}");
    assert_eq!(counted(&format!("@{stranger}")).await, None);
    // Few records of the word: read at once, newest first, each person only what they may see;
    // the office, through the API, oversees every record.
    assert_eq!(
        found_through_api(&app, &admin, "防汛").await,
        far_apart_newest()
    );
    assert_eq!(found(db, &starter, "防汛").await, far_apart_newest());
    assert_eq!(found(db, &starter, "防汛值班").await, far_apart_newest());
    assert!(found(db, &outsider, "防汛").await.is_empty());

    // 2,001 more since the count, the newest of all, read by the outsider alone: the direct read
    // meets more than it may take, and the windows answer.
    plant("100000, 102000", "防汛物资清点", stranger).await;
    assert_eq!(counted("防汛").await, Some(flood));
    let newest: Vec<i64> = (101_951..=102_000).rev().collect();
    assert_eq!(found_through_api(&app, &admin, "防汛").await, newest);
    assert_eq!(found(db, &outsider, "防汛").await, newest);
    assert_eq!(found(db, &starter, "防汛").await, far_apart_newest());

    // Counted again: 防汛 is now in too many records to read at once, and the outsider reads
    // more than 200 times as many records as 白鹤滩 or 考核 is in, so their few matches are
    // read whole and filtered by the readers column.
    plant("102001, 102001", "关于白鹤滩水电站物资清点", stranger).await;
    search::compact(db).await.unwrap();
    assert!(counted("防汛").await.unwrap() > 2_000);
    assert!(counted(&format!("@{stranger}")).await.unwrap() > 2_000);
    assert_eq!(found(db, &outsider, "防汛").await, newest);
    assert_eq!(found(db, &starter, "防汛").await, far_apart_newest());
    assert_eq!(found(db, &outsider, "白鹤滩").await, vec![102_001]);
    assert!(found(db, &starter, "白鹤滩").await.is_empty());
    assert!(found(db, &outsider, "考核办法").await.is_empty());
    assert_eq!(
        found_through_api(&app, &admin, "考核办法").await,
        found(db, &handler, "考核办法").await
    );
    assert_eq!(found_through_api(&app, &admin, "考核办法").await.len(), 1);
}

//! A fresh demo installation gets 收文 and 发文 at different steps, so that the office, the
//! leaders and the departments each find them in their inbox, and 查找 finds them.

use sanban_platform::{
    Db,
    auth::{Actor, service::load_actor},
    entity::user,
    search,
    workflow::{
        engine,
        inbox::{self, Folder, InboxItem, InboxQuery},
        remind,
    },
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::support::{Backend, TestApp, postgres_backend};

async fn person(db: &Db, username: &str) -> Actor {
    let u = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(db.conn())
        .await
        .unwrap()
        .unwrap();
    load_actor(db, u.id, None, None).await.unwrap().unwrap()
}

/// (title, step) of a person's folder, sorted.
async fn folder(db: &Db, username: &str, folder: Folder) -> Vec<(String, String)> {
    let q = InboxQuery {
        folder,
        ..InboxQuery::default()
    };
    let items: Vec<InboxItem> = inbox::list(db, &person(db, username).await, &q)
        .await
        .unwrap();
    let mut rows: Vec<_> = items.into_iter().map(|i| (i.title, i.step_name)).collect();
    rows.sort();
    rows
}

fn rows(v: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<_> = v
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    v.sort();
    v
}

async fn check(backend: Backend) {
    let app = TestApp::start_full(
        backend,
        vec![sanban_documents::module()],
        |c| c.demo = true,
        |_| {},
    )
    .await;
    let db = &app.state.db;

    // The office director: two 收文 for 初审, a department's draft for 审核, and his own
    // department's draft for 核稿.
    assert_eq!(
        folder(db, "zhangwei", Folder::Todo).await,
        rows(&[
            ("关于做好汛期安全防范工作的紧急通知", "初审"),
            ("关于报送政务信息工作情况的函", "初审"),
            ("关于进一步规范行政规范性文件备案工作的通知", "审核"),
            ("关于做好元旦春节期间值班工作的通知", "核稿"),
        ])
    );
    let todo = inbox::list(db, &person(db, "zhangwei").await, &InboxQuery::default())
        .await
        .unwrap();
    let overdue: Vec<_> = todo
        .iter()
        .filter(|i| i.overdue)
        .map(|i| &i.title)
        .collect();
    assert_eq!(overdue, ["关于报送政务信息工作情况的函"]);
    assert!(
        todo.iter()
            .any(|i| i.urgent && i.title == "关于做好汛期安全防范工作的紧急通知")
    );
    // What he has already handled: both steps of each 收文 he checked and proposed.
    let done = folder(db, "zhangwei", Folder::Done).await;
    let titles = [
        "关于开展安全生产大检查的通知",
        "关于征求《森林防火条例（修订草案）》意见的函",
        "关于开展预算执行情况审计的通知",
    ];
    let steps: Vec<(&str, &str)> = titles
        .iter()
        .flat_map(|t| [(*t, "初审"), (*t, "拟办")])
        .collect();
    assert_eq!(done, rows(&steps));

    assert_eq!(
        folder(db, "chenjianguo", Folder::Todo).await,
        rows(&[("关于开展安全生产大检查的通知", "批办")])
    );
    assert_eq!(
        folder(db, "liminghua", Folder::Unread).await,
        rows(&[("关于开展安全生产大检查的通知", "传阅")])
    );
    assert_eq!(
        folder(db, "majun", Folder::Todo).await,
        rows(&[("关于征求《森林防火条例（修订草案）》意见的函", "承办")])
    );
    // 我发起的 and 关注 say where each record stands.
    assert_eq!(
        folder(db, "linfang", Folder::Started).await,
        rows(&[("关于进一步规范行政规范性文件备案工作的通知", "审核")])
    );
    assert_eq!(
        folder(db, "zhoulei", Folder::Started).await,
        rows(&[
            ("关于做好汛期安全防范工作的紧急通知", "初审"),
            ("关于报送政务信息工作情况的函", "初审"),
            ("关于开展安全生产大检查的通知", "批办"),
            ("关于征求《森林防火条例（修订草案）》意见的函", "承办"),
            ("关于开展预算执行情况审计的通知", "已办结"),
        ])
    );
    // The 办结 one waits for nobody.
    assert!(folder(db, "xieping", Folder::Todo).await.is_empty());
    assert_eq!(
        folder(db, "xieping", Folder::Done).await,
        rows(&[("关于开展预算执行情况审计的通知", "承办")])
    );

    // The office follows what it sent to the 主要领导, and has chased the 承办 department.
    assert_eq!(
        folder(db, "zhangwei", Folder::Followed).await,
        rows(&[("关于开展安全生产大检查的通知", "批办")])
    );

    // The 处理过程 of a 收文 opens with its 登记, by the 收发员.
    let todo = inbox::list(db, &person(db, "majun").await, &InboxQuery::default())
        .await
        .unwrap();
    let v = engine::detail(db, &person(db, "majun").await, todo[0].instance_id)
        .await
        .unwrap();
    let first = &v.opinions[0];
    assert_eq!(
        (first.step_name.as_str(), first.signer.as_str()),
        ("登记", "周磊")
    );
    let steps: Vec<_> = v.opinions.iter().map(|o| o.step_name.as_str()).collect();
    assert_eq!(steps, ["登记", "初审", "拟办", "批办"]);
    assert_eq!(
        remind::count(db, v.id).await.unwrap(),
        1,
        "one 催办 to 马骏"
    );

    // 查找 finds the records by words of their titles and 意见, for those who may see them.
    let director = person(db, "zhangwei").await;
    let hits = search::query(db, &director, "森林防火").await.unwrap();
    assert_eq!(hits.len(), 1, "{}", hits.len());
    let hits = search::query(db, &director, "配合审计").await.unwrap();
    assert!(!hits.is_empty());
    let outsider = person(db, "tangkai").await;
    let hits = search::query(db, &outsider, "森林防火").await.unwrap();
    assert!(
        hits.is_empty(),
        "a 科员 of another department sees the 政策法规处's 收文"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    check(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    if let Some(backend) = postgres_backend().await {
        check(backend).await;
    }
}

//! Two 发文 drafts sent for review: one past its department's 核稿 and waiting for the
//! office's 审核, one waiting for the office director's 核稿 of his own department's draft.

use sanban_platform::{AppResult, Db, auth::Actor};

use super::people::{People, approve};
use crate::outgoing::{
    draft::DraftInput,
    service::{self, record_id},
};

fn notice(title: &str, main_to: &str, body: &[&str]) -> DraftInput {
    DraftInput {
        kind: "通知".into(),
        title: title.into(),
        main_to: main_to.into(),
        direction: "下行文".into(),
        publicity: "主动公开".into(),
        body: body.join("\n"),
        ..DraftInput::default()
    }
}

async fn submitted(db: &Db, drafter: &Actor, draft: &DraftInput) -> AppResult<i64> {
    let m = service::create(db, drafter, draft).await?;
    service::submit(db, drafter, m.id).await?;
    Ok(m.id)
}

pub(super) async fn load(db: &Db, p: &People) -> AppResult<()> {
    let filing = notice(
        "关于进一步规范行政规范性文件备案工作的通知",
        "厅机关各处室，各直属单位",
        &[
            "为进一步加强行政规范性文件管理，规范备案审查工作，现将有关事项通知如下。",
            "一、各处室、各直属单位制定的行政规范性文件，应当自印发之日起15日内报政策法规处备案。",
            "二、报送备案应当提交备案报告、文件正式文本和起草说明。",
            "三、政策法规处对报备文件进行审查，发现问题的，及时通知制定单位予以纠正。",
        ],
    );
    let id = submitted(db, &p.policy_staff, &filing).await?;
    let opinion = "文稿内容符合有关规定，请办公室审核。";
    approve(db, &record_id(id), &p.policy_head, opinion).await?;

    let duty = notice(
        "关于做好元旦春节期间值班工作的通知",
        "厅机关各处室，各直属单位",
        &[
            "为确保元旦、春节期间各项工作正常运转，现就做好值班工作通知如下。",
            "一、严格落实领导带班和24小时值班制度，值班人员不得擅自离岗。",
            "二、遇有重大突发事件，按规定及时报告，不得迟报、漏报、瞒报。",
            "三、各处室、各直属单位于节前报送值班安排表。",
        ],
    );
    submitted(db, &p.office_staff, &duty).await?;
    Ok(())
}

//! 发文 over HTTP: 拟稿 on the 稿纸 shows the checker's findings, the record's outputs
//! (稿纸, .docx, PDF), and a stranger gets 403 with nothing of the record on page, API and
//! attachments.

use reqwest::{Client, StatusCode};
use sanban_documents::outgoing::{flow, service};

use crate::{
    db_test,
    outgoing::{Office, approve, office, task_of, to_recheck},
    support::TestApp,
};

/// Signs in with the first password and sets a new one, as the first sign-in requires.
async fn session(app: &TestApp, o: &Office, username: &str) -> Client {
    let initial = &o.passwords.iter().find(|(u, _)| u == username).unwrap().1;
    let c = app.login(username, initial).await;
    let new = format!("{username}-新密码-2024");
    let token = app.csrf(&c, "/account/password").await;
    let res = c
        .post(app.url("/account/password"))
        .form(&[
            ("current", initial.as_str()),
            ("new", new.as_str()),
            ("confirm", new.as_str()),
            ("_csrf", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    app.login(username, &new).await
}

db_test!(
    draft_on_the_sheet_shows_findings,
    |app: TestApp| async move {
        let o = office(&app).await;
        let c = session(&app, &o, "nigao").await;
        let page = c
            .get(app.url("/documents/outgoing/new"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        assert!(page.text().await.unwrap().contains("保存并检查"));
        let token = app.csrf(&c, "/documents/outgoing/new").await;
        let res = c
            .post(app.url("/documents/outgoing"))
            .form(&[
                ("_csrf", token.as_str()),
                ("kind", "通知"),
                ("title", "关于开展安全生产检查的通知"),
                ("main_to", "各处室"),
                ("direction", "下行文"),
                ("publicity", "不予公开"),
                ("urgency", ""),
                ("classification", ""),
                ("body", "请各处室开展自查。\n附件：1、检查表"),
                ("copy_to", ""),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "on to the record");
        let url = res.headers()["location"].to_str().unwrap().to_string();
        assert!(url.starts_with("/documents/outgoing/"), "{url}");
        let html = c
            .get(app.url(&url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("关于开展安全生产检查的通知"));
        assert!(
            html.contains("T11"),
            "the finding is shown beside the draft"
        );
        assert!(html.contains("规范检查发现 1 处错误") || html.contains("处错误"));
        // Bad input is refused with a message and nothing saved.
        let res = c
            .post(app.url("/documents/outgoing"))
            .form(&[
                ("_csrf", token.as_str()),
                ("kind", "通知"),
                ("title", ""),
                ("main_to", "各处室"),
                ("direction", "斜行文"),
                ("publicity", "主动公开"),
                ("body", "内容"),
            ])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_client_error(), "{}", res.status());
        let (status, list) = app.api_get(&c, "/api/v1/documents/outgoing").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list.as_array().unwrap().len(), 1);
        // The edit page saves a new version and the versions page shows the change.
        let id: i64 = url.rsplit('/').next().unwrap().parse().unwrap();
        let res = c
            .post(app.url(&format!("/documents/outgoing/{id}")))
            .form(&[
                ("_csrf", token.as_str()),
                ("kind", "通知"),
                ("title", "关于开展安全生产检查的通知"),
                ("main_to", "各处室"),
                ("direction", "下行文"),
                ("publicity", "不予公开"),
                ("body", "请各处室开展自查。\n附件：1.检查表"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let html = c
            .get(app.url(&format!("/documents/outgoing/{id}/versions")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("第 2 版"));
        assert!(html.contains("class=\"del\""), "{html}");
        assert!(html.contains("附件：1.检查表"));
    }
);

db_test!(stranger_gets_403_everywhere, |app: TestApp| async move {
    let o = office(&app).await;
    let db = &app.state.db;
    let m = service::create(db, &o.drafter, &crate::outgoing::good_draft())
        .await
        .unwrap();
    let c = session(&app, &o, "pangren").await;
    for path in [
        format!("/documents/outgoing/{}", m.id),
        format!("/documents/outgoing/{}/versions", m.id),
        format!("/documents/outgoing/{}/draft-sheet", m.id),
        format!("/documents/outgoing/{}/document.docx", m.id),
        format!("/api/v1/documents/outgoing/{}", m.id),
        format!(
            "/api/v1/attachments?module=documents&record_id=outgoing:{}",
            m.id
        ),
    ] {
        let res = c.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(!res.text().await.unwrap().contains("防汛"), "{path}");
    }
    let html = c
        .get(app.url("/documents/outgoing"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("防汛"),
        "the list hides what one may not see"
    );
    let head = session(&app, &o, "chuzhang").await;
    let res = head
        .get(app.url(&format!("/documents/outgoing/{}", m.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the drafting department's head"
    );
    let (s, _) = app.api_get(&c, "/documents/series").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "代字 is the office's");
});

db_test!(the_document_carries_its_number, |app: TestApp| async move {
    let o = office(&app).await;
    let id = to_recheck(&app, &o).await;
    approve(&app, &o.clerk, id, flow::RECHECK).await;
    let (t, v, _) = task_of(&app, &o.clerk, id).await.unwrap();
    let n = service::number(&app.state.db, &o.clerk, id, t, v, o.series)
        .await
        .unwrap();
    let c = session(&app, &o, "nigao").await;
    let res = c
        .get(app.url(&format!("/documents/outgoing/{id}/document.docx")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    let report = sanban_gongwen::check_docx(&bytes).unwrap();
    let number = report.document.issuing_number.as_ref().unwrap();
    assert_eq!(number.text, n);
    assert_eq!(
        report.document.title.as_ref().unwrap().text,
        "关于做好2022年防汛工作的通知"
    );
    let sheet = c
        .get(app.url(&format!("/documents/outgoing/{id}/draft-sheet")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(sheet.contains(&n));
    assert!(
        sheet.contains("同意印发"),
        "the signer's 意见 is on the 稿纸"
    );
    let pdf = c
        .get(app.url(&format!("/documents/outgoing/{id}/document.pdf")))
        .send()
        .await
        .unwrap();
    if pdf.status() == StatusCode::OK {
        let bytes = pdf.bytes().await.unwrap();
        assert!(bytes.starts_with(b"%PDF"));
        if let Ok(dir) = std::env::var("SANBAN_OUTGOING_PDF_DIR") {
            std::fs::write(format!("{dir}/outgoing-{id}.pdf"), &bytes).unwrap();
        }
    } else {
        assert_eq!(
            pdf.status(),
            StatusCode::CONFLICT,
            "no CJK font: a clear refusal"
        );
    }
    let sheet_pdf = c
        .get(app.url(&format!("/documents/outgoing/{id}/draft-sheet.pdf")))
        .send()
        .await
        .unwrap();
    assert!(
        sheet_pdf.status() == StatusCode::OK || sheet_pdf.status() == StatusCode::CONFLICT,
        "{}",
        sheet_pdf.status()
    );
    if let Ok(dir) = std::env::var("SANBAN_OUTGOING_PDF_DIR")
        && sheet_pdf.status() == StatusCode::OK
    {
        std::fs::write(
            format!("{dir}/sheet-{id}.pdf"),
            sheet_pdf.bytes().await.unwrap(),
        )
        .unwrap();
    }
});

db_test!(uploaded_docx_becomes_the_body, |app: TestApp| async move {
    let o = office(&app).await;
    let m = service::create(&app.state.db, &o.drafter, &crate::outgoing::good_draft())
        .await
        .unwrap();
    let source = "关于做好秋季防火工作的通知\n\n各区人民政府：\n　　请认真做好秋季防火工作。\n　　各区要加强巡查。\n\n某某市人民政府办公室\n2022年9月1日\n";
    let doc = sanban_gongwen::parse::parse(source);
    let bytes = sanban_gongwen::render_docx(&doc, &Default::default()).unwrap();
    let c = session(&app, &o, "nigao").await;
    let token = app.csrf(&c, &format!("/documents/outgoing/{}", m.id)).await;
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes)
            .file_name("正文.docx")
            .mime_str("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            .unwrap(),
    );
    let res = c
        .post(app.url(&format!("/documents/outgoing/{}/docx?_csrf={token}", m.id)))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    let m = service::load(app.state.db.conn(), m.id).await.unwrap();
    assert_eq!(m.current_version, 2);
    assert!(m.body.contains("请认真做好秋季防火工作。"), "{}", m.body);
    assert!(m.body.contains("各区要加强巡查。"));
    let (status, att) = app
        .api_get(
            &c,
            &format!(
                "/api/v1/attachments?module=documents&record_id=outgoing:{}",
                m.id
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let items = att["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["slot"], "body");
    // Anything but a .docx is refused and nothing changes.
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"hello".to_vec()).file_name("a.txt"),
    );
    let res = c
        .post(app.url(&format!("/documents/outgoing/{}/docx?_csrf={token}", m.id)))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error());
    let m = service::load(app.state.db.conn(), m.id).await.unwrap();
    assert_eq!(m.current_version, 2);
});

db_test!(
    record_page_offers_the_step_forms,
    |app: TestApp| async move {
        let o = office(&app).await;
        let db = &app.state.db;
        let m = service::create(db, &o.drafter, &crate::outgoing::good_draft())
            .await
            .unwrap();
        service::submit(db, &o.drafter, m.id).await.unwrap();
        approve(&app, &o.head, m.id, flow::HEAD_REVIEW).await;
        approve(&app, &o.director, m.id, flow::OFFICE_REVIEW).await;
        let page = format!("/documents/outgoing/{}", m.id);
        let deputy = session(&app, &o, "fenguan").await;
        let html = deputy
            .get(app.url(&page))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("id=\"sign-form\""),
            "the signer gets the 签发 form"
        );
        assert!(html.contains("签发第 1 版"));
        let (t, v, _) = task_of(&app, &o.deputy, m.id).await.unwrap();
        let token = app.csrf(&deputy, &page).await;
        let res = deputy
            .post(app.url(&format!("{page}/sign")))
            .form(&[
                ("_csrf", token.as_str()),
                ("task", &t.to_string()),
                ("version", &v.to_string()),
                ("opinion", "同意印发。"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        approve(&app, &o.clerk, m.id, flow::RECHECK).await;
        let clerk = session(&app, &o, "wenmi").await;
        let html = clerk
            .get(app.url(&page))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("id=\"number-form\""));
        assert!(html.contains("某办（某某市人民政府办公室）"));
        let (t, v, _) = task_of(&app, &o.clerk, m.id).await.unwrap();
        let token = app.csrf(&clerk, &page).await;
        let res = clerk
            .post(app.url(&format!("{page}/number")))
            .form(&[
                ("_csrf", token.as_str()),
                ("task", &t.to_string()),
                ("version", &v.to_string()),
                ("series", &o.series.to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        // A second click on the same task is refused and takes no second number.
        let again = clerk
            .post(app.url(&format!("{page}/number")))
            .form(&[
                ("_csrf", token.as_str()),
                ("task", &t.to_string()),
                ("version", &v.to_string()),
                ("series", &o.series.to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::CONFLICT);
        let html = clerk
            .get(app.url(&page))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let year = sanban_platform::web::format::today()
            .format("%Y")
            .to_string();
        assert!(html.contains(&format!("某办〔{year}〕1号")));
        assert_eq!(
            sanban_platform::sequence::current(
                db.conn(),
                &format!("documents.outgoing.{}", o.series),
                year.parse().unwrap()
            )
            .await
            .unwrap(),
            1
        );
        let (status, state) = app
            .api_get(&clerk, &format!("/api/v1/documents/outgoing/{}", m.id))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(state["status"], "用印中");
        assert_eq!(state["signer"], "分管副局长");
    }
);

db_test!(
    figures_count_numbered_documents,
    |app: TestApp| async move {
        let o = office(&app).await;
        let numbered = to_recheck(&app, &o).await;
        approve(&app, &o.clerk, numbered, flow::RECHECK).await;
        let (t, v, _) = task_of(&app, &o.clerk, numbered).await.unwrap();
        service::number(&app.state.db, &o.clerk, numbered, t, v, o.series)
            .await
            .unwrap();
        // Signed but not numbered: not counted.
        to_recheck(&app, &o).await;
        let leader = session(&app, &o, "fenguan").await;
        let (status, table) = app.api_get(&leader, "/api/v1/figures").await;
        assert_eq!(status, StatusCode::OK, "{table}");
        let value = |key: &str| {
            table
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["key"] == key)
                .unwrap_or_else(|| panic!("no figure {key}"))["value"]
                .as_i64()
                .unwrap()
        };
        assert_eq!(value("documents.outgoing.total"), 1);
        assert_eq!(value("documents.outgoing.down"), 1);
        assert_eq!(value("documents.outgoing.up"), 0);
        assert_eq!(value("documents.outgoing.notice"), 1);
        let (status, page) = app
            .api_get(&leader, "/api/v1/figures/documents.outgoing.total/records")
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(page["total"], 1);
        assert_eq!(
            page["records"][0]["link"],
            format!("/documents/outgoing/{numbered}")
        );
    }
);

//! The sign-in QR code: the image served on the sign-in page and the A4 签到表 reads back as
//! the meeting's full sign-in link, and only those who may see the meeting get it.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    db_test,
    office::{meeting, office, page},
    support::TestApp,
};

/// Paints the served SVG's dark rectangles (`M{x} {y}h{w}v{h}H{x}V{y}`, the renderer's one
/// path) onto a bitmap and reads the QR code in it.
fn decode(svg: &str) -> String {
    let size = |attr: &str| -> usize {
        svg.split(&format!(" {attr}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let (w, h) = (size("width"), size("height"));
    let mut dark = vec![vec![false; w]; h];
    let d = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    for rect in d.split('M').filter(|r| !r.is_empty()) {
        let n: Vec<usize> = rect
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        let (x, y, rw, rh) = (n[0], n[1], n[2], n[3]);
        for row in dark.iter_mut().skip(y).take(rh) {
            for px in row.iter_mut().skip(x).take(rw) {
                *px = true;
            }
        }
    }
    let mut img = rqrr::PreparedImage::prepare_from_bitmap(w, h, |x, y| dark[y][x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    grids[0].decode().unwrap().1
}

db_test!(
    the_sign_in_qr_code_reads_back_as_the_link,
    |app: TestApp| async move {
        let o = office(&app).await;
        let id = meeting(
            &app,
            &o.clerk,
            json!({"kind": "专题会", "title": "安全生产专题会", "starts_at": "2099-06-01T09:00", "ends_at": "2099-06-01T10:00", "place": "二楼会议室", "attendee_ids": [o.head_a.id, o.staff_a.id]}),
        )
        .await["id"]
            .as_i64()
            .unwrap();
        let (_, html) = page(&app, &o.clerk, &format!("/meetings/{id}")).await;
        let token: String = html
            .split("src=\"/meetings/checkin/")
            .nth(1)
            .unwrap()
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        assert_eq!(token.len(), 32);
        assert!(html.contains(&format!("/meetings/checkin/{token}/qr.svg")));
        let link = format!(
            "{}/meetings/checkin/{token}",
            app.state.config.public_url.trim_end_matches('/')
        );

        let qr = format!("/meetings/checkin/{token}/qr.svg");
        for p in [&o.clerk, &o.staff_a] {
            let res = p.c.get(app.url(&qr)).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            assert_eq!(
                res.headers()["content-type"],
                "image/svg+xml; charset=utf-8"
            );
            let svg = res.text().await.unwrap();
            assert!(svg.starts_with("<?xml") && svg.ends_with("</svg>"));
            assert_eq!(decode(&svg), link);
        }
        // Someone not at the meeting gets neither the code nor the page; a made-up token is
        // not found.
        let res = o.outsider.c.get(app.url(&qr)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = o
            .clerk
            .c
            .get(app.url("/meetings/checkin/nosuchtoken0000000000000000000000/qr.svg"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);

        // The attendee's own sign-in page shows the code too.
        let (s, html) = page(&app, &o.staff_a, &format!("/meetings/checkin/{token}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains(&format!("src=\"{qr}\"")));

        // The A4 签到表: every name in order with a line to sign on, and the code.
        let (s, html) = page(&app, &o.clerk, &format!("/meetings/{id}/sheet")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("安全生产专题会签到表"));
        assert!(html.contains("size: A4 portrait"));
        assert!(html.contains(&format!("src=\"{qr}\"")));
        assert!(html.contains("<td>1</td><td>综合处长丁</td>"));
        assert!(html.contains("<td>2</td><td>综合科员戊</td>"));
        assert!(html.contains("应到</dt><dd>2人"));
        let (s, _) = page(&app, &o.staff_a, &format!("/meetings/{id}/sheet")).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
);

"""办文 as the office works it: a 收文 from registration to 办结, a leader's 批示 on a phone, the
printed 处理笺; a 发文 from draft to PDF."""

import random
import re

from playwright.sync_api import Page, expect

from conftest import ARTIFACTS, PASSWORDS


def sign_in(page: Page, username: str):
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[username])
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/$"))


def approve_in_card(page: Page, opinion: str, button: str = "同意"):
    card = page.locator("div.card[id^=task-]").first
    card.locator("textarea[name=opinion]").fill(opinion)
    card.get_by_role("button", name=button).click()
    expect(page.locator("div.flash")).to_contain_text("已办理")


def test_incoming_from_registration_to_done(desktop: Page, phone: Page, new_context, shot):
    title = f"关于做好{random.randint(1000, 9999)}年度防汛工作的通知"

    # The 收发员 registers the 收文 and passes it through 初审.
    clerk = desktop
    sign_in(clerk, "zhoulei")
    clerk.goto("/documents/incoming/new")
    clerk.fill("input[name=source_unit]", "省应急管理厅")
    clerk.fill("input[name=source_number]", f"省应急〔2026〕{random.randint(10, 99)}号")
    clerk.fill("input[name=title]", title)
    clerk.select_option("select[name=kind]", label="通知")
    clerk.select_option("select[name=source_class]", label="上级")
    shot(clerk, "incoming-register")
    clerk.get_by_role("button", name="登记并送初审").click()
    expect(clerk).to_have_url(re.compile(r"/documents/incoming/\d+$"))
    record = clerk.url
    expect(clerk.locator("#incoming-data")).to_contain_text(re.compile(r"收〔\d{4}〕\d{4}"))
    approve_in_card(clerk, "来文格式齐全，应由本厅办理。")

    # 拟办: the office names the 主办 department and the leader to 批示.
    clerk.goto(record)
    form = clerk.locator("#propose-form")
    form.locator("select[name=host_department_id]").select_option(label="政策法规处")
    form.locator("select[name=instruct_leaders]").select_option(label="李明华")
    form.locator("textarea[name=opinion]").fill("拟请李明华副厅长阅示，由政策法规处办理。")
    form.get_by_role("button", name="提交拟办").click()
    expect(clerk.locator("#incoming-data")).to_contain_text("政策法规处")
    shot(clerk, "incoming-proposed")

    # The leader writes the 批示 on a phone, from the 待办 inbox.
    leader = phone
    sign_in(leader, "liminghua")
    leader.goto("/inbox")
    leader.get_by_role("link", name=title).click()
    expect(leader).to_have_url(re.compile(r"/documents/incoming/\d+$"))
    approve_in_card(leader, "请政策法规处抓紧研究落实，重要情况及时报告。")
    expect(leader.locator("#opinions")).to_contain_text("请政策法规处抓紧研究落实")
    width = leader.evaluate("document.documentElement.scrollWidth")
    wide = leader.evaluate(
        """() => [...document.querySelectorAll("main *")]
            .filter(e => e.getBoundingClientRect().right > 391)
            .slice(0, 5).map(e => e.tagName + "#" + e.id + "." + e.className)"""
    )
    assert width <= 390, f"the record page is {width}px wide on a 390px phone: {wide}"
    shot(leader, "incoming-instruction-phone")

    # The 主办 department's head finishes it with the 办理结果.
    head = new_context()
    sign_in(head, "majun")
    head.goto(record)
    finish = head.locator("#finish-form")
    finish.locator("textarea[name=result]").fill("已制定防汛工作方案并印发各处室执行。")
    finish.get_by_role("button", name="办结").click()
    expect(head.locator("#incoming-result")).to_contain_text("已制定防汛工作方案")
    expect(head.locator("#incoming-step")).to_contain_text("办结")

    # The printed 处理笺 holds every 意见 and the 批示 in order.
    head.goto(record + "/sheet")
    sheet = head.locator("body")
    expect(sheet).to_contain_text("收文处理笺")
    text = sheet.inner_text()
    order = ["来文格式齐全", "拟请李明华副厅长阅示", "请政策法规处抓紧研究落实", "已制定防汛工作方案"]
    positions = [text.find(t) for t in order]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions), positions
    head.emulate_media(media="print")
    shot(head, "incoming-sheet-print")
    pdf = head.request.get(record + "/sheet.pdf")
    assert pdf.status == 200
    (ARTIFACTS / "incoming-sheet.pdf").write_bytes(pdf.body())
    assert pdf.headers["content-type"].startswith("application/pdf")
    assert pdf.body()[:5] == b"%PDF-"

    # Someone of another department sees nothing of it.
    other = new_context()
    sign_in(other, "hejing")
    res = other.request.get(record)
    assert res.status in (403, 404)
    assert title not in res.text()


def test_outgoing_from_draft_to_pdf(desktop: Page, new_context, shot):
    title = f"关于开展{random.randint(1000, 9999)}年度安全生产检查的通知"

    # 拟稿 on the 发文稿纸: the checker runs on save and its findings show beside the draft.
    drafter = desktop
    sign_in(drafter, "linfang")
    drafter.goto("/documents/outgoing/new")
    drafter.select_option("select[name=kind]", label="通知")
    drafter.select_option("select[name=direction]", label="下行文")
    drafter.fill("input[name=title]", title)
    drafter.fill("input[name=main_to]", "厅属各单位，厅机关各处室")
    drafter.fill(
        "textarea[name=body]",
        "为进一步落实安全生产责任，经研究，决定开展年度安全生产检查。现将有关事项通知如下。\n"
        "一、检查范围\n"
        "厅属各单位及厅机关各处室。\n"
        "二、工作要求\n"
        "各单位要高度重视，认真组织自查，于12月20日前将自查报告报送政策法规处。",
    )
    drafter.get_by_role("button", name="保存并检查").click()
    expect(drafter).to_have_url(re.compile(r"/documents/outgoing/\d+$"))
    record = drafter.url
    shot(drafter, "outgoing-draft-findings")
    drafter.get_by_role("button", name="送核稿").click()
    expect(drafter.locator("div.flash")).to_contain_text("已送核稿")

    # 核稿 by the department head, 审核 by the 办公室主任.
    head = new_context()
    sign_in(head, "majun")
    head.goto(record)
    approve_in_card(head, "同意。")
    director = new_context()
    sign_in(director, "zhangwei")
    director.goto(record)
    approve_in_card(director, "文字已核，可送签发。")

    # 签发 by the leader in charge of the department.
    leader = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(leader, "liuxiaoyan")
    leader.goto(record)
    leader.get_by_role("button", name=re.compile(r"签发第 \d+ 版")).click()
    expect(leader.locator("div.flash")).to_contain_text("已签发")
    shot(leader, "outgoing-signed-phone")

    # 复核 and 编号 by the 文秘: 编号 takes the series' next number.
    office = new_context()
    sign_in(office, "zhoulei")
    office.goto(record)
    approve_in_card(office, "复核无误。")
    office.goto(record)
    office.select_option("select[name=series]", label="示范厅发（示范省示范厅）")
    office.get_by_role("button", name="取号").click()
    expect(office.locator("main")).to_contain_text(re.compile(r"示范厅发〔\d{4}〕\d+号"))
    shot(office, "outgoing-numbered")

    # The 公文 itself, as GB/T 9704 PDF and .docx, carries the number.
    pdf = office.request.get(record + "/document.pdf")
    assert pdf.status == 200, pdf.text()
    assert pdf.headers["content-type"].startswith("application/pdf")
    assert pdf.body()[:5] == b"%PDF-"
    (ARTIFACTS / "outgoing-document.pdf").write_bytes(pdf.body())
    docx = office.request.get(record + "/document.docx")
    assert docx.status == 200
    assert docx.body()[:2] == b"PK"
    sheet = office.request.get(record + "/draft-sheet.pdf")
    assert sheet.status == 200
    assert sheet.body()[:5] == b"%PDF-"

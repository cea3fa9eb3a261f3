"""办会 into 督办, as the office works it: a department's 议题 approved by its 分管领导 on a phone
and by the office, put on a 总经理办公会's agenda, the meeting held, its 决定事项 handed to
督办, the task fed back and closed, and the meeting page showing the decision closed."""

import random
import re

from playwright.sync_api import Page, expect

from test_documents import approve_in_card, sign_in
from test_supervision import no_wider_than_the_phone


def open_from_inbox(page: Page, title: str):
    page.goto("/inbox")
    page.get_by_role("link", name=title).click()


def test_topic_to_meeting_to_closed_task(desktop: Page, phone: Page, new_context, shot, tmp_path):
    n = random.randint(1000, 9999)
    topic = f"关于第{n}号项目立项的议题"
    decision = f"同意第{n}号项目立项，由政策法规处牵头拟订实施方案。"

    # 政策法规处 submits the 议题单.
    dept = desktop
    sign_in(dept, "linfang")
    dept.goto("/meetings/topics")
    form = dept.locator("#topic-new")
    form.locator("input[name=title]").fill(topic)
    form.locator("textarea[name=background]").fill("根据年度工作要点，需启动该项目。")
    form.locator("textarea[name=proposal]").fill("建议同意立项，预算在年度经费内统筹。")
    form.get_by_role("button", name="提交审批").click()
    expect(dept).to_have_url(re.compile(r"/meetings/topics/\d+$"))
    topic_page = dept.url

    # Its 分管领导 approves on a phone, from the 待办.
    leader = phone
    sign_in(leader, "liuxiaoyan")
    open_from_inbox(leader, topic)
    expect(leader).to_have_url(topic_page)
    no_wider_than_the_phone(leader, "the 议题 page")
    shot(leader, "meetings-topic-leader-phone")
    approve_in_card(leader, "同意提交总经理办公会研究。")

    # The office approves, arranges the 总经理办公会 and puts the 议题 on its agenda.
    office = new_context()
    sign_in(office, "zhangwei")
    open_from_inbox(office, topic)
    approve_in_card(office, "同意列入议程。")
    office.goto("/meetings/new")
    office.select_option("select[name=kind]", label="总经理办公会")
    office.fill("input[name=title]", f"第{n}次总经理办公会")
    office.fill("input[name=starts_at]", "2031-03-05T09:00")
    office.fill("input[name=ends_at]", "2031-03-05T11:00")
    office.fill("input[name=place]", "三楼会议室")
    office.select_option("select[name=host_id]", label="陈建国（厅领导）")
    office.select_option("select[name=attendee_ids]", label=["李明华（厅领导）", "刘晓燕（厅领导）"])
    office.get_by_role("button", name="保存").click()
    expect(office).to_have_url(re.compile(r"/meetings/\d+$"))
    meeting = office.url

    # The sign-in QR code: on the office's meeting page, and on the attendee's own sign-in
    # page as a phone shows it.
    qr = office.locator("img#checkin-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("i => i.complete && i.naturalWidth > 0"), "the QR image loads"
    checkin = office.locator("#checkin-link").get_attribute("href")
    leader.goto(checkin)
    code = leader.locator("#checkin-qr img")
    expect(code).to_be_visible()
    assert code.evaluate("i => i.complete && i.naturalWidth > 0"), "the QR image loads"
    no_wider_than_the_phone(leader, "the sign-in page")
    shot(leader, "meetings-checkin-qr-phone")
    office.locator("#agenda-add select[name=topic_id]").select_option(label=f"{topic}（政策法规处）")
    office.locator("#agenda-add").get_by_role("button", name="列入议程").click()
    expect(office.locator("#agenda")).to_contain_text(topic)

    # Held; its decision recorded and handed to 督办 in one action.
    office.locator("#meeting-actions").get_by_role("button", name="已召开").click()
    expect(office.locator("#meeting-state")).to_contain_text("已召开")
    form = office.locator("#decision-new")
    form.locator("textarea[name=content]").fill(decision)
    form.locator("select[name=department_id]").select_option(label="政策法规处")
    form.locator("input[name=due_on]").fill("2031-04-30")
    form.get_by_role("button", name="记录决定事项").click()
    expect(office.locator("#decision-list")).to_contain_text(decision)
    office.locator("#handoff").get_by_role("button", name="全部转督办").click()
    row = office.locator("#decision-list tbody tr", has_text=decision)
    expect(row.locator("td").nth(4)).to_contain_text("办理中")
    shot(office, "meetings-decision-handed")

    # The task knows where it came from; the 处长 of 政策法规处 is its 责任人.
    row.locator("td").nth(4).locator("a").first.click()
    expect(office).to_have_url(re.compile(r"/supervision/tasks/\d+$"))
    task = office.url
    expect(office.locator("body")).to_contain_text(decision)
    expect(office.get_by_role("link", name=re.compile("来源|" + re.escape(f"第{n}次总经理办公会")))).not_to_have_count(0)

    owner = new_context(viewport={"width": 390, "height": 844})
    sign_in(owner, "majun")
    owner.goto(task)
    evidence = tmp_path / "实施方案.txt"
    evidence.write_text("实施方案已印发。\n", encoding="utf-8")
    owner.locator("#evidence input[type=file]").set_input_files(str(evidence))
    owner.locator("#evidence").get_by_role("button", name="上传", exact=True).click()
    expect(owner.locator("#evidence-list")).to_contain_text("实施方案.txt")
    owner.locator("#feedback-form textarea[name=text]").fill("实施方案已拟订并印发。")
    owner.locator("#feedback-form").get_by_role("button", name="提交反馈").click()
    expect(owner.locator("#task-state")).to_contain_text("待审核")

    # The 督查专员 closes it; the meeting page now shows the decision closed.
    inspector = new_context()
    sign_in(inspector, "wumin")
    inspector.goto(task)
    inspector.locator("#review-form").get_by_role("button", name="审核通过，销号").click()
    expect(inspector.locator("#task-state")).to_contain_text("已销号")
    office.goto(meeting)
    row = office.locator("#decision-list tbody tr", has_text=decision)
    expect(row.locator("td").nth(4)).to_contain_text("已销号")
    shot(office, "meetings-decision-closed")

    # The leader's phone view of the meeting: readable, no sideways scrolling.
    leader.goto(meeting)
    expect(leader.locator("#decision-list")).to_contain_text("已销号")
    no_wider_than_the_phone(leader, "the meeting page")
    shot(leader, "meetings-leader-phone")

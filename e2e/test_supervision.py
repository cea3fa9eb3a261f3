"""督查督办 as the office works it: the 督查专员 registers a task, the 责任人 reports on a phone
with 印证资料, the report is sent back once and then closed (销号)."""

import random
import re

from playwright.sync_api import Page, expect

from test_documents import sign_in


def no_wider_than_the_phone(page: Page, what: str):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{what} is {width}px wide on a 390px phone"


def test_a_task_goes_round_the_loop(desktop: Page, phone: Page, shot, tmp_path):
    title = f"第{random.randint(1000, 9999)}号规范性文件清理"

    office = desktop
    sign_in(office, "wumin")
    office.goto("/supervision/tasks/new")
    form = office.locator("#task-new")
    form.locator("select[name=source]").select_option(label="交办事项")
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=content]").fill("清理本处起草的规范性文件，列出需修改和废止的清单。")
    form.locator("input[name=due_on]").fill("2030-06-30")
    form.locator("select[name=department_id]").select_option(label="政策法规处")
    form.locator("select[name=owner_id]").select_option(label="林芳")
    form.get_by_role("button", name="立项督办").click()
    expect(office).to_have_url(re.compile(r"/supervision/tasks/\d+$"))
    task = office.url
    expect(office.locator("#task-due")).to_have_text("2030年6月30日")

    # The 责任人 reports from a phone: evidence first, then the 落实情况.
    owner = phone
    sign_in(owner, "linfang")
    owner.goto("/supervision/tasks?view=mine")
    owner.get_by_role("link", name=title).click()
    expect(owner).to_have_url(task)
    evidence = tmp_path / "清理清单.txt"
    evidence.write_text("需修改 3 件，需废止 1 件。\n", encoding="utf-8")
    owner.locator("#evidence input[type=file]").set_input_files(str(evidence))
    owner.locator("#evidence").get_by_role("button", name="上传", exact=True).click()
    expect(owner.locator("#evidence-list")).to_contain_text("清理清单.txt")
    owner.locator("#feedback-form textarea[name=text]").fill("已完成清理，清单见印证资料。")
    no_wider_than_the_phone(owner, "the task page")
    shot(owner, "supervision-feedback-phone")
    owner.locator("#feedback-form").get_by_role("button", name="提交反馈").click()
    expect(owner.locator("#task-state")).to_contain_text("待审核")

    # The office sends it back once, with the reason …
    office.goto(task)
    review = office.locator("#review-form")
    review.locator("textarea[name=reason]").fill("请补充废止文件的理由。")
    review.get_by_role("button", name="退回").click()
    expect(office.locator("#task-state")).to_contain_text("办理中")

    # … the 责任人 reports again, and the office closes it.
    owner.goto(task)
    expect(owner.locator("#feedback")).to_contain_text("请补充废止文件的理由。")
    owner.locator("#feedback-form textarea[name=text]").fill("已补充废止理由。")
    owner.locator("#feedback-form").get_by_role("button", name="提交反馈").click()
    expect(owner.locator("#task-state")).to_contain_text("待审核")
    office.goto(task)
    office.locator("#review-form").get_by_role("button", name="审核通过，销号").click()
    expect(office.locator("#task-state")).to_contain_text("已销号")
    shot(office, "supervision-closed")

    owner.goto("/supervision/tasks?view=mine")
    no_wider_than_the_phone(owner, "the task list")
    expect(owner.locator("#tasks")).to_contain_text(title)


def test_a_weekly_report_is_drafted_and_issued(desktop: Page, phone: Page, shot):
    office = desktop
    sign_in(office, "wumin")
    week = office.evaluate(
        """() => { const d = new Date(); const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
        const day = t.getUTCDay() || 7; t.setUTCDate(t.getUTCDate() + 4 - day);
        const y = t.getUTCFullYear(); const w = Math.ceil(((t - Date.UTC(y, 0, 1)) / 86400000 + 1) / 7);
        return `${y}-W${String(w).padStart(2, '0')}`; }"""
    )
    stats = office.request.get(f"/api/v1/supervision/weeks/{week}").json()
    office.goto("/supervision/issues")
    form = office.locator("#weekly-new")
    form.locator("input[name=week]").fill(week)
    form.get_by_role("button", name="起草督办周报").click()
    expect(office).to_have_url(re.compile(r"/supervision/issues/\d+$"))
    body = office.locator("#issue-edit textarea[name=body]")
    expect(body).to_contain_text(f"督办事项新交办 {stats['assigned']} 件")
    expect(body).to_contain_text(f"超期未办结 {stats['overdue']} 件")
    office.locator("#issue-issue").get_by_role("button", name="印发").click()
    expect(office.locator("#issue-number")).to_have_text(re.compile(r"^督周〔\d{4}〕\d+号$"))

    reader = phone
    sign_in(reader, "wumin")
    reader.goto(office.url)
    expect(reader.locator("#issue-body")).to_contain_text("各部门情况如下")
    no_wider_than_the_phone(reader, "the weekly report")
    shot(reader, "supervision-weekly-phone")


def test_the_year_is_looked_back_on(desktop: Page, phone: Page, shot):
    title = f"第{random.randint(1000, 9999)}号年度重点工作"
    year = desktop.evaluate("() => new Date().getFullYear()")
    office = desktop
    sign_in(office, "wumin")
    office.goto("/supervision/tasks/new")
    form = office.locator("#task-new")
    form.locator("select[name=source]").select_option(label="年度重点工作任务")
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=content]").fill("全年推进政务服务事项网上可办。")
    form.locator("input[name=due_on]").fill(f"{year}-12-31")
    form.locator("select[name=department_id]").select_option(label="政策法规处")
    form.locator("select[name=owner_id]").select_option(label="林芳")
    form.get_by_role("button", name="立项督办").click()
    expect(office).to_have_url(re.compile(r"/supervision/tasks/\d+$"))
    task_id = office.url.rsplit("/", 1)[1]

    office.goto("/supervision/retrospect")
    row = office.locator(f"#task-{task_id}")
    expect(row).to_contain_text(f"{year}年12月31日")
    expect(row).to_contain_text("未到期")
    row.locator("summary").click()
    row.locator("textarea[name=remark]").fill("按计划推进，年底前完成。")
    row.get_by_role("button", name="保存").click()
    expect(office.locator(f"#task-{task_id}")).to_contain_text("按计划推进，年底前完成。")

    sign_in(phone, "wumin")
    phone.goto("/supervision/retrospect")
    expect(phone.locator(f"#task-{task_id}")).to_contain_text("按计划推进")
    no_wider_than_the_phone(phone, "the 回头望 page")
    shot(phone, "supervision-retrospect-phone")

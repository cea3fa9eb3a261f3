"""The shared 待办 inbox's filters and the year's 统计 page, as the office uses them."""

import random
import re

from playwright.sync_api import Page, expect

from test_documents import sign_in


def register(page: Page, title: str, urgency: str = "一般", source_unit: str = "省发展改革委"):
    page.goto("/documents/incoming/new")
    page.fill("input[name=source_unit]", source_unit)
    page.fill("input[name=source_number]", f"省发改〔2026〕{random.randint(100, 999)}号")
    page.fill("input[name=title]", title)
    page.select_option("select[name=kind]", label="通知")
    page.select_option("select[name=source_class]", label="上级")
    page.select_option("select[name=urgency]", label=urgency)
    page.get_by_role("button", name="登记并送初审").click()
    expect(page).to_have_url(re.compile(r"/documents/incoming/\d+$"))


def inbox_titles(page: Page) -> list[str]:
    return page.locator("#inbox tbody td:first-child a").all_inner_texts()


def test_inbox_filters_by_words_urgency_and_module(desktop: Page, shot):
    tag = random.randint(10000, 99999)
    urgent = f"关于{tag}项目特急事项的通知"
    ordinary = f"关于{tag}项目年度计划的通知"
    clerk = desktop
    sign_in(clerk, "zhoulei")
    register(clerk, urgent, "特急")
    register(clerk, ordinary, "一般")

    # Both wait for the 收发员's 初审; words from the title find exactly them.
    clerk.goto(f"/inbox?folder=todo&q={tag}")
    expect(clerk.locator("#inbox tbody tr")).to_have_count(2)
    assert sorted(inbox_titles(clerk)) == sorted([urgent, ordinary])
    expect(clerk.locator("#inbox tbody tr").first.locator("td").nth(1)).to_have_text("办文")

    # 只看急件 keeps the 特急 one, marked 急.
    if not clerk.locator("#inbox-filter").is_visible():
        clerk.locator("details.card summary").click()
    clerk.check("input[name=urgent]")
    clerk.locator("#inbox-filter").get_by_role("button", name="筛选").click()
    expect(clerk.locator("#inbox tbody tr")).to_have_count(1)
    assert inbox_titles(clerk) == [urgent]
    expect(clerk.locator("#inbox tbody tr").first).to_contain_text("急")
    shot(clerk, "inbox-filtered")

    # Neither is past its time limit, and the module list offers 办文.
    clerk.goto(f"/inbox?folder=todo&q={tag}&overdue=on")
    expect(clerk.locator("#inbox tbody td a")).to_have_count(0)
    clerk.goto(f"/inbox?folder=todo&q={tag}&module=documents")
    expect(clerk.locator("#inbox tbody tr")).to_have_count(2)
    expect(clerk.locator("select[name=module] option:checked")).to_have_text("办文")
    # A filter on a module with no such items finds nothing rather than everything.
    clerk.goto(f"/inbox?folder=todo&q={tag}&module=nosuchmodule")
    expect(clerk.locator("#inbox tbody td a")).to_have_count(0)


def test_figures_count_what_the_records_hold(desktop: Page, new_context, shot):
    tag = random.randint(10000, 99999)
    title = f"关于{tag}号文件执行情况的通报"
    clerk = desktop
    sign_in(clerk, "zhoulei")
    register(clerk, title, "一般")

    director = new_context()
    sign_in(director, "zhangwei")
    director.goto("/figures")
    row = director.locator("#figure-documents\\.incoming\\.total")
    expect(row).to_be_visible()
    total = int(row.locator("td.num a").first.inner_text())
    assert total >= 1
    shot(director, "figures-year")

    # The number opens its records: exactly as many as it says, the new one among them.
    row.locator("td.num a").first.click()
    expect(director).to_have_url(re.compile(r"/figures/documents\.incoming\.total\?year=\d{4}$"))
    expect(director.locator("h2").first).to_have_text(re.compile(rf"共 {total} 件$"))
    if total <= 100:
        expect(director.locator("#records tbody tr")).to_have_count(total)
    expect(director.locator("#records")).to_contain_text(title)
    # The year's months add up to the year.
    months = director.locator("#months tbody tr").first.locator("td.num a").all_inner_texts()
    assert sum(int(m) for m in months[:12]) == int(months[12]) == total

    # A 科员 is refused the page and sees no figure.
    staff = new_context()
    sign_in(staff, "hejing")
    response = staff.goto("/figures")
    assert response is not None and response.status == 403
    expect(staff.locator("body")).not_to_contain_text("收文总数")
    response = staff.goto("/figures/documents.incoming.total")
    assert response is not None and response.status == 403
    expect(staff.locator("body")).not_to_contain_text(title)

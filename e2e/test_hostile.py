"""Hostile text typed into free-text fields is shown as text on every page that shows it,
and never runs: titles, 来文单位, 意见 and file names."""

import random

from playwright.sync_api import Page, expect

from test_documents import approve_in_card, sign_in
from test_inbox_figures import register

# Each marks the page's body if it ever runs.
TITLE = '关于<img src=x onerror="document.body.dataset.xss=\'title\'">测试的通知'
UNIT = '<script>document.body.dataset.xss="unit"</script>省测试厅'
OPINION = '同意。<svg onload="document.body.dataset.xss=\'opinion\'"></svg>'
FILE = '<img src=y onerror="document.body.dataset.xss=\'file\'">附件.pdf'


def assert_inert(page: Page, where: str):
    assert page.evaluate("document.body.dataset.xss") is None, f"script ran on {where}"
    assert page.locator("img[src=x], img[src=y]").count() == 0, f"markup built on {where}"


def test_free_text_never_runs(desktop: Page, new_context, shot):
    dialogs = []
    desktop.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tag = random.randint(10000, 99999)
    title = f"{TITLE}{tag}"

    clerk = desktop
    sign_in(clerk, "zhoulei")
    register(clerk, title, source_unit=UNIT)
    record = clerk.url
    assert_inert(clerk, "the new 收文")
    expect(clerk.locator("h1")).to_contain_text("<img src=x")

    clerk.locator("#attachments summary", has_text="上传附件").click()
    clerk.locator("#attachments form[action*='slot=file'] input[type=file]").set_input_files(
        {"name": FILE, "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"0" * 2000}
    )
    clerk.locator("#attachments form[action*='slot=file']").get_by_role("button", name="上传附件").click()
    expect(clerk.locator("#attachment-list")).to_contain_text("onerror=")
    assert_inert(clerk, "the attachment list")

    approve_in_card(clerk, OPINION)
    clerk.goto(record)
    expect(clerk.locator("body")).to_contain_text("<svg onload=")
    assert_inert(clerk, "the 处理过程")
    shot(clerk, "hostile-record")

    pages = {
        "the 处理笺": record + "/sheet",
        "the 收文 list": f"/documents/incoming?q={tag}",
        "the inbox": f"/inbox?folder=done&q={tag}",
        "search": f"/search?q={tag}",
    }
    for where, url in pages.items():
        clerk.goto(url)
        assert_inert(clerk, where)
    expect(clerk.locator("body")).to_contain_text(str(tag))

    # Another person, the office director, opens the drill-down of the year's 收文.
    director = new_context()
    director.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(director, "zhangwei")
    director.goto("/figures/documents.incoming.total")
    expect(director.locator("#records")).to_contain_text(str(tag))
    assert_inert(director, "the figure's records")
    director.goto(record)
    assert_inert(director, "the record, as another person")
    assert dialogs == [], dialogs

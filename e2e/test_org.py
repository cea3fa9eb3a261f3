"""The organisation pages as people use them: sign in, add a department, be refused, be locked out."""

import random
import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORDS


def unique(prefix: str) -> str:
    return f"{prefix}{random.randint(100000, 999999)}"


def login(page: Page, username: str, password: str):
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="登录").click()


def login_ok(page: Page, username: str, display_name: str):
    login(page, username, PASSWORDS[username])
    expect(page.get_by_role("heading", name=f"您好，{display_name}")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/$"))


def logout(page: Page):
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(r"/login(\?.*)?$"))
    expect(page.get_by_role("button", name="登录")).to_be_visible()


def tree_names(page: Page) -> list[str]:
    return [t.strip() for t in page.locator("#department-tree li a").all_inner_texts()]


def add_department(page: Page, name: str, parent: str, kind: str):
    page.get_by_role("link", name="新增部门").click()
    expect(page).to_have_url(re.compile(r"/org/departments/new$"))
    page.fill("input[name=name]", name)
    page.select_option("select[name=parent_id]", label=parent)
    page.select_option("select[name=kind]", label=kind)
    page.get_by_role("button", name="保存").click()


def assert_under(page: Page, name: str, parent: str):
    """The tree lists departments depth-first, so a child sits after its parent and is indented."""
    names = tree_names(page)
    assert name in names, names
    assert names.index(name) > names.index(parent), names
    parent_li = page.locator("#department-tree li", has=page.get_by_role("link", name=parent, exact=True))
    child_li = page.locator("#department-tree li", has=page.get_by_role("link", name=name, exact=True))
    parent_indent = parent_li.evaluate("li => parseFloat(getComputedStyle(li).paddingLeft)")
    child_indent = child_li.evaluate("li => parseFloat(getComputedStyle(li).paddingLeft)")
    assert child_indent > parent_indent, (parent_indent, child_indent)


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_desktop_add_department(desktop: Page, shot):
    page = desktop
    login_ok(page, "zhangwei", "张伟")
    shot(page, "desktop-home")

    page.locator("nav").get_by_role("link", name="组织机构").click()
    expect(page).to_have_url(re.compile(r"/org$"))
    expect(page.get_by_role("heading", name="组织机构", exact=True)).to_be_visible()
    expect(page.locator("#department-tree")).to_contain_text("办公室")
    expect(page.locator("table#people")).to_contain_text("张伟")
    shot(page, "desktop-org")

    name = unique("测试督查科")
    add_department(page, name, parent="办公室", kind="处室")
    expect(page).to_have_url(re.compile(r"/org\?dept=\d+$"))
    expect(page.locator("div.flash")).to_contain_text(f"已保存部门「{name}」")
    expect(page.locator("#department-tree")).to_contain_text(name)
    assert_under(page, name, "办公室")
    shot(page, "desktop-org-tree")

    # Saved for real, not only echoed back: a fresh load still lists it.
    page.goto("/org")
    expect(page.locator("#department-tree")).to_contain_text(name)

    page.goto("/org/departments/new")
    page.fill("input[name=name]", name)
    page.select_option("select[name=parent_id]", label="办公室")
    with page.expect_response(lambda r: r.url.endswith("/org/departments") and r.request.method == "POST") as saved:
        page.get_by_role("button", name="保存").click()
    assert saved.value.status == 409
    expect(page.locator("div.alert")).to_contain_text("已有同名的部门")
    # The form comes back filled in, so the person can correct the name instead of retyping.
    expect(page.locator("input[name=name]")).to_have_value(name)
    shot(page, "desktop-department-duplicate")

    page.goto("/org")
    assert tree_names(page).count(name) == 1

    logout(page)
    shot(page, "desktop-logged-out")
    # Signed out means signed out: the organisation page now asks for a login.
    page.goto("/org")
    expect(page).to_have_url(re.compile(r"/login"))


def test_phone_add_department(phone: Page, shot):
    page = phone
    login_ok(page, "zhangwei", "张伟")
    assert page_width(page) <= 390 + 1
    shot(page, "phone-home")

    nav_link = page.locator("nav").get_by_role("link", name="组织机构")
    expect(nav_link).to_be_hidden()
    page.get_by_text("菜单", exact=True).click()
    expect(nav_link).to_be_visible()
    shot(page, "phone-menu-open")
    nav_link.click()
    expect(page).to_have_url(re.compile(r"/org$"))
    expect(page.locator("#department-tree")).to_contain_text("办公室")
    assert page_width(page) <= 390 + 1
    shot(page, "phone-org")

    name = unique("测试信息科")
    add_department(page, name, parent="厅信息中心", kind="直属单位")
    expect(page).to_have_url(re.compile(r"/org\?dept=\d+$"))
    expect(page.locator("div.flash")).to_contain_text(f"已保存部门「{name}」")
    expect(page.locator("#department-tree")).to_contain_text(name)
    assert_under(page, name, "厅信息中心")
    assert page_width(page) <= 390 + 1
    shot(page, "phone-org-tree")

    page.goto("/org/departments/new")
    assert page_width(page) <= 390 + 1
    shot(page, "phone-department-form")

    page.goto("/")
    logout(page)
    shot(page, "phone-logged-out")


def test_staff_cannot_manage_org(new_context, shot):
    page = new_context()
    login_ok(page, "hejing", "何静")

    # Viewing is allowed.
    page.goto("/org")
    expect(page.locator("#department-tree")).to_contain_text("办公室")
    expect(page.locator("table#people")).to_contain_text("何静")
    shot(page, "staff-org")
    # What the account may not do is not offered either.
    expect(page.get_by_role("link", name="新增部门")).to_have_count(0)
    expect(page.get_by_role("link", name="新增人员")).to_have_count(0)
    expect(page.get_by_role("link", name="导入人员")).to_have_count(0)

    response = page.goto("/org/departments/new")
    assert response.status == 403
    expect(page.locator("body")).to_contain_text("没有权限")
    expect(page.locator("input[name=name]")).to_have_count(0)
    shot(page, "staff-department-new-403")

    # The refusal must not depend on the form being hidden: post to the handler directly.
    page.goto("/org")
    name = unique("越权部门")
    status = page.evaluate(
        """async (name) => {
            const token = document.querySelector('input[name=_csrf]').value;
            const body = new URLSearchParams({_csrf: token, name, parent_id: '', kind: 'department', sort_order: '0'});
            const r = await fetch('/org/departments', {method: 'POST', body, redirect: 'manual'});
            return r.status;
        }""",
        name,
    )
    assert status == 403
    page.reload()
    assert name not in tree_names(page)

    response = page.goto("/audit")
    assert response.status == 403
    expect(page.locator("body")).to_contain_text("没有权限")
    shot(page, "staff-audit-403")


@pytest.mark.parametrize("width", [1280, 390])
def test_menu_checkbox_is_not_shown(new_context, width):
    """The 菜单 toggle is a label for a checkbox; the bare checkbox itself should never show."""
    page = new_context(viewport={"width": width, "height": 800})
    login_ok(page, "zhangwei", "张伟")
    expect(page.locator("#nav-toggle")).to_be_hidden()


def create_department(page: Page, name: str) -> str:
    """Adds a top-level department through the form and returns its /org?dept=… address."""
    page.goto("/org/departments/new")
    page.fill("input[name=name]", name)
    page.get_by_role("button", name="保存").click()
    expect(page.locator("div.flash")).to_contain_text(name)
    return page.url


def test_cancelled_delete_keeps_the_department(desktop: Page):
    page = desktop
    login_ok(page, "zhangwei", "张伟")
    name = unique("取消删除")
    page.goto(create_department(page, name))
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="删除部门").click()
    page.wait_for_load_state("networkidle")
    page.goto("/org")
    assert name in tree_names(page), posts


def test_department_name_never_runs_as_script(desktop: Page):
    page = desktop
    login_ok(page, "zhangwei", "张伟")
    name = "x'+(window.sanbanInjected=1)+'"
    page.goto(create_department(page, name))
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="删除部门").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.sanbanInjected") is None, messages


@pytest.mark.runs_last
def test_zz_repeated_wrong_password_locks_out(new_context, shot):
    page = new_context()
    username = unique("nosuchuser")
    for attempt in range(1, 6):
        login(page, username, f"wrong-password-{attempt}")
        expect(page.locator("body")).to_contain_text("登录名或密码不正确")
        expect(page.locator("body")).not_to_contain_text("锁定")
    shot(page, "login-wrong-password")

    login(page, username, "wrong-password-6")
    expect(page.locator("body")).to_contain_text("锁定")
    expect(page.locator("body")).not_to_contain_text("登录名或密码不正确")
    shot(page, "login-locked-out")

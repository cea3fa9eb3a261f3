"""The authorisation matrix, generated from the API's route table (the OpenAPI document).

Every operation must have a rule here or be covered by the generated one; a new endpoint
without either fails the test. The rules:

- **record** (generated): an operation on `/x/{id}/…` answers only for people who may read
  `GET /x/{id}`. For every chosen person and every record that person may not read, every
  operation on the record answers 403 or 404, the body holds none of the record's title, and
  the record reads the same afterwards to someone who may see it. The record's page (the same
  path without `/api/v1`) refuses them too.
- **list**: every item a person's list shows is one that person may read on its own page.
- **perm**: only holders of the named permission (as `/me` lists it); everyone else gets 403.
- **own**: about the caller only (their profile, tokens, delegations, inbox); another person's
  id answers 403 or 404.
- **open**: any signed-in person, with the reason written beside it.

The people are one or two of each role in the demo organisation, from two departments where the
role is a department's.
"""

import re
import shutil
import tempfile
from pathlib import Path

import pytest
import requests

from conftest import ARTIFACTS, Server, _binary, _free_port, sign_in

API = "/api/v1"

# One or two people of each role; department roles from two departments.
PEOPLE = [
    "admin",  # 系统管理员
    "chenjianguo",  # 主要领导
    "liminghua",  # 分管领导
    "zhangwei",  # 办公室主任、部门负责人
    "zhoulei",  # 收发员
    "wumin",  # 督查专员
    "zhengjie",  # 档案员
    "hejing",  # 办公室 工作人员
    "shenyun",  # 安全审计员
    "majun",  # 政策法规处 部门负责人
    "linfang",  # 政策法规处 工作人员
    "luohao",  # 综合规划处 部门负责人
    "songjie",  # 综合规划处 工作人员
    "xuqian",  # 人事处 工作人员
]

# Who may read records widely, tried in turn to find a record's title and state.
READERS = ["zhangwei", "wumin", "chenjianguo", "zhoulei", "admin"]

# Ids tried for each record family besides those the lists show.
PROBE_IDS = range(1, 4)

OPEN = "open"
OWN = "own"

# (method, path) → rule. Paths with an id not listed here get the generated record rule.
RULES = {
    # Attachments are listed per record (module and record id are required), with the
    # record's own right: the platform's attachment tests refuse an outsider.
    ("GET", "/attachments"): (OPEN, "按所属记录列出，须该记录的查看权限，见平台的附件测试"),
    ("POST", "/attachments"): (OPEN, "上传到某记录时由该记录所属业务检查权限，见各模块测试"),
    ("GET", "/audit"): ("perm", "audit_view"),
    ("GET", "/audit/verify"): ("perm", "audit_view"),
    ("GET", "/delegations"): (OWN, "本人的代理设置"),
    ("POST", "/delegations"): (OWN, "本人的代理设置"),
    ("POST", "/delegations/{id}/revoke"): (OWN, "本人的代理设置"),
    ("GET", "/departments"): (OPEN, "机构名录，人人可查"),
    ("POST", "/departments"): ("perm", "org_manage"),
    ("GET", "/departments/{id}"): (OPEN, "机构名录，人人可查"),
    ("PUT", "/departments/{id}"): ("perm", "org_manage"),
    ("DELETE", "/departments/{id}"): ("perm", "org_manage"),
    ("POST", "/documents/incoming"): (OPEN, "登记收文的权限由办文模块检查并测试"),
    ("GET", "/documents/outgoing"): ("list", "/documents/outgoing/{id}"),
    ("POST", "/documents/outgoing"): (OPEN, "起草发文，人人可起草本部门的稿"),
    ("GET", "/documents/periodicals"): (OPEN, "刊物名录"),
    ("GET", "/documents/periodicals/issues"): ("list", "/documents/periodicals/issues/{id}"),
    ("GET", "/documents/phone"): ("list", "/documents/phone/{id}"),
    ("POST", "/documents/phone"): (OPEN, "登记电话记录的权限由办文模块检查并测试"),
    ("GET", "/figures"): (OPEN, "统计数的查看权限由平台检查并测试（只给数字，不给记录）"),
    ("GET", "/figures/{key}/records"): (OPEN, "明细的查看权限由平台检查并测试"),
    ("GET", "/inbox"): (OWN, "本人的待办"),
    ("GET", "/leaders"): (OPEN, "领导分工，人人可查"),
    ("PUT", "/leaders/{id}"): ("perm", "org_manage"),
    ("GET", "/me"): (OWN, "本人"),
    ("GET", "/meetings"): ("list", "/meetings/{id}"),
    ("POST", "/meetings"): (OPEN, "安排会议的权限由办会模块检查并测试"),
    ("GET", "/meetings/plans"): (OPEN, "会议计划，人人可查"),
    ("GET", "/meetings/rooms"): (OPEN, "会议室名录"),
    ("POST", "/meetings/rooms"): (OPEN, "登记会议室的权限由办会模块检查并测试"),
    ("GET", "/meetings/rooms/{id}/week"): (OPEN, "会议室占用，人人可查以便预订"),
    ("GET", "/meetings/topics"): ("list", "/meetings/topics/{id}"),
    ("POST", "/meetings/topics"): (OPEN, "各部门均可提交议题单"),
    ("GET", "/notify/outbox"): ("perm", "notify_manage"),
    ("POST", "/notify/outbox/retry"): ("perm", "notify_manage"),
    ("POST", "/notify/outbox/{id}/retry"): ("perm", "notify_manage"),
    ("GET", "/notify/prefs"): (OWN, "本人的通知设置"),
    ("PUT", "/notify/prefs"): (OWN, "本人的通知设置"),
    ("GET", "/notify/robots"): ("perm", "notify_manage"),
    ("POST", "/notify/robots"): ("perm", "notify_manage"),
    ("PUT", "/notify/robots/{id}"): ("perm", "notify_manage"),
    ("DELETE", "/notify/robots/{id}"): ("perm", "notify_manage"),
    ("GET", "/people"): (OPEN, "通讯录，人人可查"),
    ("POST", "/people"): ("perm", "org_manage"),
    ("GET", "/people/export.xlsx"): ("perm", "org_manage"),
    ("POST", "/people/import"): ("perm", "org_manage"),
    ("GET", "/people/{id}"): (OPEN, "通讯录，人人可查"),
    ("PUT", "/people/{id}"): ("perm", "org_manage"),
    ("POST", "/people/{id}/password-reset"): ("perm", "account_manage"),
    ("GET", "/posts"): (OPEN, "职务名录"),
    ("POST", "/posts"): ("perm", "org_manage"),
    ("GET", "/roles"): (OPEN, "角色名录"),
    ("GET", "/search"): (OPEN, "结果在查询内按权限过滤，见平台的查找测试"),
    ("POST", "/supervision/bulletins"): ("perm", "workflow_oversee"),
    ("POST", "/supervision/extensions/{id}/decision"): (OPEN, "审批延期的权限由督办模块检查并测试"),
    ("GET", "/supervision/issues"): ("list", "/supervision/issues/{id}"),
    ("POST", "/supervision/milestones/{id}/done"): (OPEN, "节点的权限随其督办事项，由督办模块测试"),
    ("GET", "/supervision/months/{month}"): (OPEN, "月度统计的查看权限由督办模块检查并测试"),
    ("GET", "/supervision/weeks/{week}"): (OPEN, "周统计的查看权限由督办模块检查并测试"),
    ("POST", "/supervision/weeklies"): ("perm", "workflow_oversee"),
    ("GET", "/supervision/retrospect"): (OPEN, "回头望给领导和办公室看，由督办模块检查并测试"),
    ("GET", "/supervision/scores"): (OPEN, "考核分数的查看权限由督办模块检查并测试"),
    ("PUT", "/supervision/scores/weights"): ("perm", "workflow_oversee"),
    ("GET", "/supervision/scores/finals"): (OPEN, "定稿考核的查看权限由督办模块检查并测试"),
    ("POST", "/supervision/scores/finals"): ("perm", "workflow_oversee"),
    ("GET", "/supervision/tasks"): ("list", "/supervision/tasks/{id}"),
    ("POST", "/supervision/tasks"): (OPEN, "立项的权限由督办模块检查并测试"),
    ("GET", "/tokens"): (OWN, "本人的接口令牌"),
    ("POST", "/tokens"): (OWN, "本人的接口令牌"),
    ("DELETE", "/tokens/{id}"): (OWN, "本人的接口令牌"),
    # A workflow task is a person's own 待办: it is read through its instance.
    ("POST", "/workflow/tasks/{id}/actions"): (OWN, "本人的待办，他人的待办由引擎拒绝并测试"),
}


def _login(base: str, username: str, password: str) -> tuple:
    """(API session with a token, browser session, its CSRF token)."""
    web, csrf, token = sign_in(base, username, password, "权限矩阵")
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {token}"
    return api, web, csrf


def _seed(base: str, logins: dict) -> None:
    """One record of each kind the demo office does not hold, each made by whoever would make
    it, so that every record family has something to be refused."""

    def post(who, path, body):
        r = logins[who][0].post(f"{base}{API}{path}", json=body, timeout=30)
        assert r.status_code in (200, 201), f"{who} POST {path}: {r.status_code} {r.text}"
        return r.json()

    post(
        "zhoulei",
        "/documents/incoming",
        {
            "source_unit": "省发展和改革委员会",
            "title": "关于报送权限矩阵检验材料的通知",
            "kind": "通知",
            "channel": "paper",
            "source_class": "superior",
        },
    )
    draft = post(
        "linfang",
        "/documents/outgoing",
        {
            "kind": "通知",
            "title": "关于开展权限矩阵检验的通知",
            "main_to": "各处室",
            "direction": "下行文",
            "publicity": "不予公开",
            "body": "为检验各角色的查看权限，现将有关事项通知如下。",
        },
    )
    r = logins["linfang"][0].post(
        f"{base}{API}/attachments",
        params={"module": "documents", "record_id": f"outgoing:{draft['id']}", "slot": "file"},
        files={"file": ("权限矩阵检验附件.txt", "检验内容".encode())},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    post(
        "zhoulei",
        "/documents/phone",
        {"kind": "电话", "at": "2026-11-20 09:00", "content": "市政府办公厅来电，询问权限矩阵检验安排。"},
    )
    post(
        "majun",
        "/meetings/topics",
        {"title": "关于权限矩阵检验的议题", "background": "检验背景", "proposal": "检验建议"},
    )
    post("wumin", "/supervision/bulletins", {"month": "2026-11"})
    # 刊物 issues are made on their page only.
    titles = logins["zhangwei"][0].get(f"{base}{API}/documents/periodicals", timeout=30).json()
    _, web, csrf = logins["zhangwei"]
    r = web.post(
        f"{base}/documents/periodicals/issues",
        data={"periodical_id": titles[0]["id"], "_csrf": csrf},
        allow_redirects=False,
        timeout=30,
    )
    assert r.status_code == 303, f"刊物新一期：{r.status_code} {r.text[:200]}"


def _passwords(demo_output: str) -> dict:
    """username → password from the sign-ins `sanban demo` prints."""
    out = {}
    for line in demo_output.splitlines():
        parts = line.split()
        if len(parts) >= 4 and re.fullmatch(r"[a-z]+", parts[0]):
            out[parts[0]] = parts[2]
    return out


def _operations(spec: dict) -> list:
    ops = []
    for path, item in spec["paths"].items():
        for method in item:
            if method in ("get", "post", "put", "delete", "patch"):
                ops.append((method.upper(), path.removeprefix(API), item[method]))
    return ops


def _record_rule(path: str, gets: set):
    """The generated rule: the shortest `/…/{id}` prefix that can be read on its own."""
    for m in re.finditer(r"\{id\}", path):
        prefix = path[: m.end()]
        if prefix in gets:
            return ("record", prefix)
    return None


def _example(schema: dict, spec: dict, depth: int = 0):
    """A small value that satisfies `schema`, so that a refusal comes from the permission
    check and not from the body's shape."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return _example(spec["components"]["schemas"][name], spec, depth)
    for key in ("allOf", "oneOf", "anyOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return _example(options[0], spec, depth)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        if depth > 4:
            return {}
        return {
            k: _example(v, spec, depth + 1)
            for k, v in schema.get("properties", {}).items()
            if k in schema.get("required", [])
        }
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    fmt = schema.get("format")
    if fmt == "date":
        return "2026-12-01"
    if fmt == "date-time":
        return "2026-12-01T09:00:00Z"
    return "越权测试"


def _body(op: dict, spec: dict):
    """Keyword arguments for `requests` carrying a body the operation accepts."""
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        return {"json": _example(content["application/json"].get("schema", {}), spec)}
    if "multipart/form-data" in content:
        return {"files": {"file": ("越权测试.txt", "越权测试".encode())}}
    if content:
        return {"data": "越权测试".encode()}
    return {}


def _call(api: requests.Session, base: str, method: str, path: str, body=None):
    return api.request(
        method, f"{base}{API}{path}", timeout=30, allow_redirects=False, **(body or {})
    )


def _title(value) -> str:
    if isinstance(value, dict):
        for key in ("title", "name", "file_name", "subject"):
            if isinstance(value.get(key), str) and len(value[key]) >= 4:
                return value[key]
    return ""


def _ids(value) -> list:
    items = value.get("items", value.get("rows", [])) if isinstance(value, dict) else value
    return [i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), int)]


@pytest.fixture(scope="module")
def office():
    data_dir = Path(tempfile.mkdtemp(prefix="sanban-authz-"))
    srv = Server(_binary(), data_dir, _free_port())
    try:
        passwords = _passwords(srv.run("demo").stdout)
        srv.start()
        logins = {u: _login(srv.url, u, passwords[u]) for u in PEOPLE}
        _seed(srv.url, logins)
        sessions = {u: login[0] for u, login in logins.items()}
        browsers = {u: login[1] for u, login in logins.items()}
        perms = {
            u: set(s.get(f"{srv.url}{API}/me", timeout=30).json()["permissions"])
            for u, s in sessions.items()
        }
        yield srv.url, sessions, perms, browsers
    finally:
        srv.stop()
        ARTIFACTS.mkdir(exist_ok=True)
        if srv.log_path.exists():
            shutil.copyfile(srv.log_path, ARTIFACTS / "authz-server.log")
        shutil.rmtree(data_dir, ignore_errors=True)


def test_every_operation_has_a_rule_and_keeps_it(office):
    base, sessions, perms, browsers = office
    spec = sessions["admin"].get(f"{base}{API}/openapi.json", timeout=30).json()
    ops = _operations(spec)
    gets = {p for m, p, _ in ops if m == "GET"}

    rules = {}
    unruled = []
    for method, path, op in ops:
        rule = RULES.get((method, path)) or _record_rule(path, gets)
        if rule is None:
            unruled.append(f"{method} {path}")
        rules[(method, path)] = rule
    assert not unruled, "这些接口没有权限规则，请在 RULES 中登记：\n" + "\n".join(unruled)
    stale = [f"{m} {p}" for m, p in RULES if (m, p) not in rules]
    assert not stale, "RULES 中登记了不存在的接口：\n" + "\n".join(stale)

    problems = []
    families = sorted({r[1] for r in rules.values() if r[0] == "record"})

    # Which records exist, with their title and state as a wide reader sees them.
    candidates = {f: set(PROBE_IDS) for f in families}
    for (method, path), rule in rules.items():
        if rule[0] == "list" and rule[1] in candidates:
            for u in READERS:
                r = _call(sessions[u], base, "GET", path)
                if r.status_code == 200:
                    candidates[rule[1]].update(_ids(r.json())[:3])
    records = {}
    for family in families:
        for rid in sorted(candidates[family]):
            path = family.replace("{id}", str(rid))
            for u in READERS:
                r = _call(sessions[u], base, "GET", path)
                if r.status_code == 200:
                    records[(family, rid)] = (u, r.content)
                    break

    # Who may read which record: the oracle for everything else on it.
    may_read = {}
    for family, rid in records:
        path = family.replace("{id}", str(rid))
        for person in PEOPLE:
            r = _call(sessions[person], base, "GET", path)
            if r.status_code == 200:
                may_read[(family, rid, person)] = True
            elif r.status_code in (403, 404):
                may_read[(family, rid, person)] = False
            else:
                problems.append(f"{person} GET {path}: {r.status_code}")

    refused_somewhere = {f: False for f in families}
    for (family, rid), (reader, before) in records.items():
        title = _title(requests.models.complexjson.loads(before))
        for person in PEOPLE:
            if may_read.get((family, rid, person), True):
                continue
            refused_somewhere[family] = True
            for (method, path), rule in rules.items():
                if rule != ("record", family):
                    continue
                op = next(o for m, p, o in ops if m == method and p == path)
                concrete = path.replace("{id}", str(rid))
                r = _call(sessions[person], base, method, concrete, _body(op, spec))
                if r.status_code not in (403, 404):
                    problems.append(f"{person} {method} {concrete}: {r.status_code} {r.text[:120]}")
                elif title and title in r.text:
                    problems.append(f"{person} {method} {concrete}: 拒绝的回复里有标题「{title}」")
            # The record's page, where the pages mirror the API's path: refused the same way.
            page = f"{base}{family.replace('{id}', str(rid))}"
            r = browsers[person].get(page, timeout=30, allow_redirects=False)
            if r.status_code not in (403, 404):
                problems.append(f"{person} 页面 {page.removeprefix(base)}: {r.status_code}")
            elif title and title in r.text:
                problems.append(f"{person} 页面 {page.removeprefix(base)}: 拒绝页里有标题「{title}」")
        after = _call(sessions[reader], base, "GET", family.replace("{id}", str(rid)))
        if after.content != before:
            problems.append(f"{family.replace('{id}', str(rid))} 在越权请求之后变了")

    # A family nobody is refused proves nothing: every record family must shut someone out.
    for family, refused in refused_somewhere.items():
        if not refused:
            problems.append(f"{family}: 没有一条记录对任何被测人员不可见，矩阵没有检验到它")

    # Lists show only what their reader may read.
    for (method, path), rule in rules.items():
        if rule[0] != "list":
            continue
        for person in PEOPLE:
            r = _call(sessions[person], base, "GET", path)
            if r.status_code in (403, 404):
                continue
            if r.status_code != 200:
                problems.append(f"{person} GET {path}: {r.status_code}")
                continue
            for rid in _ids(r.json()):
                one = _call(sessions[person], base, "GET", rule[1].replace("{id}", str(rid)))
                if one.status_code != 200:
                    problems.append(f"{person} 的 {path} 列出了 {rid}，但打开是 {one.status_code}")

    # Another person's own things: a token, a 待办.
    owner = "zhangwei"
    token = next(t for t in sessions[owner].get(f"{base}{API}/tokens", timeout=30).json()
                 if not t["revoked"])
    inbox = sessions[owner].get(f"{base}{API}/inbox", timeout=30).json()["items"]
    assert inbox, "办公室主任的待办为空，无从检验他人的待办"
    task = inbox[0]
    for person in PEOPLE:
        if person == owner:
            continue
        r = _call(sessions[person], base, "DELETE", f"/tokens/{token['id']}")
        if r.status_code not in (403, 404):
            problems.append(f"{person} 删除了 {owner} 的接口令牌：{r.status_code}")
        r = _call(
            sessions[person],
            base,
            "POST",
            f"/workflow/tasks/{task['id']}/actions",
            {"json": {"action": "approve", "version": 1, "opinion": "越权同意"}},
        )
        if r.status_code not in (403, 404):
            problems.append(f"{person} 办理了 {owner} 的待办：{r.status_code} {r.text[:120]}")
        elif task["title"] in r.text:
            problems.append(f"{person} 办理 {owner} 的待办被拒，但回复里有标题")
    if sessions[owner].get(f"{base}{API}/me", timeout=30).status_code != 200:
        problems.append(f"{owner} 的接口令牌被他人吊销")
    still = sessions[owner].get(f"{base}{API}/inbox", timeout=30).json()["items"]
    if task["id"] not in [t["id"] for t in still]:
        problems.append(f"{owner} 的待办被他人办理")

    # Permission-only operations refuse everyone else.
    for (method, path), rule in rules.items():
        if rule[0] != "perm":
            continue
        op = next(o for m, p, o in ops if m == method and p == path)
        concrete = re.sub(r"\{[a-z_]+\}", "1", path)
        for person in PEOPLE:
            if rule[1] in perms[person]:
                continue
            r = _call(sessions[person], base, method, concrete, _body(op, spec))
            if r.status_code != 403:
                problems.append(f"{person} {method} {concrete}: {r.status_code} {r.text[:120]}")

    if problems:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "authz-problems.txt").write_text("\n".join(problems), encoding="utf-8")
    assert not problems, f"{len(problems)} 处越权或不一致：\n" + "\n".join(problems[:80])


def test_parameters_sit_where_the_document_says(office):
    """A query parameter documented as a path parameter sends every client (and the fuzzer)
    to a URL that does not exist."""
    base, sessions, _, _ = office
    spec = sessions["admin"].get(f"{base}{API}/openapi.json", timeout=30).json()
    misplaced = [
        f"{method.upper()} {path}: {p['name']}"
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict)
        for p in op.get("parameters", [])
        if p["in"] == "path" and "{" + p["name"] + "}" not in path
    ]
    assert not misplaced, "文档把查询参数写成了路径参数：\n" + "\n".join(misplaced)

"""An office's working day as locust users: each simulated person signs in once, then every
~10 s (5–15 s) does one thing, in the shares an office's clicks fall into:

| share | what |
|---:|---|
| 30 % | 待办 inbox page |
| 18 % | opens an item from the inbox (the record's 处理过程 page) |
| 10 % | home page with the navigation counts |
|  8 % | search |
|  8 % | 督办 task list |
|  5 % | meetings list |
|  5 % | 收文 list |
|  6 % | approves a pending 传阅 (已阅) or, for 收发员 accounts, registers a 收文 |
|  4 % | uploads a 附件 to a 收文 it registered |
|  6 % | API inbox (the phone and the robots poll it) |

Accounts come from `SANBAN_LOAD_ACCOUNTS` (a JSON file: username → password); many simulated
people share one account, each with a session of its own. Writes go only to this run's data.

The load climbs in steps (`SANBAN_LOAD_STEPS`, e.g. `250,500,1000`), each held for
`SANBAN_LOAD_HOLD` seconds after its people have signed in; every request is written with its
time to `SANBAN_LOAD_OUT` (JSON lines) together with the window of each step, so that each
step's percentiles leave out the sign-in ramp.
"""

import json
import os
import random
import re
import time

from locust import FastHttpUser, LoadTestShape, between, events, task

ACCOUNTS = json.loads(open(os.environ["SANBAN_LOAD_ACCOUNTS"], encoding="utf-8").read())
REGISTRARS = {"zhoulei", "sunting"}
WORDS = ["通知", "安全生产", "督办", "会议", "预算", "规划", "防汛", "人事"]
CSRF_RE = re.compile(r'name="_csrf" value="([^"]+)"')
STEPS = [int(n) for n in os.environ.get("SANBAN_LOAD_STEPS", "100").split(",")]
HOLD_S = float(os.environ.get("SANBAN_LOAD_HOLD", "60"))
# Sign-ins are argon2 hashes: a gentle ramp keeps them from being the thing measured.
SPAWN_RATE = float(os.environ.get("SANBAN_LOAD_SPAWN_RATE", "10"))

SAMPLES = []
WINDOWS = []


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, **_):
    SAMPLES.append((time.monotonic(), name, response_time, exception is None))


@events.quitting.add_listener
def _write(**_):
    out = os.environ.get("SANBAN_LOAD_OUT")
    if not out:
        return
    with open(out, "w", encoding="utf-8") as f:
        f.write(json.dumps({"windows": WINDOWS}) + "\n")
        for t, name, rt, ok in SAMPLES:
            f.write(json.dumps([t, name, rt, ok], ensure_ascii=False) + "\n")


class Steps(LoadTestShape):
    """Each step: ramp to its number of people, then hold."""

    def __init__(self):
        super().__init__()
        self.plan = []
        start, before = 0.0, 0
        for users in STEPS:
            ramp = (users - before) / SPAWN_RATE + 10
            self.plan.append((users, start, start + ramp, start + ramp + HOLD_S))
            start, before = start + ramp + HOLD_S, users

    def tick(self):
        now = self.get_run_time()
        for users, start, held_from, end in self.plan:
            if now < end:
                if now >= held_from and (not WINDOWS or WINDOWS[-1][0] != users):
                    WINDOWS.append([users, time.monotonic(), time.monotonic() + end - now])
                return users, SPAWN_RATE
        return None


class OfficeWorker(FastHttpUser):
    wait_time = between(5, 15)

    def on_start(self):
        self.username = random.choice(list(ACCOUNTS))
        page = self.client.get("/login", name="登录页").text
        csrf = CSRF_RE.search(page).group(1)
        self.client.post(
            "/login",
            data={
                "username": self.username,
                "password": ACCOUNTS[self.username],
                "_csrf": csrf,
                "next": "/",
            },
            name="登录",
            allow_redirects=False,
        )
        home = self.client.get("/", name="首页").text
        self.csrf = CSRF_RE.search(home).group(1)
        self.registered = []

    def api_headers(self):
        return {"x-csrf-token": self.csrf}

    @task(30)
    def inbox(self):
        self.client.get("/inbox", name="待办")

    @task(18)
    def open_item(self):
        r = self.client.get("/api/v1/inbox", name="接口·待办")
        items = r.json().get("items", []) if r.status_code == 200 else []
        if items:
            self.client.get(f"/workflow/{random.choice(items)['instance_id']}", name="打开事项")

    @task(10)
    def home(self):
        self.client.get("/", name="首页")

    @task(8)
    def search(self):
        self.client.get(f"/search?q={random.choice(WORDS)}", name="查找")

    @task(8)
    def supervision(self):
        self.client.get("/supervision/tasks", name="督办事项")

    @task(5)
    def meetings(self):
        self.client.get("/meetings", name="会议")

    @task(5)
    def incoming(self):
        self.client.get("/documents/incoming", name="收文列表")

    @task(6)
    def act(self):
        if self.username in REGISTRARS:
            n = random.randrange(1_000_000)
            r = self.client.post(
                "/api/v1/documents/incoming",
                json={
                    "source_unit": "市人民政府办公室",
                    "source_number": f"市政办〔2026〕{n}号",
                    "title": f"关于做好第{n}项重点工作的通知",
                    "kind": "通知",
                    "channel": "paper",
                    "source_class": "government",
                },
                headers=self.api_headers(),
                name="登记收文",
            )
            if r.status_code == 201:
                self.registered.append(r.json()["id"])
            return
        r = self.client.get("/api/v1/inbox?folder=unread", name="接口·传阅")
        items = r.json().get("items", []) if r.status_code == 200 else []
        if items:
            with self.client.post(
                f"/api/v1/workflow/tasks/{items[0]['id']}/actions",
                json={"action": "read", "version": 1, "opinion": "已阅"},
                headers=self.api_headers(),
                name="已阅",
                catch_response=True,
            ) as r:
                # Another session of the same account may have read it a moment before.
                if r.status_code in (200, 409):
                    r.success()

    @task(4)
    def upload(self):
        if not self.registered:
            return
        rid = random.choice(self.registered)
        self.client.post(
            f"/api/v1/attachments?module=documents&record_id=incoming:{rid}&slot=file",
            files={"file": ("来文.pdf", b"%PDF-1.7\n" + os.urandom(20_000), "application/pdf")},
            headers=self.api_headers(),
            name="上传附件",
        )

    @task(6)
    def api_inbox(self):
        self.client.get("/api/v1/inbox", name="接口·待办")

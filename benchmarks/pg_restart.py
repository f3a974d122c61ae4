"""PostgreSQL restarted while the portal is under load: what users see, how long it takes to
recover, and whether any acknowledged write is lost.

It creates a dedicated database (csp_reliability), migrates it, loads the seed plans, starts
gunicorn on 127.0.0.1 with production-like settings (DEBUG off, a real SECRET_KEY, HTTPS as
told by the proxy header, persistent connections with health checks), then drives load with
bounded loops: two readers on public pages and /healthz, and an officer saving progress
updates through the admin's "add progress update" page (a real form, CSRF and all). After a
warm-up it restarts PostgreSQL, keeps going for a while, and reports: requests sent, errors
seen and when, what the error pages contained, recovery time, and rows acknowledged versus
rows present afterwards.

    .venv/bin/python benchmarks/pg_restart.py [--port 8765] [--after 30]

Needs root (for pg_ctlcluster) and a local PostgreSQL cluster; restarting it disturbs
anything else using that cluster for a few seconds. Traffic goes to 127.0.0.1 only.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = str(BASE_DIR / ".venv" / "bin" / "python")
GUNICORN = str(BASE_DIR / ".venv" / "bin" / "gunicorn")
DATABASE = "csp_reliability"
HELPFUL_PAGE = "Sorry, there is a problem with the service"
ROUNDS = 12  # reporting rounds created for the probe updates: rounds x actions unique pairs


def environment(port):
    return {
        **os.environ,
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "DB_NAME": DATABASE,
        "DB_USER": os.environ.get("DB_USER", "postgres"),
        "DB_HOST": "127.0.0.1",
        "DB_PORT": "5432",
        "DB_CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    }


def run(args, env, **kwargs):
    return subprocess.run(args, env=env, cwd=BASE_DIR, check=True, **kwargs)


SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from accounts.roles import OFFICERS
from actions.models import Action, ReportingRound
from themes.models import Plan
plan = Plan.objects.get(slug="business-plan-2018-19")
rounds = [ReportingRound.objects.get_or_create(plan=plan, name=f"Probe round {n}")[0]
          for n in range(ROUNDS)]
user, _ = get_user_model().objects.get_or_create(username="probe-officer")
user.set_password(PASSWORD)
user.is_staff = True
user.save()
user.groups.add(Group.objects.get(name=OFFICERS))
actions = list(Action.objects.filter(plan=plan).order_by("number").values_list("pk", "number"))
print(json.dumps({"rounds": [r.pk for r in rounds], "actions": actions}))
"""


def prepare(env, password):
    """A fresh dedicated database with the seed plans, probe rounds and an officer."""
    subprocess.run(
        ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", env["DB_USER"], DATABASE],
        check=True,
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", env["DB_USER"], DATABASE], check=True)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "load_seed_plans"], env, stdout=subprocess.DEVNULL)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    code = SETUP.replace("ROUNDS", str(ROUNDS)).replace("PASSWORD", repr(password))
    result = run([PYTHON, "manage.py", "shell", "-c", code], env, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


class Browser:
    """One visitor: cookies kept by hand (they are Secure, and this is plain HTTP behind a
    pretend HTTPS proxy), the proxy's X-Forwarded-Proto header on every request."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        headers = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";")[0]
            return response.status, response.getheader("Location", ""), content
        finally:
            connection.close()

    def csrf_token(self, html):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return match.group(1) if match else ""

    def sign_in(self, username, password):
        _, _, html = self.request("GET", "/accounts/login/")
        status, location, _ = self.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": self.csrf_token(html),
                "username": username,
                "password": password,
            },
        )
        if status != 302:
            raise SystemExit(f"The probe officer could not sign in ({status}).")


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.events = []  # (seconds since start, kind, outcome, detail)
        self.started = time.monotonic()

    def now(self):
        return time.monotonic() - self.started

    def add(self, kind, outcome, detail=""):
        with self.lock:
            self.events.append((round(self.now(), 3), kind, outcome, detail))


def classify(status, content):
    if status == 503 and content.startswith('{"application": "up", "database": "down"}'):
        return "http 503 from /healthz: database down"
    if status < 500:
        return "ok" if status < 400 else f"http {status}"
    if "Traceback" in content or "OperationalError" in content:
        return f"http {status} with a stack trace"
    if HELPFUL_PAGE in content:
        return f"http {status} helpful page"
    return f"http {status} other page"


def reader(port, paths, recorder, stop, limit):
    browser = Browser(port)
    for n in range(limit):
        if stop.is_set():
            return
        path = paths[n % len(paths)]
        try:
            status, _, content = browser.request("GET", path)
            recorder.add("read", classify(status, content), path)
        except OSError as error:
            recorder.add("read", f"connection error: {type(error).__name__}", path)
            time.sleep(0.05)


def writer(port, password, pairs, recorder, stop, acknowledged, limit):
    browser = Browser(port)
    browser.sign_in("probe-officer", password)
    for n, (action_id, round_id) in enumerate(pairs[:limit]):
        if stop.is_set():
            return
        marker = f"reliability-probe-{n:04d}"
        try:
            status, _, html = browser.request("GET", "/admin/actions/progressupdate/add/")
            if status != 200:
                recorder.add("write", classify(status, html), marker)
                continue
            form = {
                "csrfmiddlewaretoken": browser.csrf_token(html),
                "action": action_id,
                "round": round_id,
                "partner": "",
                "narrative": f"{marker}: patrols doubled.",
                "public_summary": "",
                "next_steps": "",
                "status": "on_track",
                "state": "draft",
                "review_comment": "",
                "author": "",
                "published_at_0": "",
                "published_at_1": "",
                "_save": "Save",
            }
            status, location, content = browser.request(
                "POST", "/admin/actions/progressupdate/add/", form
            )
            if status == 302 and "/admin/actions/progressupdate/" in location:
                acknowledged.append(marker)
                recorder.add("write", "ok", marker)
            else:
                recorder.add("write", classify(status, content), marker)
        except OSError as error:
            recorder.add("write", f"connection error: {type(error).__name__}", marker)
            time.sleep(0.05)


def free_port(port):
    """The port to serve on; refuse one already in use, so that the load can only ever
    reach this script's own server."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise SystemExit(f"Port {port} is in use by another program: choose another.") from None
        return probe.getsockname()[1]


def wait_for(port, path="/healthz", seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, _, _ = Browser(port).request("GET", path)
            if status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def rows_present(env):
    result = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            env["DB_USER"],
            "-d",
            DATABASE,
            "-At",
            "-c",
            "SELECT substring(narrative from 1 for 22) FROM actions_progressupdate "
            "WHERE narrative LIKE 'reliability-probe-%'",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def summarise(recorder, restart, acknowledged, present):
    events = recorder.events
    errors = [e for e in events if e[2] != "ok"]
    by_outcome = {}
    for _, kind, outcome, _ in events:
        by_outcome[f"{kind}: {outcome}"] = by_outcome.get(f"{kind}: {outcome}", 0) + 1
    first_error = errors[0][0] if errors else None
    last_error = errors[-1][0] if errors else None
    first_ok_after = next(
        (e[0] for e in events if e[2] == "ok" and last_error is not None and e[0] > last_error),
        None,
    )
    healthz_ok_after = next(
        (
            e[0]
            for e in events
            if e[3] == "/healthz" and e[2] == "ok" and last_error and e[0] > last_error
        ),
        None,
    )
    since_restart = restart["started"]
    acked = set(acknowledged)
    return {
        "requests_sent": len(events),
        "reads": sum(1 for e in events if e[1] == "read"),
        "write_attempts": sum(1 for e in events if e[1] == "write"),
        "outcomes": dict(sorted(by_outcome.items())),
        "restart_command_started_at_s": round(restart["started"], 3),
        "restart_command_took_s": round(restart["ended"] - restart["started"], 3),
        "first_error_s_after_restart_began": (
            round(first_error - since_restart, 3) if errors else None
        ),
        "last_error_s_after_restart_began": round(last_error - since_restart, 3)
        if errors
        else None,
        "errors_seen": len(errors),
        "error_window_s": round(last_error - first_error, 3) if errors else 0,
        "recovery_s_after_restart_began": (
            round(first_ok_after - restart["started"], 3) if first_ok_after else None
        ),
        "healthz_200_again_s_after_restart_began": (
            round(healthz_ok_after - since_restart, 3) if healthz_ok_after else None
        ),
        "errors_after_recovery": sum(1 for e in errors if first_ok_after and e[0] > first_ok_after),
        "stack_traces_shown": sum(1 for e in errors if "stack trace" in e[2]),
        "rows_acknowledged": len(acked),
        "rows_present": len(present),
        "rows_lost": len(acked - present),
        "rows_present_but_not_acknowledged": len(present - acked),
        "error_timeline_s_after_restart_began": [
            f"{t - since_restart:6.3f}s {kind} {outcome} {path}"
            for t, kind, outcome, path in errors
        ],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--warmup", type=float, default=8.0, help="seconds before the restart")
    parser.add_argument("--after", type=float, default=25.0, help="seconds of load after it")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--no-restart", action="store_true", help="a dry run of the load, PostgreSQL left alone"
    )
    options = parser.parse_args()
    options.port = free_port(options.port)

    env = environment(options.port)
    password = secrets.token_urlsafe(16)
    print(f"Preparing the {DATABASE} database...", flush=True)
    data = prepare(env, password)
    pairs = [(a, r) for r in data["rounds"] for a, _ in data["actions"]]
    action_numbers = [number for _, number in data["actions"]]
    read_paths = ["/", "/plans/", "/plans/business-plan-2018-19/", "/healthz"] + [
        f"/plans/business-plan-2018-19/actions/{number}/" for number in action_numbers[:10]
    ]

    server_log_file = tempfile.TemporaryFile(mode="w+")
    server = subprocess.Popen(
        [
            GUNICORN,
            "csp_portal.wsgi",
            "--bind",
            f"127.0.0.1:{options.port}",
            "--workers",
            str(options.workers),
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=server_log_file,
    )
    try:
        if not wait_for(options.port) or server.poll() is not None:
            raise SystemExit("gunicorn did not start.")
        recorder = Recorder()
        stop = threading.Event()
        acknowledged = []
        threads = [
            threading.Thread(target=reader, args=(options.port, read_paths, recorder, stop, 20000)),
            threading.Thread(
                target=reader, args=(options.port, read_paths[::-1], recorder, stop, 20000)
            ),
            threading.Thread(
                target=writer,
                args=(options.port, password, pairs, recorder, stop, acknowledged, len(pairs)),
            ),
        ]
        for thread in threads:
            thread.start()
        time.sleep(options.warmup)
        cluster = sorted(os.listdir("/etc/postgresql"))[-1]
        restart = {"started": recorder.now()}
        what = "Not restarting (dry run)" if options.no_restart else "Restarting"
        print(f"{what} PostgreSQL {cluster} at {restart['started']:.3f}s...", flush=True)
        if not options.no_restart:
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"],
                check=True,
            )
        restart["ended"] = recorder.now()
        time.sleep(options.after)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        present = rows_present(env)
        report = summarise(recorder, restart, acknowledged, present)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server_log_file.seek(0)
        server_log = server_log_file.read()
    report["gunicorn_workers"] = options.workers
    report["server_log_lines_mentioning_errors"] = sum(
        1 for line in server_log.splitlines() if "Error" in line
    )
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if report["rows_lost"] or report["stack_traces_shown"]:
        sys.exit(1)


if __name__ == "__main__":
    main()

"""`make bench`: the portal under load, at full size and at 1/100 of it.

1. Generates three PostgreSQL databases with `generate_demo_data` (each reused when it
   already holds data generated with the same sizes, seed and generator): the full size
   (20,000 actions in 100 plans), 1/100 of it (one plan of 200), and one plan of 20,000
   actions for the exports. Freezes the closed rounds for the dashboards, VACUUM ANALYZE.
2. Serves the portal with gunicorn and production settings, and drives it with wrk at a
   fixed concurrency for a fixed time per page, after a warm-up, at both sizes back to back
   (and the cached pages also with their caches off). The framework's floor (the smallest
   Django page, benchmarks/floor.py) is served by the same gunicorn command.
3. Measures the CSV exports' time to first byte and the workers' memory while one runs.
4. Prints the table and writes it into docs/benchmarks.md between the markers.

Environment: DB_HOST (127.0.0.1), DB_PORT (5432), DB_USER (postgres), DB_PASSWORD, and
DB_NAME, the stem of the databases' names (csp_bench: csp_bench_full, csp_bench_small and
csp_bench_one_plan). BENCH_SECONDS (10) and BENCH_WORKERS (2) change the run's length and
the number of gunicorn workers, for experiments.
"""

import argparse
import contextlib
import hashlib
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

SEED = 1
# Full size: a portal holding many partnerships' plans over the years, 100 times one
# partnership; small: one partnership's plan, 1/100 of it.
SIZES = {
    "full": {"actions": 20000, "rounds": 12, "plans": 100, "partners": 300},
    "small": {"actions": 200, "rounds": 12, "plans": 1, "partners": 20},
    # Exports are per plan: this plan holds all 20,000 actions, for the exports' targets.
    "one_plan": {"actions": 20000, "rounds": 12, "plans": 1, "partners": 300},
}
# Two sync workers for two cores: each request is CPU-bound Python, and wrk and PostgreSQL
# share the same two cores; a third worker only adds context switches (see the docs).
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
CONNECTIONS = 16
THREADS = 2
WARMUP_SECONDS = 2
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Shown in the commands of the report; each server listens on a free port of its own.
PORT = 8000

TARGET_FLOOR_SHARE = 0.40
TARGET_P99_MS = 150
TARGET_GROWTH = 1.3
TARGET_ADMIN_MULTIPLE = 3
TARGET_TTFB_MS = 200
TARGET_RSS_GROWTH_MB = 50
TARGET_RSS_MB = 200


def log(message):
    print(message, flush=True)


# Database ------------------------------------------------------------------------------------


def db_settings():
    return {
        "host": os.environ.get("DB_HOST", "127.0.0.1"),
        "port": os.environ.get("DB_PORT", "5432"),
        "user": os.environ.get("DB_USER", "postgres"),
        "password": os.environ.get("DB_PASSWORD", ""),
    }


def connect(dbname):
    return psycopg.connect(dbname=dbname, autocommit=True, **db_settings())


def generator_marker(size):
    sources = b"".join(path.read_bytes() for path in sorted((ROOT / "demo").glob("*.py")))
    code = hashlib.sha256(sources).hexdigest()[:12]
    flags = " ".join(f"--{name} {value}" for name, value in size.items())
    return f"generate_demo_data {flags} --seed {SEED} (generator {code})"


def database_comment(dbname):
    with connect("postgres") as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [dbname],
        ).fetchone()
    if row is None:
        return None
    return row[0] or ""


def django_env(dbname):
    return {
        **os.environ,
        **{f"DB_{key.upper()}": value for key, value in db_settings().items()},
        "DB_NAME": dbname,
    }


def server_env(dbname):
    """Production settings, except that the benchmark speaks plain HTTP on loopback."""
    return {
        **django_env(dbname),
        "DEBUG": "False",
        "SECURE_SSL_REDIRECT": "False",
        "SECRET_KEY": "benchmark-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }


def manage(*args, dbname):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=django_env(dbname), check=True
    )


def prepare_database(label, size):
    """Create, migrate and fill the database unless it already holds the same data."""
    dbname = f"{os.environ.get('DB_NAME') or 'csp_bench'}_{label}"
    marker = generator_marker(size)
    comment = database_comment(dbname)
    if comment is None:
        log(f"Creating database {dbname}")
        with connect("postgres") as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        comment = ""
    manage("migrate", "--noinput", "-v0", dbname=dbname)
    if comment.startswith(marker):
        log(f"Reusing {dbname}: it already holds `{marker}` ({comment[len(marker) :].strip()})")
        seconds = float(re.search(r"generated in ([\d.]+) s", comment).group(1))
        return dbname, seconds, True
    log(f"Generating {dbname}: {marker}")
    flags = [f"--{name}={value}" for name, value in size.items()]
    started = time.monotonic()
    manage("generate_demo_data", *flags, f"--seed={SEED}", "--replace", dbname=dbname)
    seconds = time.monotonic() - started
    log(f"Generated in {seconds:.0f} s")
    if label != "one_plan":
        # The dashboards' trends read the frozen figures of closed rounds.
        started = time.monotonic()
        subprocess.run(
            [PYTHON, "manage.py", "freeze_closed_rounds"],
            cwd=ROOT,
            env=django_env(dbname),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        log(f"Froze the closed rounds for the dashboards in {time.monotonic() - started:.0f} s")
    log("VACUUM ANALYZE")
    with connect(dbname) as conn:
        conn.execute("VACUUM ANALYZE")
    with connect("postgres") as conn:
        text = f"{marker}, generated in {seconds:.0f} s".replace("'", "")
        conn.execute(f"COMMENT ON DATABASE \"{dbname}\" IS '{text}'")
    return dbname, seconds, False


def data_sizes(dbname):
    tables = {
        "plans": "themes_plan",
        "actions": "actions_action",
        "progress updates": "actions_progressupdate",
        "versions of updates": "actions_historicalprogressupdate",
        "versions of actions": "actions_historicalaction",
        "partners": "themes_partner",
        "accounts": "auth_user",
    }
    with connect(dbname) as conn:
        counts = {
            name: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for name, table in tables.items()
        }
        counts["database size"] = conn.execute(
            "SELECT pg_size_pretty(pg_database_size(current_database()))"
        ).fetchone()[0]
    return counts


# Server --------------------------------------------------------------------------------------


class Server:
    """gunicorn with production settings on loopback; `app` is a WSGI module path. Its access
    log counts the requests it served, so that CPU per request is exact."""

    def __init__(self, app, dbname, port, ready_path="/healthz", env=None):
        self.app, self.dbname, self.port, self.ready_path = app, dbname, port, ready_path
        self.extra_env = env or {}
        self.access_log = Path(f"/tmp/csp-bench-{port}.log")
        self.process = None

    @property
    def command(self):
        return [
            GUNICORN,
            self.app,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ]

    def __enter__(self):
        self.access_log.write_text("")
        self.process = subprocess.Popen(
            [*self.command, "--access-logfile", str(self.access_log)],
            cwd=ROOT,
            env={**server_env(self.dbname), **self.extra_env},
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                ready = fetch(self.port, self.ready_path)["status"] == 200
                if ready and len(self.worker_pids()) == WORKERS:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        sys.exit(f"gunicorn did not start: {' '.join(self.command)}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.access_log.unlink(missing_ok=True)

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def requests_served(self):
        with self.access_log.open("rb") as log_file:
            return sum(1 for _ in log_file)

    def wait_idle(self):
        """Until the workers stop using CPU: requests queued by a load run are finished."""
        last, quiet_since = None, time.monotonic()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            now = sum(cpu_seconds(pid) for pid in self.worker_pids())
            if now != last:
                last, quiet_since = now, time.monotonic()
            elif time.monotonic() - quiet_since > 0.3:
                return
            time.sleep(0.05)


def memory_kb(pid, key="VmRSS"):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User and system CPU time of a process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def database_backends(dbname):
    with connect(dbname) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


class CpuMeter:
    """CPU time the gunicorn workers and their PostgreSQL backends spend, and the requests
    served meanwhile: a cost per request that, unlike requests per second, does not depend on
    what else the machine is doing. Idle servers on the same database add nothing."""

    def __init__(self, server):
        self.server = server

    def snapshot(self):
        return (
            {pid: cpu_seconds(pid) for pid in self.server.worker_pids()},
            {pid: cpu_seconds(pid) for pid in database_backends(self.server.dbname)},
            self.server.requests_served(),
        )

    @staticmethod
    def spent(before, after):
        return sum(after[pid] - before.get(pid, 0.0) for pid in after)

    def __enter__(self):
        self.server.wait_idle()
        self.before = self.snapshot()
        return self

    def __exit__(self, *exc):
        self.server.wait_idle()
        after = self.snapshot()
        self.requests = max(1, after[2] - self.before[2])
        self.app_ms = self.spent(self.before[0], after[0]) * 1000 / self.requests
        self.db_ms = self.spent(self.before[1], after[1]) * 1000 / self.requests


def fetch(port, path, cookie=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return {
        "status": response.status,
        "bytes": len(body),
        "type": response.getheader("Content-Type"),
    }


# Load ----------------------------------------------------------------------------------------


def wrk_command(port, path, cookie, seconds):
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    return command + [f"http://127.0.0.1:{port}{path}"]


def to_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def measure(server, page):
    """Warm up, then drive one page for SECONDS: throughput, latency and CPU per request."""
    if not page["url"]:
        return {"missing": True}
    check = fetch(server.port, page["url"], page["cookie"])
    if check["status"] != 200:
        return {"failed": check["status"]}
    subprocess.run(
        wrk_command(server.port, page["url"], page["cookie"], WARMUP_SECONDS),
        check=True,
        capture_output=True,
    )
    with CpuMeter(server) as cpu:
        out = subprocess.run(
            wrk_command(server.port, page["url"], page["cookie"], SECONDS),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"Socket errors: .*timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99": to_ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "app_ms": cpu.app_ms,
        "db_ms": cpu.db_ms,
        "cpu_ms": cpu.app_ms + cpu.db_ms,
        "errors": int(errors.group(1)) if errors else 0,
        # wrk counts a request still unanswered after 2 s as a timeout, not in p99.
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
        "bytes": check["bytes"],
    }


def describe(label, name, result):
    if result.get("missing"):
        return f"  {label:<6} {name}: no such page in this version"
    if "rps" not in result:
        return f"  {label:<6} {name}: answered {result['failed']}, not measured"
    return (
        f"  {label:<6} {name[:44]:<44} {result['rps']:7.1f} req/s  p50 {result['p50']:7.1f} ms"
        f"  p99 {result['p99']:7.1f} ms  CPU {result['app_ms']:5.1f} + {result['db_ms']:4.1f} ms"
        f"  {result['bytes'] // 1024} KiB"
    )


def profile_export(server, export):
    """Time to first byte, duration and the workers' memory while one export streams."""
    server.wait_idle()
    pids = server.worker_pids()
    before = {pid: memory_kb(pid) for pid in pids}
    peak = dict(before)
    done = threading.Event()

    def sample():
        while not done.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], memory_kb(pid))
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
    headers = {"Cookie": export["cookie"]} if export["cookie"] else {}
    started = time.monotonic()
    conn.request("GET", export["url"], headers=headers)
    response = conn.getresponse()
    first = response.read(1)
    ttfb = time.monotonic() - started
    size, lines = len(first), first.count(b"\n")
    while chunk := response.read(65536):
        size += len(chunk)
        lines += chunk.count(b"\n")
    total = time.monotonic() - started
    done.set()
    sampler.join()
    conn.close()
    after = {pid: memory_kb(pid) for pid in pids}
    growth = max(peak[pid] - before[pid] for pid in pids)
    return {
        "status": response.status,
        "streamed": response.getheader("Transfer-Encoding") == "chunked"
        and response.getheader("Content-Length") is None,
        "ttfb_ms": ttfb * 1000,
        "seconds": total,
        "bytes": size,
        "rows": max(0, lines - 1),
        "rss_before_mb": max(before.values()) / 1024,
        "rss_peak_mb": max(peak.values()) / 1024,
        "rss_after_mb": max(after.values()) / 1024,
        "rss_growth_mb": growth / 1024,
    }


def warm_exports(server, exports):
    """Load the export code, translations and connections in every worker, with a filter
    that matches nothing, so that the measured download is a warm worker's."""
    for export in exports:
        if export["url"]:
            for _ in range(2 * WORKERS):
                fetch(server.port, export["url"] + "?q=nothing-matches-this", export["cookie"])


def profile_exports(server, exports):
    results = {}
    warm_exports(server, exports)
    for export in exports:
        if export["url"]:
            results[export["name"]] = profile_export(server, export)
            log(f"  {export['name']}: {results[export['name']]}")
    return results


def worker_peak_mb(servers):
    return max(memory_kb(pid, "VmHWM") for s in servers for pid in s.worker_pids()) / 1024


def run_pages(databases, targets):
    """Every page at both sizes back to back, so that both meet the same background load;
    cached pages also with their caches off. The floor before and after."""
    portal = "csp_portal.wsgi:application"
    no_cache = {"PUBLIC_PAGE_CACHE_SECONDS": "0", "SHARED_CONTENT_CACHE_SECONDS": "0"}
    servers = {
        ("small", True): Server(portal, databases["small"], _free_port()),
        ("full", True): Server(portal, databases["full"], _free_port()),
        ("small", False): Server(portal, databases["small"], _free_port(), env=no_cache),
        ("full", False): Server(portal, databases["full"], _free_port(), env=no_cache),
        "floor": Server("benchmarks.floor:application", databases["full"], _free_port(), "/"),
    }
    floor_page = {"name": "Floor", "url": "/", "cookie": None}
    results = {"small": {}, "full": {}, "small_fresh": {}, "full_fresh": {}}
    with contextlib.ExitStack() as stack:
        for server in servers.values():
            stack.enter_context(server)
        floors = [measure(servers["floor"], floor_page)]
        log(describe("", "Floor", floors[0]))
        small_pages = targets["small"]["pages"] + targets["small"]["exports"]
        for page in targets["full"]["pages"] + targets["full"]["exports"]:
            small_page = _same_page(page["name"], small_pages) or {**page, "url": None}
            runs = [(True, "")]
            if page.get("cached"):
                runs.append((False, "_fresh"))
            for cached, suffix in runs:
                for label, this in (("small", small_page), ("full", page)):
                    result = measure(servers[(label, cached)], this)
                    results[label + suffix][page["name"]] = result
                    log(describe(label, page["name"] + ("" if cached else ", afresh"), result))
        floors.append(measure(servers["floor"], floor_page))
        log(describe("", "Floor", floors[1]))
        # With the caches off: the downloads measured are made from the database.
        exports = profile_exports(servers[("full", False)], targets["full"]["exports"])
        peak = worker_peak_mb(servers.values())
    floor = {key: sum(f[key] for f in floors) / 2 for key in ("rps", "p50", "p99", "app_ms")}
    floor["db_ms"] = 0.0
    return {**results, "floors": floors, "floor": floor, "exports": exports, "peak_mb": peak}


def run_one_plan(dbname, targets):
    """The exports of one plan of 20,000 actions, each downloaded once by a warm worker."""
    log(f"\n== one plan: {dbname}, {targets['plan']}")
    with Server("csp_portal.wsgi:application", dbname, _free_port()) as server:
        exports = profile_exports(server, targets["exports"])
        peak = worker_peak_mb([server])
    return {"exports": exports, "peak_mb": peak}


# Report --------------------------------------------------------------------------------------


def mark(ok):
    return "met" if ok else "**not met**"


def _same_page(name, pages):
    """The page of the other data set with the same name or, failing that, the same name but
    for what is in brackets (the busiest action's number of updates, the last page's number)."""
    stem = name.split(" (")[0]
    same = [page for page in pages if page["name"] == name]
    same += [page for page in pages if page["name"].split(" (")[0] == stem]
    return next(iter(same), None)


def _page_row(name, page, small_page, floor, admin):
    if page.get("missing"):
        return f"| {name} | not measurable: no such page on this version |" + " |" * 11
    if "rps" not in page:
        return f"| {name} | failed: HTTP {page.get('failed')} |" + " |" * 11
    small_page = small_page if small_page and "rps" in small_page else None
    is_admin = name.startswith("Admin")
    is_html = not name.startswith("CSV")
    growth = page["cpu_ms"] / small_page["cpu_ms"] if small_page else None
    cells = [
        name,
        f"{page['rps']:.0f}",
        f"{page['p50']:.1f}",
        f"{page['p99']:.0f}" + (f" ({page['timeouts']} over 2 s)" if page["timeouts"] else ""),
        f"{page['app_ms']:.1f} + {page['db_ms']:.1f}",
        f"{page['rps'] / floor['rps']:.2f}",
        f"{small_page['rps']:.0f}" if small_page else "–",
        f"{small_page['app_ms']:.1f} + {small_page['db_ms']:.1f}" if small_page else "–",
        f"{growth:.2f}" if growth else "–",
    ]
    if is_admin:
        cells += ["reference"] * 4
    else:
        slow = page["p99"] >= TARGET_P99_MS or page["timeouts"]
        cells += [
            mark(not slow) if is_html else "–",
            mark(page["rps"] >= TARGET_FLOOR_SHARE * floor["rps"]) if is_html else "–",
            mark(page["rps"] >= TARGET_ADMIN_MULTIPLE * admin["rps"]) if admin else "–",
            mark(growth <= TARGET_GROWTH) if growth else "–",
        ]
    if page["errors"]:
        cells[0] += f" ({page['errors']} answers not 2xx)"
    return "| " + " | ".join(cells) + " |"


def _export_lines(name, export):
    rate = export["rows"] / export["seconds"] if export["seconds"] else 0
    return [
        f"- **{name}**: {export['rows']} lines, {export['bytes'] // 1024} KiB in "
        f"{export['seconds']:.1f} s ({rate:.0f} lines/s); streamed (chunked, no length): "
        f"{mark(export['streamed'])}; first byte after {export['ttfb_ms']:.0f} ms "
        f"(under {TARGET_TTFB_MS} ms: {mark(export['ttfb_ms'] < TARGET_TTFB_MS)}); worker "
        f"memory {export['rss_before_mb']:.0f} MB before, {export['rss_peak_mb']:.0f} MB at "
        f"most, {export['rss_after_mb']:.0f} MB after: the serving worker grew "
        f"{export['rss_growth_mb']:.1f} MB (at most {TARGET_RSS_GROWTH_MB} MB: "
        f"{mark(export['rss_growth_mb'] <= TARGET_RSS_GROWTH_MB)})",
    ]


def report(runs, one_plan, generation, sizes, targets, load):
    floor = runs["floor"]
    admin = runs["full"].get("Admin change list of actions")
    admin = admin if admin and "rps" in admin else None
    first, last = runs["floors"]
    lines = [
        "| Page | req/s | p50 ms | p99 ms | CPU ms/req (app + db) | × floor | 1/100: req/s | "
        "1/100: CPU ms/req | growth | p99 < 150 ms | ≥ 40 % of floor | ≥ 3 × admin | "
        "growth ≤ 1.3 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |",
        f"| Floor (benchmarks/floor.py), before and after | {first['rps']:.0f}, "
        f"{last['rps']:.0f} | {floor['p50']:.1f} | {floor['p99']:.0f} | "
        f"{floor['app_ms']:.1f} | 1.00 | | | | | | | |",
    ]
    for page in targets["full"]["pages"] + targets["full"]["exports"]:
        name = page["name"]
        lines.append(_page_row(name, runs["full"][name], runs["small"][name], floor, admin))
        if page.get("cached"):
            lines.append(
                _page_row(
                    f"{name}, rendered afresh",
                    runs["full_fresh"][name],
                    runs["small_fresh"][name],
                    floor,
                    admin,
                )
            )
    lines += [
        "",
        "Each page is measured at both sizes back to back, against servers started side by "
        "side, so that both meet the same background load. *Growth* is the CPU a request "
        "costs at full size divided by its cost at 1/100: requests per second and latency "
        "move with whatever else the machine runs, the CPU per request (gunicorn workers and "
        "their PostgreSQL backends, from /proc, divided by the requests in the access log) "
        "much less. *Rendered afresh*: the same page or download with the public page "
        "cache, the shared content and the kept downloads off, what the first visitor meets "
        "after the data changed (or a search nobody made before). A request unanswered "
        "after 2 s is a wrk timeout and not in its p99; such a page fails the p99 target.",
        "",
        f"**Exports of a plan of {targets['one_plan']['plan_actions']} actions** (one "
        "download each by a warm worker, on the one-plan database):",
        "",
    ]
    for name, export in one_plan["exports"].items():
        lines += _export_lines(name, export)
    if not one_plan["exports"]:
        lines.append("- No CSV export of the action list exists on this version: not measured.")
    lines += [
        "",
        "The same exports of the full data set's current plan, made afresh (the caches off):",
        "",
    ]
    for name, export in runs["exports"].items():
        lines += _export_lines(name, export)
    peak = max(runs["peak_mb"], one_plan["peak_mb"])
    lines += [
        "",
        f"Largest resident size of a worker over the whole run (VmHWM): {peak:.0f} MB "
        f"(under {TARGET_RSS_MB} MB: {mark(peak < TARGET_RSS_MB)}).",
        "",
    ]
    machine = machine_facts()
    machine["load average (1, 5, 15 min) at start and end"] = f"{load[0]}; {load[1]}"
    lines += ["**Machine.** " + "; ".join(f"{k}: {v}" for k, v in machine.items()) + ".", ""]
    lines += ["**Data.**", "", "| | full | 1/100 | one plan |", "| --- | ---: | ---: | ---: |"]
    for key in sizes["full"]:
        lines.append(
            f"| {key} | {sizes['full'][key]} | {sizes['small'][key]} | {sizes['one_plan'][key]} |"
        )
    lines.append(
        "| generation time (last generated) | "
        + " | ".join(f"{generation[label][0]:.0f} s" for label in ("full", "small", "one_plan"))
        + " |"
    )
    lines += [
        "",
        f"Current plan measured: `{targets['full']['plan']}` with "
        f"{targets['full']['plan_actions']} actions (1/100: `{targets['small']['plan']}`, "
        f"{targets['small']['plan_actions']}); the partner lead "
        f"`{targets['full']['lead']}` leads {targets['full']['lead_actions']} actions in "
        f"current plans ({targets['small']['lead_actions']} at 1/100).",
        "",
        "**Commands.**",
        "",
        "```sh",
        "make bench    # = .venv/bin/python benchmarks/run.py",
    ]
    for label, size in SIZES.items():
        flags = " ".join(f"--{name} {value}" for name, value in size.items())
        lines.append(f"manage.py generate_demo_data {flags} --seed {SEED} --replace  # {label}")
    lines += [
        "manage.py freeze_closed_rounds   # full and 1/100: the dashboards' frozen rounds",
        "DEBUG=False SECURE_SSL_REDIRECT=False gunicorn "
        + " ".join(Server("APP", "DB", PORT).command[1:])
        + " --access-logfile FILE   # APP: csp_portal.wsgi:application or "
        "benchmarks.floor:application; PUBLIC_PAGE_CACHE_SECONDS=0 "
        "SHARED_CONTENT_CACHE_SECONDS=0 for 'rendered afresh'",
        " ".join(wrk_command(PORT, "/PATH", None, WARMUP_SECONDS)) + "   # warm-up, not counted",
        " ".join(wrk_command(PORT, "/PATH", None, SECONDS))
        + "   # + -H 'Cookie: sessionid=…' for signed-in pages",
        "```",
    ]
    return "\n".join(lines)


def machine_facts():
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = int(line.split()[1]) // 1024
    with connect("postgres") as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0]
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    wrk_version = (wrk.stdout + wrk.stderr).split("[")[0].strip()
    return {
        "nproc": os.cpu_count(),
        "memory": f"{memory} MB",
        "CPU": cpu,
        "PostgreSQL": pg.split()[0],
        "Python": platform.python_version(),
        "load generator": wrk_version,
        "gunicorn": f"{WORKERS} sync workers",
        "wrk": f"{THREADS} threads, {CONNECTIONS} connections, {SECONDS} s per page after "
        f"{WARMUP_SECONDS} s warm-up, same machine (loopback)",
    }


def write_doc(table):
    text = DOC.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    stamp = time.strftime("%Y-%m-%d %H:%M %Z")
    DOC.write_text(f"{before}{START}\n_Last run: {stamp}._\n\n{table}\n{END}{after}", "utf-8")


# Main ----------------------------------------------------------------------------------------


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("Installing wrk from Debian's packages")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)
        return
    sys.exit("The benchmark needs wrk: run `sudo apt-get install wrk` (Debian, Ubuntu) first.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="Do not update the docs.")
    parser.add_argument(
        "--only",
        choices=["one_plan"],
        help="Only the exports of the one-plan data set; print, write nothing.",
    )
    parser.add_argument("--pages", help="Measure only the pages whose name matches this regex.")
    args = parser.parse_args()
    ensure_wrk()
    started = time.monotonic()
    load_start = Path("/proc/loadavg").read_text().split()[:3]
    databases, generation, sizes = {}, {}, {}
    labels = ["one_plan"] if args.only else ["small", "full", "one_plan"]
    for label in labels:
        dbname, seconds, reused = prepare_database(label, SIZES[label])
        databases[label], generation[label] = dbname, (seconds, reused)
        sizes[label] = data_sizes(dbname)
    manage("collectstatic", "--noinput", "-v0", dbname=databases[labels[0]])
    targets = {}
    for label in labels:
        out = subprocess.run(
            [PYTHON, "-m", "benchmarks.targets"],
            cwd=ROOT,
            env=server_env(databases[label]),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        targets[label] = json.loads(out)
        if args.pages:
            for key in ("pages", "exports"):
                targets[label][key] = [
                    page for page in targets[label][key] if re.search(args.pages, page["name"])
                ]
    if args.only == "one_plan":
        run_one_plan(databases["one_plan"], targets["one_plan"])
        return
    runs = run_pages(databases, targets)
    if args.pages:
        return
    one_plan = run_one_plan(databases["one_plan"], targets["one_plan"])
    load_end = Path("/proc/loadavg").read_text().split()[:3]
    table = report(
        runs, one_plan, generation, sizes, targets, (" ".join(load_start), " ".join(load_end))
    )
    log("\n" + table)
    if not args.no_write:
        write_doc(table)
        log(f"\nWritten to {DOC.relative_to(ROOT)}")
    log(f"Benchmark finished in {(time.monotonic() - started) / 60:.1f} minutes.")


if __name__ == "__main__":
    main()

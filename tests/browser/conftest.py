"""Browser fixtures: one Streamlit server and one headless Chromium for the whole session.

The server runs `streamlit run app.py` on a free local port with its own embedded store (a
fresh SQLite file, filled with the demo data on first use). Every test gets a new browser
context whose console errors and page errors fail the test, except the few exact patterns
listed in _console_noise(), each with its reason (they are printed, never dropped unseen).

Without Chromium or the playwright package the browser tests are skipped, unless the variable
CI is set: then they fail, so that a CI run can never pass without having driven the app.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Error, Locator, Page

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 768}
SERVER_START_TIMEOUT_S = 60.0
APP_TIMEOUT_MS = 30_000
SETTLE_MS = 150
LOG_TAIL_LINES = 80
PORT_ATTEMPTS = 3

def _console_noise(base_url: str) -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    """Console errors that are not the app's fault: (why, text pattern, source URL pattern)."""
    base = re.escape(base_url)
    return [
        (
            # Opened on a page's own URL (/plan), Streamlit's frontend looks for the server
            # under that path first: GET /plan/_stcore/health and /plan/_stcore/host-config
            # answer 404, then it falls back to the root and connects. Every deep link does it.
            "Streamlit probing a deep link's path for its server endpoints",
            re.compile(r"Failed to load resource: the server responded with a status of 404 "
                       r"\(Not Found\)"),
            re.compile(base + r"/[A-Za-z0-9_-]+/_stcore/(health|host-config)"),
        ),
    ]


# --- requirements: chromium and playwright ------------------------------------------------


def find_chromium() -> str | None:
    """Debian's Chromium, or any `chromium` on PATH."""
    if Path(CHROMIUM).is_file():
        return CHROMIUM
    return shutil.which("chromium")


def under_ci() -> bool:
    """True when the variable CI is set (to anything but an explicit no)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session", autouse=True)
def chromium_path() -> str:
    """The Chromium to drive; skips the browser tests without it (fails under CI)."""
    missing = []
    chromium = find_chromium()
    if chromium is None:
        missing.append(f"Chromium ({CHROMIUM} or `chromium` on PATH): "
                       "install it with `apt-get install -y chromium`")
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package: install it with "
                       "`pip install -r requirements-dev.txt`")
    if missing:
        if under_ci():
            pytest.fail("the browser tests are required under CI but cannot run; missing "
                        + "; ".join(missing), pytrace=False)
        pytest.skip("browser tests need " + "; ".join(missing))
    assert chromium is not None
    return chromium


@pytest.fixture(scope="session", autouse=True)
def screenshot_folder(chromium_path: str, pytestconfig: pytest.Config) -> Path:
    """test-artifacts/screenshots/, without the failure shots of an earlier run.

    Under xdist every worker runs this when its first browser test starts: it deletes only the
    shots older than the run, as the controller timed it, not those another worker has taken.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    run_started = getattr(pytestconfig, "workerinput", {}).get("reform_run_started")
    for stale in SCREENSHOTS.glob("FAILED-*.png"):
        with contextlib.suppress(FileNotFoundError):  # another worker may delete it first
            if run_started is None or stale.stat().st_mtime < run_started:
                stale.unlink()
    return SCREENSHOTS


# --- the Streamlit server -----------------------------------------------------------------


@dataclass(frozen=True)
class AppServer:
    """The running app: its base URL, its store and its log."""

    url: str
    db_path: Path
    log_path: Path


SERVER_LOG = pytest.StashKey[Path]()
PHASE_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


def free_port() -> int:
    """A port that is free now; the server binds it a moment later, so another process (another
    xdist worker's server or emulator) may take it first: running_app() then tries again."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def log_tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    """The last lines of the server's log."""
    if not path.is_file():
        return f"(no log at {path})"
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(text[-lines:]) or "(empty log)"


def server_is_healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the server, and kill it when it does not stop in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def port_taken(log_path: Path, port: int) -> bool:
    """The server's log says it could not bind its port (Streamlit then exits with status 1)."""
    text = log_path.read_text(encoding="utf-8", errors="replace") if log_path.is_file() else ""
    return f"Port {port} is not available" in text or "Address already in use" in text


def serves_on(log_path: Path, port: int) -> bool:
    """The server's log shows it bound the port (`URL: http://127.0.0.1:port`): the health
    check answers from this server, not from another process that took the port."""
    text = log_path.read_text(encoding="utf-8", errors="replace") if log_path.is_file() else ""
    return f"127.0.0.1:{port}" in text


@contextlib.contextmanager
def running_app(folder: Path, extra_env: dict[str, str] | None = None) -> Iterator[AppServer]:
    """`streamlit run app.py` on a free port with a fresh store in folder; stopped on exit.

    extra_env points the app elsewhere, e.g. at the Sheets emulator. When another process
    takes the port before Streamlit binds it, the server is started again on another one.
    """
    db_path = folder / "reform.db"
    log_path = folder / "server.log"
    env = dict(os.environ)
    env.update({
        "REFORM_DB_PATH": str(db_path),
        "REFORM_DATABASE_URL": "",  # wins over a developer's secrets.toml
        "REFORM_DEMO": "true",
        "REFORM_LANGUAGE": "vi",
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    })
    for attempt in range(1, PORT_ATTEMPTS + 1):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        command = [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.port", str(port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
            # Others may edit the sources while the tests run: no "File change" banner, no rerun.
            "--server.fileWatcherType", "none",
        ]
        with log_path.open("wb") as log:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                       stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + SERVER_START_TIMEOUT_S
            while not (server_is_healthy(url) and serves_on(log_path, port)):
                if process.poll() is not None:
                    if attempt < PORT_ATTEMPTS and port_taken(log_path, port):
                        break  # another process took the port first: try another one
                    pytest.fail(f"streamlit exited with status {process.returncode} before "
                                f"answering; its log ends with:\n{log_tail(log_path)}",
                                pytrace=False)
                if time.monotonic() > deadline:
                    pytest.fail(f"streamlit did not answer {url}/_stcore/health within "
                                f"{SERVER_START_TIMEOUT_S:.0f} s; its log ends with:\n"
                                f"{log_tail(log_path)}", pytrace=False)
                time.sleep(0.2)
            else:
                break  # healthy, on its own port
        except BaseException:
            stop(process)
            raise
    try:
        yield AppServer(url=url, db_path=db_path, log_path=log_path)
    finally:
        stop(process)


@pytest.fixture(scope="session")
def app_server(browser: Browser, tmp_path_factory: pytest.TempPathFactory,
               pytestconfig: pytest.Config) -> Iterator[AppServer]:
    """The app for the whole session, warmed up through its root so that the first test
    does not pay for creating the demo store (test_first_visit_by_deep_link checks a cold
    server on one of its own)."""
    folder = tmp_path_factory.mktemp("streamlit")
    pytestconfig.stash[SERVER_LOG] = folder / "server.log"
    with running_app(folder) as server:
        context = browser.new_context(viewport=VIEWPORT)
        try:
            warm_up = context.new_page()
            warm_up.goto(f"{server.url}/")
            wait_for_app(warm_up)
        finally:
            context.close()
        yield server


@pytest.fixture
def fresh_app_server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[AppServer]:
    """A server of the test's own that no browser has opened yet."""
    request.node.stash[SERVER_LOG] = tmp_path / "server.log"
    with running_app(tmp_path) as server:
        yield server


@pytest.fixture(scope="session")
def base_url(app_server: AppServer) -> str:
    """The app's root URL, without a trailing slash."""
    return app_server.url


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report for the fixtures; add the server log's tail to failures."""
    report: pytest.TestReport = yield
    item.stash.setdefault(PHASE_REPORTS, {})[report.when] = report
    log_path = item.stash.get(SERVER_LOG, None) or item.config.stash.get(SERVER_LOG, None)
    uses_server = {"app_server", "fresh_app_server"} & set(item.fixturenames)
    if report.failed and log_path is not None and uses_server:
        report.sections.append(("streamlit server log (tail)", log_tail(log_path)))
    return report


# --- the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@dataclass
class PageWatch:
    """What a page did besides drawing: errors, and the URLs it asked for."""

    base_url: str
    errors: list[str] = field(default_factory=list)
    tolerated: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    expected: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)

    def expect(self, text: str, why: str) -> None:
        """A console error this test provokes on purpose: tolerated, and printed."""
        self.expected.append((why, re.compile(re.escape(text))))

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        source = message.location.get("url", "")
        line = f"console error: {message.text} (source: {source or 'unknown'})"
        for why, pattern in self.expected:
            if pattern.search(message.text):
                self.tolerated.append(f"{line} [expected: {why}]")
                return
        for why, text, url in _console_noise(self.base_url):
            if text.fullmatch(message.text) and url.fullmatch(source):
                self.tolerated.append(f"{line} [tolerated: {why}]")
                return
        self.errors.append(line)

    def on_page_error(self, error: Error) -> None:
        self.errors.append(f"page error: {error.name}: {error.message}\n{error.stack or ''}")

    def external_requests(self) -> list[str]:
        """Requests that went anywhere but the app's own server."""
        return [url for url in self.requests
                if not url.startswith(self.base_url + "/") and url != self.base_url
                and not url.startswith(("data:", "blob:"))]


@pytest.fixture
def page_watch(request: pytest.FixtureRequest) -> PageWatch:
    """The watch for the test's page, bound to the server the test uses."""
    for name in ("google_app", "fresh_google_app"):
        if name in request.fixturenames:
            return PageWatch(base_url=request.getfixturevalue(name).server.url)
    if "password_app" in request.fixturenames:
        return PageWatch(base_url=request.getfixturevalue("password_app").url)
    uses_fresh = "fresh_app_server" in request.fixturenames
    server: AppServer = request.getfixturevalue("fresh_app_server" if uses_fresh else "app_server")
    return PageWatch(base_url=server.url)


@pytest.fixture
def page(browser: Browser, page_watch: PageWatch,
         request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh 1366×768 page; the test fails if the page logged an error or threw."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(APP_TIMEOUT_MS)
    page = context.new_page()
    page.on("console", page_watch.on_console)
    page.on("pageerror", page_watch.on_page_error)
    page.on("request", lambda req: page_watch.requests.append(req.url))
    try:
        yield page
        reports = request.node.stash.get(PHASE_REPORTS, {})
        if "call" in reports and reports["call"].failed:
            from playwright.sync_api import Error as PlaywrightError

            with contextlib.suppress(PlaywrightError):  # a crashed page must not hide the failure
                save_screenshot(page, f"FAILED-{safe_name(request.node.name)}")
    finally:
        context.close()
    for line in page_watch.tolerated:
        print(line)  # shown with the test's output when it fails, or with -rP
    if page_watch.errors:
        pytest.fail(f"the page logged {len(page_watch.errors)} error(s):\n"
                    + "\n".join(page_watch.errors), pytrace=False)


def safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")


# --- helpers for the tests ------------------------------------------------------------------


def wait_for_app(page: Page, timeout_ms: int = APP_TIMEOUT_MS) -> None:
    """Wait until Streamlit is connected, has finished the script and shows a title."""
    from playwright.sync_api import expect

    app = '[data-testid="stApp"]'
    page.locator(app).wait_for(state="attached", timeout=timeout_ms)
    page.locator(f'{app}[data-test-connection-state="CONNECTED"]').wait_for(
        state="attached", timeout=timeout_ms)
    for _ in range(2):  # once more after a short settle: a run may start a follow-up run
        page.locator(f'{app}[data-test-script-state="notRunning"]').wait_for(
            state="attached", timeout=timeout_ms)
        expect(page.get_by_test_id("stStatusWidget").filter(has_text="Running")).to_have_count(
            0, timeout=timeout_ms)
        page.locator("h1").first.wait_for(state="visible", timeout=timeout_ms)
        page.wait_for_timeout(SETTLE_MS)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=timeout_ms)


def save_screenshot(page: Page, name: str, full_page: bool = False) -> Path:
    """A PNG under test-artifacts/screenshots/.

    Streamlit scrolls inside its main element, not the document, so a plain full-page
    screenshot would only show the viewport: the page is made as tall as the main element's
    content for the shot, then given its size back.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if not full_page:
        page.screenshot(path=path)
        return path
    size = page.viewport_size or VIEWPORT
    height = page.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight ?? 0")
    try:
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
        page.wait_for_timeout(SETTLE_MS)
        page.screenshot(path=path, full_page=True)
    finally:
        page.set_viewport_size(size)
    return path


@dataclass
class GoogleApp:
    """The app running on the Google Sheets store, which is the emulator here."""

    server: AppServer
    emulator: Any
    spreadsheet_id: str


@contextlib.contextmanager
def running_google_app(folder: Path) -> Iterator[GoogleApp]:
    """The app with SHEETS_EMULATOR_HOST set: a spreadsheet initialised with the demo data
    by `python -m sheets init --demo`, as a newcomer would, then `streamlit run app.py`."""
    from emulator import start_emulator

    emulator = start_emulator()
    sid = emulator.create_spreadsheet("CCHC — thử nghiệm")
    # Open mode on a Google sheet must be allowed explicitly; the tests do so.
    env = {"SHEETS_EMULATOR_HOST": emulator.host, "REFORM_GSHEETS_SPREADSHEET": sid,
           "REFORM_ALLOW_OPEN_MODE": "true"}
    try:
        init = subprocess.run([sys.executable, "-m", "sheets", "init", "--demo"], cwd=ROOT,
                              env={**os.environ, **env}, capture_output=True, text=True,
                              timeout=120, check=False)
        assert init.returncode == 0, init.stdout + init.stderr
        with running_app(folder, env) as server:
            yield GoogleApp(server, emulator, sid)
    finally:
        emulator.stop()


@pytest.fixture(scope="session")
def google_app(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GoogleApp]:
    """The app on the emulator, shared by the session's tests that only read."""
    with running_google_app(tmp_path_factory.mktemp("streamlit-google")) as app:
        yield app


@pytest.fixture
def fresh_google_app(browser: Browser, tmp_path: Path) -> Iterator[GoogleApp]:
    """The app on an emulator of the test's own, for a test that writes."""
    with running_google_app(tmp_path) as app:
        yield app


def open_combobox(page: Page, combobox: Locator) -> None:
    """Open a selectbox's list; react-aria closes it again when the page scrolls under it."""
    from playwright.sync_api import expect

    combobox.scroll_into_view_if_needed()
    for _ in range(3):
        page.wait_for_timeout(150)
        combobox.click()
        if combobox.get_attribute("aria-expanded") == "true":
            return
    expect(combobox).to_have_attribute("aria-expanded", "true")


def grid_texts(grid: Locator, role: str) -> list[str]:
    """The texts of a glide grid's accessible cells of one role, in order."""
    return [str(text).strip() for text in grid.locator(f'[role="{role}"]').evaluate_all(
        "els => els.map(e => e.textContent)")]


ROLE_PASSWORDS = {"viewer": "xem-2017", "editor": "bien-tap-2017", "admin": "quan-tri-2017"}


@pytest.fixture(scope="session")
def password_app(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app with a password per role, as a department without an identity provider runs it."""
    from reform.access import hash_password

    env = {f"REFORM_PASSWORD_{role.upper()}": hash_password(password, iterations=1_000)
           for role, password in ROLE_PASSWORDS.items()}
    folder = tmp_path_factory.mktemp("streamlit-passwords")
    with running_app(folder, env) as server:
        yield server

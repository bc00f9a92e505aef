"""`trainer serve` in a real headless browser: Debian's chromium driven by Playwright. The page shows the
first question, it is answered by key and the next by a click, and both answers are in the progress file.

The page draws the terminal on a canvas, so the test reads the text the page's own xterm.js terminal holds:
an init script notes each `Terminal` the page makes (nothing of the page is changed)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from uikit import NOW, SEED

from trainer.bank.loading import load_banks
from trainer.progress.store import ProgressStore
from trainer.study.clock import parse_now
from trainer.study.session import StudySession

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip

# Records every xterm.js `Terminal` the page's script makes, by wrapping the class as its bundle exports it.
NOTE_TERMINALS = """
window.__terminals = [];
Object.defineProperty(Object.prototype, "Terminal", {
  configurable: true,
  set(value) {
    let current;
    Object.defineProperty(this, "Terminal", {
      configurable: true, enumerable: true,
      get() { return current; },
      set(v) {
        current = typeof v === "function"
          ? class extends v { constructor(...a) { super(...a); window.__terminals.push(this); } }
          : v;
      },
    });
    this.Terminal = value;
  },
});
"""
SCREEN = """() => {
  const t = window.__terminals.find(t => t.buffer && t.buffer.active && t.buffer.active.getLine);
  if (!t) return "";
  const b = t.buffer.active, lines = [];
  for (let y = 0; y < t.rows; y++) {
    const line = b.getLine(b.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
}"""
SIZE = (
    "() => { const t = window.__terminals.find(t => t.buffer && t.buffer.active); return [t.cols, t.rows]; }"
)


def planned(shadow: Path, n: int) -> list:
    """The first `n` questions the app will ask (answered right), by the engine's own plan on a file of its own."""
    asked = []
    with ProgressStore.open(shadow) as store:
        session = StudySession(load_banks(["khasham"]), store, now=parse_now(NOW), seed=SEED)
        while len(asked) < n and (question := session.current) is not None:
            asked.append(question)
            session.answer(question.answer, 0)
    return asked


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    progress = tmp_path / "progress.toml"
    port = free_port()
    command = [sys.executable, "-m", "trainer", "serve", "khasham", "--port", str(port)]
    command += ["--progress", str(progress), "--now", NOW, "--seed", str(SEED)]
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"trainer serve did not start: {(tmp_path / 'serve.log').read_text()}")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/", progress
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the server and the app processes it started
        process.wait(timeout=10)
        log.close()


def test_study_in_a_browser(server: tuple[str, Path], tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        reason = "Debian's chromium is not installed (apt-get install chromium; .ci/run installs it)"
        print(reason, file=sys.stderr)
        pytest.skip(reason)
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (the test extra)"
    )
    url, progress = server
    first, *then = planned(tmp_path / "shadow.toml", 3)
    assert first.kind == "choice", "a session opens with a multiple-choice question"
    # An ordering may come second (interleaving): it is submitted as shown, and the next question clicked.
    between = then.pop(0) if then[0].kind == "order" else None
    second = then[0]
    assert second.kind == "choice"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.add_init_script(NOTE_TERMINALS)
            page.goto(url)

            def wait_for(found: Callable[[str], bool], what: str, timeout: float = 30) -> str:
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline:
                    screen = page.evaluate(SCREEN)
                    if found(screen):
                        return screen
                    page.wait_for_timeout(100)
                page.screenshot(path=str(tmp_path / "browser.png"))
                pytest.fail(f"{what} did not appear; the page's terminal:\n{page.evaluate(SCREEN)}")

            wait_for(lambda s: first.prompt in s and "1. " in s, "the first question", timeout=90)
            page.locator(".xterm-helper-textarea").focus()  # where xterm.js takes key presses
            page.keyboard.press(str(first.answer + 1))  # by key
            wait_for(lambda s: "✔ Right" in s, "the feedback on the first answer")
            page.keyboard.press("Enter")
            if between is not None:
                wait_for(lambda s: between.prompt[:40] in s and "First at the top" in s, "the ordering")
                page.keyboard.press("Enter")  # submitted in the order shown
                wait_for(lambda s: "next review" in s, "the feedback on the ordering")
                page.keyboard.press("Enter")

            screen = wait_for(lambda s: second.prompt[:40] in s and "1. " in s, "the second question")
            wrong = (second.answer + 1) % len(second.options)  # by click, on a wrong option
            label = f"{wrong + 1}. {second.options[wrong]}"
            row = next(y for y, line in enumerate(screen.splitlines()) if line.strip().startswith(label[:30]))
            cols, rows = page.evaluate(SIZE)
            box = page.locator(".xterm-screen").bounding_box()
            assert box is not None
            column = screen.splitlines()[row].index(label[:30]) + 4
            page.mouse.click(
                box["x"] + (column + 0.5) * box["width"] / cols, box["y"] + (row + 0.5) * box["height"] / rows
            )
            wait_for(lambda s: "✘ Wrong" in s, "the feedback on the clicked answer")
        finally:
            browser.close()

    with ProgressStore.open(progress) as store:
        reviews = store.reviews()
    assert [(r.key, r.correct, r.response) for r in reviews if r.key != getattr(between, "key", None)] == [
        (first.key, True, first.options[first.answer]),
        (second.key, False, second.options[wrong]),
    ]
    assert len(reviews) == (3 if between is not None else 2)

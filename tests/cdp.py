"""A small Chrome DevTools protocol client for the browser tests of the HTML page, over --remote-debugging-pipe.

Chromium reads commands from file descriptor 3 and writes answers and events to descriptor 4, each message JSON
ended by a NUL byte: no WebSocket, no port, no dependency. One browser serves every test of a module; each test
opens its own tab.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
TIMEOUT = 20.0


class BrowserError(RuntimeError):
    """The browser answered a command with an error, went away, or did not answer in time."""


def find_chromium() -> str | None:
    """The first Chromium (or Chrome) on PATH, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """A headless Chromium driven through the DevTools protocol on a pipe."""

    def __init__(self, executable: str) -> None:
        self._profile = tempfile.mkdtemp(prefix="promoter-chromium-")
        commands_read, self._commands = os.pipe()
        self._answers, answers_write = os.pipe()

        def descriptors() -> None:
            os.dup2(commands_read, 3)
            os.dup2(answers_write, 4)

        self._process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self._profile}", "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4),
            preexec_fn=descriptors,  # noqa: PLW1509 - no threads run in the test process at this point
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands_read)
        os.close(answers_write)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        """Send one command and wait for its answer; events that arrive meanwhile are kept in ``events``."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                answer = json.loads(raw)
                if answer.get("id") == self._next:
                    if "error" in answer:
                        raise BrowserError(f"{method}: {answer['error']}")
                    return dict(answer.get("result", {}))
                self.events.append(answer)
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._answers], [], [], remaining)[0]:
                raise BrowserError(f"{method}: no answer within {TIMEOUT:.0f}s")
            chunk = os.read(self._answers, 1 << 16)
            if not chunk:
                raise BrowserError(f"{method}: the browser exited")
            self._buffer += chunk

    def tab(self, width: int, height: int = 900) -> Tab:
        """A new tab with a window of ``width`` x ``height`` CSS pixels (a desktop window, not a phone emulation)."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        tab = Tab(self, session, target)
        tab.call("Page.enable")
        tab.call("Runtime.enable")
        tab.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        return tab

    def close(self) -> None:
        """Stop the browser and remove its profile."""
        for descriptor in (self._commands, self._answers):
            os.close(descriptor)
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        shutil.rmtree(self._profile, ignore_errors=True)


class Tab:
    """One page of the browser."""

    def __init__(self, browser: Browser, session: str, target: str) -> None:
        self.browser = browser
        self.session = session
        self.target = target

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """A command to this tab."""
        return self.browser.call(method, params, self.session)

    def open(self, url: str) -> None:
        """Load ``url`` and wait until its page script has run (or the document is complete, without scripts)."""
        self.call("Page.navigate", {"url": url})
        deadline = time.monotonic() + TIMEOUT
        check = (
            f"location.href === {json.dumps(url)} && document.readyState === 'complete' && "
            "(document.documentElement.getAttribute('data-ready') === 'true' || "
            f"{'true' if self.scripts_off else 'false'})"
        )
        while time.monotonic() < deadline:
            if self.evaluate(check):
                return
            time.sleep(0.02)
        raise BrowserError(f"{url} did not finish loading")

    scripts_off = False

    def disable_scripts(self) -> None:
        """Run the next pages without JavaScript."""
        self.call("Emulation.setScriptExecutionDisabled", {"value": True})
        self.scripts_off = True

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (awaited when it is a promise), in the page."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """Click the middle of the first element matching ``selector`` with the mouse, as a user would."""
        box = self.evaluate(
            f"(function () {{ var e = document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block: 'center'}});"
            " var r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        x, y = box
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def type(self, selector: str, text: str) -> None:
        """Focus an input and type ``text`` into it, one character at a time as keystrokes would."""
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        for character in text:
            self.call("Input.insertText", {"text": character})

    def clear(self, selector: str) -> None:
        """Select everything in an input and delete it with the Backspace key."""
        self.evaluate(f"document.querySelector({json.dumps(selector)}).select()")
        for kind in ("rawKeyDown", "keyUp"):
            self.call(
                "Input.dispatchKeyEvent",
                {"type": kind, "key": "Backspace", "code": "Backspace", "windowsVirtualKeyCode": 8},
            )

    def screenshot(self, path: Path) -> bytes:
        """A PNG of the whole page (not only the window), also written to ``path``."""
        size = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        data = self.call(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": size[0], "height": min(size[1], 6000), "scale": 1},
            },
        )["data"]
        png = base64.b64decode(data)
        path.write_bytes(png)
        return png

    def close(self) -> None:
        """Close the tab."""
        self.browser.call("Target.closeTarget", {"targetId": self.target})

"""Chancery never opens a network connection, even for HTML full of remote resources."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desktop.importer import Importer, import_seeds
from desktop.store import Store, open_store, repo
from desktop.ui.main_window import MainWindow

REMOTE_HTML = """<!doctype html>
<html><head>
<title>Ministers meet in Vienna</title>
<meta property="article:published_time" content="2016-05-17T09:00:00Z">
<link rel="stylesheet" href="https://cdn.example.invalid/site.css">
<script src="https://ads.example.invalid/tracker.js"></script>
<script>fetch("https://ads.example.invalid/beacon");</script>
</head><body>
<h1>Ministers meet in Vienna</h1>
<img src="http://images.example.invalid/photo.jpg" alt="The ministers">
<iframe src="https://video.example.invalid/embed/1"></iframe>
<p>Foreign Affairs Minister Stéphane Dion met Sergey Lavrov in Vienna on Tuesday.</p>
<p style="background:url(https://example.invalid/bg.png)">The talks lasted an hour.</p>
<form action="https://example.invalid/subscribe"><input name="email"></form>
</body></html>
"""


class NetworkAttemptError(AssertionError):
    """Raised (and recorded) when anything tries to reach the network."""


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Trap socket creation and name lookups for the whole test."""
    seen: list[str] = []

    def refuse(what: str) -> Any:
        def trap(*args: object, **kwargs: object) -> Any:
            seen.append(f"{what}{args[1:] if what == 'socket' else args}")
            raise NetworkAttemptError(what)

        return trap

    real_socket = socket.socket

    class TrappedSocket(real_socket):
        def __init__(self, family: int = -1, *args: Any, **kwargs: Any) -> None:
            # AF_UNIX socketpairs (used by asyncio/Qt internals) are not the network.
            if family not in (-1, socket.AF_UNIX):
                seen.append(f"socket(family={family})")
                raise NetworkAttemptError("socket")
            super().__init__(family, *args, **kwargs)

    monkeypatch.setattr(socket, "socket", TrappedSocket)
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    return seen


@pytest.fixture
def offline_store(tmp_path: Path, attempts: list[str]) -> Iterator[Store]:
    store = open_store(tmp_path / "offline.sqlite3")
    yield store
    store.close()


def test_import_and_a_full_session_attempt_no_connection(
    qtbot: QtBot, tmp_path: Path, offline_store: Store, attempts: list[str]
) -> None:
    page = tmp_path / "vienna.html"
    page.write_text(REMOTE_HTML, encoding="utf-8")
    assert import_seeds(offline_store).ok
    report = Importer(offline_store).import_paths([page])
    assert [r.status for r in report.results] == ["imported"]

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(offline_store, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # Visit every event: each shows its article, the HTML one included.
    with offline_store.session(write=False) as s:
        events = repo.list_events(s)
        html_article = next(a for a in repo.list_articles(s) if a.path == str(page))
    shown_html = False
    for event in events:
        assert window.timeline.select_event(event.id)
        article = window.source.current_article
        assert article is not None
        shown_html |= article.id == html_article.id
    assert shown_html
    # What the reader sees is the visible text only: no script, no remote addresses.
    assert "Dion met Sergey Lavrov in Vienna" in html_article.text
    assert "example.invalid" not in html_article.text
    assert "fetch(" not in html_article.text
    window.close()
    assert attempts == []


def test_the_trap_catches_a_connection(attempts: list[str]) -> None:
    # Guards the test above against passing vacuously.
    with pytest.raises(NetworkAttemptError):
        socket.create_connection(("example.invalid", 80))
    with pytest.raises(NetworkAttemptError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    assert len(attempts) == 2

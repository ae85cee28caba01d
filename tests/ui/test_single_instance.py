"""One Chancery per store: the second launch is refused and raises the first."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.ui.single_instance import SingleInstance, server_name

ROOT = Path(__file__).resolve().parents[2]

# A separate Chancery process holding a store: prints "claimed" once it has it, then
# prints "activated" each time another launch asks it to come to the front.
HOLDER = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from desktop.ui.single_instance import SingleInstance

app = QCoreApplication([])
guard = SingleInstance()
guard.activation_requested.connect(lambda: print("activated", flush=True))
print("claimed" if guard.claim(Path(sys.argv[1])) else "refused", flush=True)
app.exec()
"""


@pytest.fixture
def guards(qtbot: QtBot) -> Iterator[list[SingleInstance]]:
    made: list[SingleInstance] = []
    yield made
    for guard in made:
        guard.release()


def _guard(guards: list[SingleInstance]) -> SingleInstance:
    guard = SingleInstance()
    guards.append(guard)
    return guard


def test_second_claim_on_a_store_is_refused_and_raises_the_first(
    qtbot: QtBot, tmp_path: Path, guards: list[SingleInstance]
) -> None:
    db = tmp_path / "chancery.sqlite3"
    first, second = _guard(guards), _guard(guards)
    assert first.claim(db)
    with qtbot.waitSignal(first.activation_requested, timeout=5000):
        assert not second.claim(db)


def test_same_store_by_another_spelling_is_the_same_store(
    qtbot: QtBot, tmp_path: Path, guards: list[SingleInstance]
) -> None:
    (tmp_path / "sub").mkdir()
    db = tmp_path / "chancery.sqlite3"
    assert server_name(db) == server_name(tmp_path / "sub" / ".." / "chancery.sqlite3")
    assert _guard(guards).claim(db)
    assert not _guard(guards).claim(tmp_path / "sub" / ".." / "chancery.sqlite3")


def test_a_different_store_is_not_refused(
    qtbot: QtBot, tmp_path: Path, guards: list[SingleInstance]
) -> None:
    assert _guard(guards).claim(tmp_path / "one.sqlite3")
    assert _guard(guards).claim(tmp_path / "two.sqlite3")


def test_a_released_store_can_be_claimed_again(
    qtbot: QtBot, tmp_path: Path, guards: list[SingleInstance]
) -> None:
    db = tmp_path / "chancery.sqlite3"
    first = _guard(guards)
    assert first.claim(db)
    first.release()
    assert _guard(guards).claim(db)


def _holder(db: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "claimed"
    return child


def test_another_process_holding_the_store_is_asked_to_come_forward(
    qtbot: QtBot, tmp_path: Path, guards: list[SingleInstance]
) -> None:
    db = tmp_path / "chancery.sqlite3"
    holder = _holder(db)
    try:
        assert not _guard(guards).claim(db)
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "activated"
    finally:
        holder.kill()
        holder.communicate(timeout=30)


def test_a_crashed_instance_does_not_lock_the_store_out(
    qtbot: QtBot, tmp_path: Path, guards: list[SingleInstance]
) -> None:
    db = tmp_path / "chancery.sqlite3"
    holder = _holder(db)
    holder.kill()  # SIGKILL: no clean-up, the socket file stays behind on Unix
    holder.communicate(timeout=30)
    assert _guard(guards).claim(db)
    # And the new claim really guards the store (it is not merely let through).
    assert not _guard(guards).claim(db)

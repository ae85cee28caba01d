"""Print how fast the main window opens and reacts, on the seeds and on a big store.

Usage: python benchmarks/bench_ui.py [--big PATH] [--skip-seeds] [--skip-big]
Runs offscreen unless QT_QPA_PLATFORM says otherwise; prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def first_window(db: Path, data_dir: Path, spawned_at: float) -> None:
    """In a fresh process: open the app on ``db`` and report when the timeline first painted
    (after the first-run seed import, when the store was empty)."""
    from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.app import is_empty
    from desktop.store import open_store
    from desktop.ui.main_window import MainWindow
    from desktop.ui.theme import apply_theme

    app = QApplication([])
    apply_theme(app)
    store = open_store(db)
    settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, settings)
    fresh = is_empty(store)

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and window.filter.rowCount() > 0:
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        print(f"{time.time() - spawned_at:.3f}")
        app.quit()

    painted = FirstPaint()
    window.timeline.viewport().installEventFilter(painted)
    window.importer.show_reports = False
    window.show()
    if fresh:
        QTimer.singleShot(0, window.import_seeds)
    app.exec()
    store.close()


def time_child(db: Path, data_dir: Path) -> float:
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(db), str(data_dir), repr(spawned)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return float(out.splitlines()[-1])


def bench_seeds() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db, data = Path(tmp) / "seeds.sqlite3", Path(tmp)
        fresh = time_child(db, data)
        again = [time_child(db, data) for _ in range(3)]
    print("Seeds (process start to first painted timeline):")
    print(f"  first run, incl. importing the five seeds: {fresh * 1000:7.0f} ms")
    print(f"  second start (median of 3):                {statistics.median(again) * 1000:7.0f} ms")


def timed(
    action: Callable[[], object], repeat: int = 5, after: Callable[[], object] | None = None
) -> float:
    """Median wall time of ``action``; ``after`` (untimed) undoes it between runs."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
        if after is not None:
            after()
    return statistics.median(runs)


def bench_big(path: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractSlider, QApplication

    from desktop.store import open_store
    from desktop.ui.main_window import MainWindow
    from desktop.ui.theme import apply_theme

    if not path.exists():
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from make_big_store import build

        print(f"generating {path} ...")
        build(path, 100_000, 2_000, 1)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_theme(app)
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        started = time.perf_counter()
        store = open_store(path)
        window = MainWindow(store, settings)
        window.resize(1400, 900)
        window.show()
        QTest.qWaitForWindowExposed(window)
        window.timeline.viewport().repaint()
        opened = time.perf_counter() - started
        view = window.timeline
        years = [y for y, _ in window.filter.year_counts() if y is not None]

        def jump() -> None:
            jump.year = years[(years.index(jump.year) + 7) % len(years)]  # type: ignore[attr-defined]
            view.go_to_year(jump.year)  # type: ignore[attr-defined]
            view.viewport().repaint()

        jump.year = years[0]  # type: ignore[attr-defined]
        busiest = max(window.sidebar.model.actors(), key=lambda a: a.event_count)

        def filter_one() -> None:
            window.sidebar.model.set_checked({busiest.id})
            view.viewport().repaint()

        def unfilter() -> None:
            window.sidebar.model.set_checked(())

        def page() -> None:
            view.verticalScrollBar().triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
            view.viewport().repaint()

        view.go_to_year(years[len(years) // 2])
        jump_s = timed(jump)
        filter_s = timed(filter_one, after=unfilter)
        page_s = timed(page, repeat=30)
        rows = window.filter.rowCount()
        window.close()
        store.close()
    print(f"Big store ({rows} rows: events and year headers):")
    print(f"  open (store + window + first paint): {opened * 1000:7.0f} ms")
    print(f"  jump to a year (and show its source): {jump_s * 1000:6.1f} ms")
    print(f"  filter by one actor ({busiest.event_count} events): {filter_s * 1000:7.1f} ms")
    print(f"  scroll one page:                     {page_s * 1000:7.1f} ms")


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        first_window(Path(sys.argv[2]), Path(sys.argv[3]), float(sys.argv[4]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--big", type=Path, default=Path(tempfile.gettempdir()) / "chancery-big.sqlite3"
    )
    parser.add_argument("--skip-seeds", action="store_true")
    parser.add_argument("--skip-big", action="store_true")
    args = parser.parse_args()
    if not args.skip_seeds:
        bench_seeds()
    if not args.skip_big:
        bench_big(args.big)
    return 0


if __name__ == "__main__":
    sys.exit(main())

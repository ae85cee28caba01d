"""Print the frozen bundle's size on disk and packed, and its start-up time to first window.

Usage: python benchmarks/bench_bundle.py [--build] [--dist DIR] [--runs N]
Reads an existing build in DIR (default dist/); --build runs build_installer.py first and
times it. Start-up is timed from spawning the frozen app with --smoke-test until it reports
its window painted; offscreen unless QT_QPA_PLATFORM says otherwise. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_installer import disk_size, frozen_executable  # noqa: E402

PAINTED = "window: shown and painted"


def allocated(path: Path) -> int:
    """Bytes the file system really holds for a tree (what ``du`` shows)."""
    files = [path, *path.rglob("*")] if path.is_dir() else [path]
    return sum(p.lstat().st_blocks * 512 for p in files)


def time_to_window(cmd: list[str], data_dir: Path) -> tuple[float, float]:
    """Seconds from spawn to the painted window, and to the end of the whole smoke test."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*cmd, "--smoke-test", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    painted: float | None = None
    for line in proc.stdout:
        if painted is None and line.startswith(PAINTED):
            painted = time.perf_counter() - started
    if proc.wait() != 0 or painted is None:
        raise SystemExit(f"the smoke test failed: {' '.join(cmd)}")
    return painted, time.perf_counter() - started


def bench_start(label: str, cmd: list[str], runs: int) -> None:
    first: list[tuple[float, float]] = []
    again: list[tuple[float, float]] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            first.append(time_to_window(cmd, Path(tmp)))  # empty store: imports the seeds
            again.append(time_to_window(cmd, Path(tmp)))  # the saved store
    for name, samples in (("first run", first), ("second start", again)):
        window = [s[0] * 1000 for s in samples]
        whole = [s[1] * 1000 for s in samples]
        print(
            f"  {label}, {name}: window painted {statistics.median(window):5.0f} ms "
            f"(runs: {', '.join(f'{w:.0f}' for w in window)}); "
            f"whole smoke test {statistics.median(whole):5.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="run build_installer.py first")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    dist = args.dist.resolve()

    if args.build:
        started = time.perf_counter()
        cmd = [sys.executable, str(ROOT / "build_installer.py"), "--dist", str(dist)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        print(
            f"Build (clean, bundle + smoke test + packages): {time.perf_counter() - started:.0f} s"
        )

    executable = frozen_executable(dist)
    if not executable.is_file():
        raise SystemExit(f"no build in {dist}: run build_installer.py or pass --build")
    bundle = executable.parent if sys.platform != "darwin" else executable.parents[2]
    files = sum(1 for p in bundle.rglob("*") if not p.is_dir())
    print("Size:")
    print(
        f"  bundle on disk: {disk_size(bundle) / 1e6:6.1f} MB in {files} files "
        f"({allocated(bundle) / 1e6:.1f} MB allocated)"
    )
    for pattern in ("*.tar.gz", "*.deb", "*.dmg", "*-setup.exe"):
        for package in sorted(dist.glob(pattern)):
            print(f"  {package.name}: {disk_size(package) / 1e6:6.1f} MB")

    print(f"Start-up, spawn to first painted window (median of {args.runs}):")
    bench_start("frozen", [str(executable)], args.runs)
    bench_start("from the venv", [sys.executable, "-m", "desktop"], args.runs)


if __name__ == "__main__":
    main()

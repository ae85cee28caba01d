"""build_installer.py end to end: the frozen smoke test, the .tar.gz installed, the .deb."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

import build_installer
from desktop import __version__

ROOT = Path(__file__).resolve().parent.parent
RUN_TIMEOUT_S = 300
# Built once per session: a build takes about a minute on a two-core machine.
BUILD_TIMEOUT_S = 1200


@dataclass(frozen=True)
class Build:
    dist: Path
    work: Path
    output: str
    deb: Path
    tarball: Path

    @property
    def internal(self) -> Path:
        return self.dist / "Chancery" / "_internal"


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("installer")
    dist, work = base / "dist", base / "build"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build_installer.py"),
            "--dist",
            str(dist),
            "--work",
            str(work),
        ],
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (deb,) = dist.glob("*.deb")
    (tarball,) = dist.glob("*.tar.gz")
    return Build(dist, work, result.stdout, deb, tarball)


def run(cmd: list[str | Path], env: Mapping[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(c) for c in cmd],
        capture_output=True,
        text=True,
        env=None if env is None else {**os.environ, **env},
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, f"{cmd}: {result.stdout}{result.stderr}"
    return result.stdout


def exec_argv(entry: str) -> list[str]:
    """The command a launcher runs for a desktop entry, field codes dropped."""
    value = next(line for line in entry.splitlines() if line.startswith("Exec="))[len("Exec=") :]
    # First the file's own string escapes, then the Exec key's shell-like quoting.
    escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    value = re.sub(r"\\([snrt\\])", lambda m: escapes[m.group(1)], value)
    return [arg.replace("%%", "%") for arg in shlex.split(value) if not re.fullmatch("%.", arg)]


def smoke_test(argv: list[str], data_dir: Path) -> str:
    return run([*argv, "--smoke-test", "--data-dir", data_dir], {"QT_QPA_PLATFORM": "offscreen"})


def test_build_smoke_tests_the_frozen_app_and_reports_what_it_skipped(build: Build) -> None:
    out = build.output
    assert "seeds: 5 articles" in out
    assert "imported on first run" in out
    assert "already in the store, no import" in out
    assert "'on July 25, 2016' -> 2016-07-25 (tagger and dateparser)" in out
    assert "checked: frozen smoke test passed" in out
    assert "checked: the .desktop entry passes desktop-file-validate" in out
    assert "packaging/windows/chancery.nsi compiles with makensis" in out
    assert "skipped: .app and .dmg: need macOS" in out
    assert "skipped: Windows bundle and setup .exe: need Windows" in out


def test_bundle_carries_its_data_and_leaves_out_what_the_app_never_loads(build: Build) -> None:
    internal = build.internal
    assert (build.dist / "Chancery" / "Chancery").stat().st_mode & 0o111
    for needed in (
        "resources/style.qss",
        "resources/gazetteer.json",
        "resources/icons/chancery.svg",
        "seeds/metadata.json",
        "tzdata/zoneinfo/Europe/Moscow",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/QtNetwork.abi3.so",  # the one-instance guard's local socket
    ):
        assert (internal / needed).is_file(), needed
    for unused in (
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/translations",
        "PySide6/Qt/plugins/tls",
        "PySide6/Qt/plugins/networkinformation",
        "libgtk-3.so.0",
        "libpango-1.0.so.0",
        "tkinter",
    ):
        assert not (internal / unused).exists(), unused
    dangling = [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]
    assert dangling == []


def test_a_failing_frozen_smoke_test_fails_the_build_with_the_reason(
    build: Build, tmp_path: Path
) -> None:
    broken = tmp_path / "Chancery"
    shutil.copytree(build.dist / "Chancery", broken, symlinks=True)
    (broken / "_internal" / "resources" / "style.qss").unlink()
    with pytest.raises(build_installer.BuildError, match=r"no stylesheet loaded from .*style\.qss"):
        build_installer.smoke_test(broken / "Chancery", tmp_path / "data")


def test_windows_and_mac_icons_hold_png_images(build: Build) -> None:
    ico = (build.work / "icons" / "chancery.ico").read_bytes()
    assert ico[:4] == b"\0\0\1\0" and int.from_bytes(ico[4:6], "little") == 7
    icns = (build.work / "icons" / "chancery.icns").read_bytes()
    assert icns[:4] == b"icns" and int.from_bytes(icns[4:8], "big") == len(icns)
    assert b"ic10" in icns and b"\x89PNG" in icns


def test_tarball_installs_a_launcher_entry_that_starts_the_app(
    build: Build, tmp_path: Path
) -> None:
    with tarfile.open(build.tarball) as tar:
        tar.extractall(tmp_path / "unpacked", filter="tar")
    (folder,) = (tmp_path / "unpacked").iterdir()
    assert folder.name == f"chancery-{__version__}-linux-{os.uname().machine}"
    home, data_home = tmp_path / "home dir", tmp_path / "xdg data"
    env = {"HOME": str(home), "XDG_DATA_HOME": str(data_home)}
    run(["sh", folder / "install.sh"], env)

    entry = data_home / "applications" / "chancery.desktop"
    assert (data_home / "icons" / "hicolor" / "256x256" / "apps" / "chancery.png").is_file()
    assert (data_home / "icons" / "hicolor" / "scalable" / "apps" / "chancery.svg").is_file()
    assert (home / ".local" / "bin" / "chancery").resolve() == (
        home / ".local" / "opt" / "chancery" / "Chancery"
    )
    run(["desktop-file-validate", entry])
    argv = exec_argv(entry.read_text(encoding="utf-8"))
    assert argv == [str(home / ".local" / "opt" / "chancery" / "Chancery")]
    report = smoke_test(argv, tmp_path / "data")
    assert "imported on first run" in report and report.rstrip().endswith("ok")

    user_data = data_home / "Chancery" / "chancery.sqlite3"
    user_data.parent.mkdir(parents=True)
    user_data.write_bytes(b"the user's own store")
    run(["sh", home / ".local" / "opt" / "chancery" / "uninstall.sh"], env)
    assert not entry.exists()
    assert not (home / ".local" / "opt" / "chancery").exists()
    assert not (home / ".local" / "bin" / "chancery").is_symlink()
    assert list((data_home / "icons").rglob("chancery.*")) == []
    assert user_data.read_bytes() == b"the user's own store"


def test_deb_control_data_and_file_list(build: Build, tmp_path: Path) -> None:
    arch = run(["dpkg", "--print-architecture"]).strip()
    assert build.deb.name == f"chancery_{__version__}_{arch}.deb"

    def field(name: str) -> str:
        return run(["dpkg-deb", "-f", build.deb, name]).strip()

    assert field("Package") == "chancery"
    assert field("Version") == __version__
    assert field("Architecture") == arch
    assert re.fullmatch(r".+ <[^@\s]+@[^@\s]+>", field("Maintainer"))
    assert field("Description").startswith("Chancery: ")
    depends = [d.strip() for d in field("Depends").split(",")]
    assert "libc6 (>= 2.36)" in depends
    assert {"libxcb1", "libgl1", "libegl1"} <= set(depends)
    assert int(field("Installed-Size")) > 50_000  # KiB: the whole bundle is in there

    listing = run(["dpkg-deb", "-c", build.deb]).splitlines()
    entries = {line.split()[5]: line for line in listing}
    for path in (
        "./opt/chancery/Chancery",
        "./opt/chancery/_internal/resources/style.qss",
        "./opt/chancery/_internal/seeds/metadata.json",
        "./usr/share/applications/chancery.desktop",
        "./usr/share/icons/hicolor/48x48/apps/chancery.png",
        "./usr/share/icons/hicolor/scalable/apps/chancery.svg",
    ):
        assert path in entries, path
    assert entries["./opt/chancery/Chancery"].startswith("-rwxr-xr-x root/root")
    assert entries["./usr/bin/chancery"].endswith("./usr/bin/chancery -> /opt/chancery/Chancery")
    assert all(" root/root " in line for line in listing)

    # What dpkg would unpack: the launcher entry names the /usr/bin command, and the tree runs.
    run(["dpkg-deb", "-x", build.deb, tmp_path / "root"])
    entry = tmp_path / "root" / "usr" / "share" / "applications" / "chancery.desktop"
    run(["desktop-file-validate", entry])
    assert exec_argv(entry.read_text(encoding="utf-8")) == ["chancery"]
    report = smoke_test([str(tmp_path / "root" / "opt" / "chancery" / "Chancery")], tmp_path / "d")
    assert report.rstrip().endswith("ok")


def test_build_refuses_to_empty_a_folder_holding_more_than_its_output() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "build_installer.py"), "--dist", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 1
    assert "refusing to empty" in result.stderr
    assert (ROOT / "desktop" / "__init__.py").is_file()

"""Build Chancery's one-folder bundle, smoke-test it frozen, then package it for this OS."""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "chancery.spec"
NSIS_SCRIPT = PACKAGING / "windows" / "chancery.nsi"
LINUX = PACKAGING / "linux"
ICON_SVG = ROOT / "resources" / "icons" / "chancery.svg"

APP_NAME = "Chancery"
PACKAGE = "chancery"
MAINTAINER = "Chancery maintainers <maintainers@chancery.invalid>"
SUMMARY = "news articles about diplomacy, turned into a timeline"
DESCRIPTION = (
    "Chancery imports news articles about diplomacy and shows the dated events in them\n"
    "on a timeline you can scroll, read and annotate, with the people, countries and\n"
    "organisations involved. It works offline and ships with five seed articles."
)
# The bundle carries its own libraries but links against the build machine's glibc.
FALLBACK_GLIBC = "2.36"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# PNG-compressed ICNS entries: type code and pixel size (the @2x types count device pixels).
ICNS_TYPES = (
    ("ic11", 32),
    ("ic12", 64),
    ("ic07", 128),
    ("ic13", 256),
    ("ic08", 256),
    ("ic14", 512),
    ("ic09", 512),
    ("ic10", 1024),
)
SMOKE_TIMEOUT_S = 300
# System libraries the bundle links but PyInstaller leaves out (glibc, and the graphics and
# display-server libraries that must match the user's drivers), with the Debian packages
# that provide them. A library missing here fails the build rather than the user's start.
SYSTEM_LIBRARY_PACKAGES = {
    "libc.so.6": "libc6",
    "libm.so.6": "libc6",
    "libdl.so.2": "libc6",
    "libpthread.so.0": "libc6",
    "librt.so.1": "libc6",
    "libresolv.so.2": "libc6",
    "libutil.so.1": "libc6",
    "libxcb.so.1": "libxcb1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libOpenGL.so.0": "libopengl0",
    "libEGL.so.1": "libegl1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}


class BuildError(Exception):
    """A step failed; the message says which and why."""


@dataclass
class Report:
    """What was built, checked and skipped, printed at the end."""

    built: list[Path] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"built: {_describe(path)}" for path in self.built]
        out += [f"checked: {line}" for line in self.checked]
        out += [f"skipped: {line}" for line in self.skipped]
        return out


def read_version() -> str:
    """``desktop.__version__``, read without importing the app (and so without Qt)."""
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise BuildError("no __version__ in desktop/__init__.py")
    return match.group(1)


def glibc_floor() -> str:
    libc, version = platform.libc_ver()
    return version if libc == "glibc" and version else FALLBACK_GLIBC


def _describe(path: Path) -> str:
    return f"{path} ({disk_size(path) / 1e6:.1f} MB)"


def disk_size(path: Path) -> int:
    """Bytes in a file or a folder tree; symlinks count as themselves, not their targets."""
    if not path.is_dir() or path.is_symlink():
        return path.lstat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if not p.is_dir() or p.is_symlink())


def run(
    cmd: Sequence[str | Path], what: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a tool; a failure becomes a BuildError carrying the tool's own words."""
    args = [str(c) for c in cmd]
    result = subprocess.run(args, capture_output=True, text=True, check=False, cwd=cwd)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-25:])
        raise BuildError(f"{what} failed (exit {result.returncode}): {' '.join(args)}\n{tail}")
    return result


def check_removable(path: Path) -> None:
    """Refuse an output folder that could hold more than our output."""
    path = path.resolve()
    if path == ROOT or path in ROOT.parents or path == Path.home() or path == Path(path.anchor):
        raise BuildError(f"refusing to empty {path}: choose a folder of its own")


def clean(path: Path) -> None:
    """Remove an output folder, if it is one that may be removed."""
    check_removable(path)
    if path.exists():
        shutil.rmtree(path)


# -- icons -------------------------------------------------------------------------------


def render_icons(out: Path) -> dict[int, Path]:
    """PNGs of the app icon at the hicolor and ICNS sizes, plus chancery.ico and .icns."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(ICON_SVG))
    if not renderer.isValid():
        raise BuildError(f"cannot read {ICON_SVG}")
    out.mkdir(parents=True, exist_ok=True)
    pngs: dict[int, Path] = {}
    for size in sorted({*HICOLOR_SIZES, *ICO_SIZES, *(s for _t, s in ICNS_TYPES)}):
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        path = out / f"chancery-{size}.png"
        if not image.save(str(path)):  # the format follows the .png suffix
            raise BuildError(f"cannot write {path}")
        pngs[size] = path
    (out / "chancery.ico").write_bytes(ico_bytes([pngs[s].read_bytes() for s in ICO_SIZES]))
    (out / "chancery.icns").write_bytes(
        icns_bytes([(kind, pngs[size].read_bytes()) for kind, size in ICNS_TYPES])
    )
    return pngs


def ico_bytes(pngs: Sequence[bytes]) -> bytes:
    """A Windows .ico holding PNG images (read by Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for png in pngs:
        width, height = struct.unpack(">II", png[16:24])  # from the PNG's IHDR chunk
        # A size of 256 is written as 0: the field is one byte.
        entries += struct.pack(
            "<BBBBHHII", width % 256, height % 256, 0, 0, 1, 32, len(png), offset + len(blobs)
        )
        blobs += png
    return header + entries + blobs


def icns_bytes(entries: Sequence[tuple[str, bytes]]) -> bytes:
    """A macOS .icns of PNG entries, as ``iconutil`` writes them."""
    body = b"".join(kind.encode("ascii") + struct.pack(">I", 8 + len(d)) + d for kind, d in entries)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


# -- bundle and smoke test ---------------------------------------------------------------


def build_bundle(dist: Path, work: Path, icons: Path) -> Path:
    cmd: list[str | Path] = [sys.executable, "-m", "PyInstaller", SPEC, "--noconfirm", "--clean"]
    cmd += ["--distpath", dist, "--workpath", work / "pyinstaller", "--", "--icons", icons]
    run(cmd, "PyInstaller", cwd=ROOT)
    bundle = dist / (f"{APP_NAME}.app" if sys.platform == "darwin" else APP_NAME)
    if not bundle.is_dir():
        raise BuildError(f"PyInstaller reported success but {bundle} is missing")
    return bundle


def frozen_executable(dist: Path) -> Path:
    if sys.platform == "darwin":
        return dist / f"{APP_NAME}.app" / "Contents" / "MacOS" / APP_NAME
    suffix = ".exe" if sys.platform == "win32" else ""
    return dist / APP_NAME / f"{APP_NAME}{suffix}"


def smoke_test(executable: Path, data_dir: Path) -> str:
    """Run ``--smoke-test`` on the frozen app; its report, or a BuildError with the reason."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    try:
        result = subprocess.run(
            [str(executable), "--smoke-test", "--data-dir", str(data_dir)],
            capture_output=True,
            text=True,
            env=env,
            timeout=SMOKE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BuildError(f"the frozen smoke test hung for {SMOKE_TIMEOUT_S} s") from exc
    # A windowed Windows build has no stdout: the app also writes its report to a log.
    log = data_dir / "smoke-test.log"
    output = result.stdout.strip() or (log.read_text(encoding="utf-8") if log.is_file() else "")
    if result.returncode != 0:
        reasons = [ln for ln in (output + "\n" + result.stderr).splitlines() if "FAILED" in ln]
        detail = "\n".join(reasons) or (result.stderr.strip() or "no output")[-3000:]
        raise BuildError(f"the frozen smoke test failed (exit {result.returncode}):\n{detail}")
    return output


def smoke_test_twice(executable: Path, work: Path) -> list[str]:
    """A first run imports the seeds; a second starts straight on the saved store."""
    data_dir = work / "smoke-data"
    clean(data_dir)
    first = smoke_test(executable, data_dir)
    second = smoke_test(executable, data_dir)
    if "imported on first run" not in first or "no import" not in second:
        raise BuildError(f"unexpected smoke-test reports:\n{first}\n---\n{second}")
    return [first, second]


# -- Linux -------------------------------------------------------------------------------


def normalise_modes(tree: Path) -> None:
    """World-readable files and folders whatever the umask; executables keep their x bit."""
    for path in [tree, *tree.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir() or path.stat().st_mode & 0o111:
            path.chmod(0o755)
        else:
            path.chmod(0o644)


def copy_icons(pngs: dict[int, Path], hicolor: Path) -> None:
    for size in HICOLOR_SIZES:
        target = hicolor / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pngs[size], target / f"{PACKAGE}.png")
    scalable = hicolor / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICON_SVG, scalable / f"{PACKAGE}.svg")


def system_libraries(bundle: Path) -> set[str]:
    """Sonames that the bundle's executables and libraries load from outside the bundle."""
    internal = bundle / "_internal"
    search = os.pathsep.join(str(d) for d in (internal, internal / "PySide6" / "Qt" / "lib"))
    env = dict(os.environ, LD_LIBRARY_PATH=search)
    found: set[str] = set()
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        ldd = ["ldd", str(path)]
        out = subprocess.run(ldd, capture_output=True, text=True, env=env, check=False).stdout
        for line in out.splitlines():
            name, arrow, where = line.strip().partition(" => ")
            if arrow and not where.startswith(str(bundle)):
                found.add(name)
    return found


def deb_depends(bundle: Path) -> str:
    """The Depends field, from what the bundle actually links."""
    sonames = system_libraries(bundle)
    unknown = sorted(sonames - SYSTEM_LIBRARY_PACKAGES.keys())
    if unknown:
        raise BuildError(
            f"the bundle loads {', '.join(unknown)} from the system: bundle it, or add its "
            "package to SYSTEM_LIBRARY_PACKAGES so the .deb depends on it"
        )
    packages = {SYSTEM_LIBRARY_PACKAGES[name] for name in sonames} - {"libc6"}
    return ", ".join([f"libc6 (>= {glibc_floor()})", *sorted(packages)])


def build_deb(
    bundle: Path, pngs: dict[int, Path], version: str, arch: str, work: Path, dist: Path
) -> Path:
    """A .deb with the app under /opt/chancery, a /usr/bin link, a launcher entry, icons."""
    stage = work / "deb" / f"{PACKAGE}_{version}_{arch}"
    clean(stage)
    opt = stage / "opt" / PACKAGE
    shutil.copytree(bundle, opt, symlinks=True)
    usr_bin = stage / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    (usr_bin / PACKAGE).symlink_to(f"/opt/{PACKAGE}/{APP_NAME}")
    applications = stage / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    shutil.copyfile(LINUX / f"{PACKAGE}.desktop", applications / f"{PACKAGE}.desktop")
    copy_icons(pngs, stage / "usr" / "share" / "icons" / "hicolor")
    installed_kib = (disk_size(stage) + 1023) // 1024
    control = stage / "DEBIAN" / "control"
    control.parent.mkdir()
    description = "\n".join(f" {line}" for line in DESCRIPTION.splitlines())
    control.write_text(
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {deb_depends(bundle)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        f"Description: {APP_NAME}: {SUMMARY}\n{description}\n",
        encoding="utf-8",
    )
    normalise_modes(stage)
    deb = dist / f"{PACKAGE}_{version}_{arch}.deb"
    # --root-owner-group gives root:root ownership in the archive, as fakeroot would.
    # zstd -9: 3 s and 64 MB here, where xz takes a minute for 52 MB and gzip -9 half a
    # minute for 70 MB; dpkg reads zstd since 1.21.18 (Debian 12, Ubuntu 21.10).
    build: list[str | Path] = ["dpkg-deb", "--root-owner-group", "-Zzstd", "-z9", "--build"]
    build += [stage, deb]
    run(build, "dpkg-deb")
    return deb


def build_tarball(
    bundle: Path, pngs: dict[int, Path], version: str, work: Path, dist: Path
) -> Path:
    """A .tar.gz for systems without dpkg: the bundle, install.sh and uninstall.sh."""
    name = f"{PACKAGE}-{version}-linux-{platform.machine()}"
    stage = work / "tar" / name
    clean(stage)
    shutil.copytree(bundle, stage / APP_NAME, symlinks=True)
    for script in ("install.sh", "uninstall.sh", f"{PACKAGE}.desktop"):
        shutil.copy2(LINUX / script, stage / script)
    readme = (LINUX / "README.txt").read_text(encoding="utf-8")
    for key, value in {
        "VERSION": version,
        "ARCH": platform.machine(),
        "GLIBC": glibc_floor(),
    }.items():
        readme = readme.replace(f"@{key}@", value)
    (stage / "README.txt").write_text(readme, encoding="utf-8")
    copy_icons(pngs, stage / "icons" / "hicolor")
    normalise_modes(stage)

    def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    archive = dist / f"{name}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(stage, arcname=name, filter=owned_by_root)
    return archive


def validate_desktop_entries(work: Path, report: Report) -> None:
    """The launcher entry as the .deb ships it and as install.sh rewrites it."""
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        report.skipped.append("desktop-file-validate not installed (package desktop-file-utils)")
        return
    template = (LINUX / f"{PACKAGE}.desktop").read_text(encoding="utf-8")
    rewritten = work / "desktop-check" / f"{PACKAGE}.desktop"
    rewritten.parent.mkdir(parents=True, exist_ok=True)
    rewritten.write_text(
        re.sub(r"^Exec=.*$", 'Exec="/home/a b/.local/opt/chancery/Chancery"', template, flags=re.M),
        encoding="utf-8",
    )
    for entry in (LINUX / f"{PACKAGE}.desktop", rewritten):
        run([tool, entry], "desktop-file-validate")
    report.checked.append("the .desktop entry passes desktop-file-validate")


def check_nsis_script(version: str, icons: Path, work: Path, report: Report) -> None:
    """Compile the installer script against a stand-in bundle, then throw the result away."""
    makensis = shutil.which("makensis")
    if makensis is None:
        report.skipped.append("NSIS script check: makensis not installed (package nsis)")
        return
    stand_in = work / "nsis-check" / APP_NAME
    clean(stand_in.parent)
    (stand_in / "_internal").mkdir(parents=True)
    (stand_in / f"{APP_NAME}.exe").write_bytes(b"stand-in for the Windows bundle")
    (stand_in / "_internal" / "README").write_text("stand-in\n", encoding="utf-8")
    out = stand_in.parent / "check-setup.exe"
    cmd: list[str | Path] = [makensis, "-V2", f"-DVERSION={version}", f"-DDIST_DIR={stand_in}"]
    cmd += [f"-DOUT_FILE={out}", f"-DICON={icons / 'chancery.ico'}", NSIS_SCRIPT]
    run(cmd, "makensis")
    shutil.rmtree(stand_in.parent)
    tool_version = run([makensis, "-VERSION"], "makensis").stdout.strip()
    report.checked.append(
        f"{NSIS_SCRIPT.relative_to(ROOT)} compiles with makensis {tool_version}"
        " (against a stand-in bundle; the real installer is built on Windows)"
    )


def package_linux(
    bundle: Path, pngs: dict[int, Path], version: str, work: Path, dist: Path, report: Report
) -> None:
    validate_desktop_entries(work, report)
    # Both spend their time compressing 170 MB on one core each: run them side by side.
    with ThreadPoolExecutor(2) as pool:
        tarball = pool.submit(build_tarball, bundle, pngs, version, work, dist)
        if shutil.which("dpkg-deb") and shutil.which("dpkg"):
            arch = run(["dpkg", "--print-architecture"], "dpkg").stdout.strip()
            report.built.append(
                pool.submit(build_deb, bundle, pngs, version, arch, work, dist).result()
            )
        else:
            report.skipped.append(".deb: dpkg-deb not found (not a Debian-family system)")
        report.built.append(tarball.result())


# -- Windows and macOS -------------------------------------------------------------------


def package_windows(version: str, icons: Path, dist: Path, report: Report) -> None:
    makensis = shutil.which("makensis")
    if makensis is None:
        report.skipped.append("setup .exe: makensis not found (install NSIS and add it to PATH)")
        return
    out = dist / f"{APP_NAME}-{version}-setup.exe"
    cmd: list[str | Path] = [makensis, "-V2", f"-DVERSION={version}"]
    cmd += [f"-DDIST_DIR={dist / APP_NAME}"]
    cmd += [f"-DOUT_FILE={out}", f"-DICON={icons / 'chancery.ico'}", NSIS_SCRIPT]
    run(cmd, "makensis")
    report.built.append(out)


def package_macos(version: str, work: Path, dist: Path, report: Report) -> None:
    stage = work / "dmg"
    clean(stage)
    stage.mkdir(parents=True)
    shutil.copytree(dist / f"{APP_NAME}.app", stage / f"{APP_NAME}.app", symlinks=True)
    (stage / "Applications").symlink_to("/Applications")  # drag the app onto it to install
    dmg = dist / f"{APP_NAME}-{version}.dmg"
    cmd: list[str | Path] = ["hdiutil", "create", "-volname", APP_NAME, "-srcfolder", stage]
    run([*cmd, "-ov", "-format", "UDZO", dmg], "hdiutil")
    report.built.append(dmg)


def other_platforms(report: Report) -> None:
    """Say plainly what this OS cannot produce."""
    if sys.platform != "win32":
        report.skipped.append("Windows bundle and setup .exe: need Windows (no cross-building)")
    if sys.platform != "darwin":
        report.skipped.append(".app and .dmg: need macOS (PyInstaller BUNDLE step, hdiutil)")
    if not sys.platform.startswith("linux"):
        report.skipped.append(".deb and .tar.gz: need Linux")


# -- main --------------------------------------------------------------------------------


def build(dist: Path, work: Path, packages: bool) -> Report:
    report = Report()
    version = read_version()
    started = time.monotonic()
    for folder in (dist, work):
        check_removable(folder)  # both before either is emptied
    clean(dist)
    clean(work)
    dist.mkdir(parents=True)
    icons = work / "icons"
    pngs = render_icons(icons)
    print(f"building {APP_NAME} {version} with PyInstaller...", flush=True)
    bundle = build_bundle(dist, work, icons)
    report.checked.append(f"PyInstaller bundle in {time.monotonic() - started:.0f} s")
    report.built.append(bundle)

    print("smoke-testing the frozen app...", flush=True)
    for run_report in smoke_test_twice(frozen_executable(dist), work):
        print("  " + run_report.replace("\n", "\n  "), flush=True)
    report.checked.append("frozen smoke test passed (first run imports, second run reopens)")

    if not packages:
        report.skipped.append("packages: --only-bundle was given")
        return report
    if sys.platform.startswith("linux"):
        package_linux(bundle, pngs, version, work, dist, report)
        check_nsis_script(version, icons, work, report)
    elif sys.platform == "win32":
        package_windows(version, icons, dist, report)
    elif sys.platform == "darwin":
        package_macos(version, work, dist, report)
    other_platforms(report)
    report.checked.append(f"whole build in {time.monotonic() - started:.0f} s")
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="scratch folder")
    parser.add_argument(
        "--only-bundle", action="store_true", help="build and smoke-test the bundle, no packages"
    )
    args = parser.parse_args(argv)
    try:
        report = build(args.dist.resolve(), args.work.resolve(), packages=not args.only_bundle)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

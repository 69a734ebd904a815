"""Builds the Debian package from the application folder PyInstaller made (no network needed):

    python packaging/build_deb.py dist/jixiao-ziping dist/

Installs the folder under /opt/jixiao-ziping, the command /usr/bin/jixiao-ziping, a desktop entry
(绩效自评, in 办公) and the icon in the hicolor theme; Depends: the system libraries the bundled Qt
loads (ui/startup_checks.py). The package never touches the users' data folders, so removing it
leaves every report where it was. Prints the path of the .deb.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from ui.startup_checks import debian_packages  # noqa: E402

NAME = "jixiao-ziping"
PREFIX = Path("opt") / NAME
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)

DESKTOP = """[Desktop Entry]
Type=Application
Version=1.0
Name=Jixiao Ziping
Name[zh_CN]=绩效自评
GenericName=Budget performance self-evaluation
GenericName[zh_CN]=预算绩效自评报告
Comment=Write, check, print and export the annual budget performance self-evaluation report
Comment[zh_CN]=填写、检查、打印和导出部门（单位）整体支出预算绩效自评报告
Exec=jixiao-ziping
Icon=jixiao-ziping
Terminal=false
Categories=Office;Finance;
Keywords=绩效;自评;预算;报告;
StartupNotify=true
StartupWMClass=jixiao-ziping
"""

# Refresh the menus and icon caches where the tools exist (not on a bare server).
SCRIPT = """#!/bin/sh
set -e
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q /usr/share/applications || true; fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true; fi
exit 0
"""


def version() -> str:
    import tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


def control(installed_kb: int) -> str:
    return (f"Package: {NAME}\n"
            f"Version: {version()}\n"
            f"Architecture: {architecture()}\n"
            "Maintainer: 绩效自评 <jixiao-ziping@localhost>\n"
            f"Installed-Size: {installed_kb}\n"
            f"Depends: {', '.join(debian_packages())}\n"
            "Section: office\n"
            "Priority: optional\n"
            "Description: 绩效自评 — budget performance self-evaluation reports\n"
            " An offline desktop program in which the accountant of a budget unit writes,\n"
            " checks, prints and exports the annual 部门（单位）整体支出预算绩效自评报告.\n"
            " Self-contained: Python, Qt and the fonts are inside /opt/jixiao-ziping.\n")


def stage(bundle: Path, root: Path) -> None:
    shutil.copytree(bundle, root / PREFIX, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    os.symlink(f"/{PREFIX}/{NAME}", root / "usr" / "bin" / NAME)
    applications = root / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    (applications / f"{NAME}.desktop").write_text(DESKTOP, encoding="utf-8")
    for size in ICON_SIZES:
        folder = root / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copyfile(HERE / "icons" / f"{NAME}-{size}.png", folder / f"{NAME}.png")
    installed = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())
    debian = root / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control((installed + 1023) // 1024), encoding="utf-8")
    for name in ("postinst", "postrm"):
        (debian / name).write_text(SCRIPT, encoding="utf-8")
        (debian / name).chmod(0o755)
    for path in [root, *root.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)


def build(bundle: Path, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{NAME}_{version()}_{architecture()}.deb"
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        root = Path(tmp) / "root"
        stage(bundle, root)
        partial = Path(tmp) / target.name   # renamed when whole: an interrupted build leaves no broken .deb
        subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z6", "--build", str(root), str(partial)],
                       check=True, stdout=subprocess.DEVNULL)
        os.replace(partial, target)
    return target


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("用法：python packaging/build_deb.py 应用文件夹 输出文件夹", file=sys.stderr)
        return 2
    print(build(Path(argv[0]), Path(argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

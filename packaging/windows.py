"""`make windows`, run on Windows with Python 3.11 and `pip install -e .[bundle]`: the same PyInstaller
spec as on Linux, then the folder zipped with a helper that puts a shortcut named 绩效自评 on the
desktop:

    python packaging\\windows.py          → dist\\jixiao-ziping-VERSION-windows.zip

The zip holds jixiao-ziping\\绩效自评.exe (the editor), jixiao-ziping\\jixiao-ziping.exe (the command
line) and jixiao-ziping\\创建桌面快捷方式.cmd. The user unpacks it anywhere (no administrator rights
needed) and double-clicks 创建桌面快捷方式.cmd once, or 绩效自评.exe directly.
"""
from __future__ import annotations

import base64
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# PowerShell run with -EncodedCommand (UTF-16 text in base64), so the .cmd file itself is plain ASCII
# whatever the console's code page; the folder comes in through %~dp0.
SHORTCUT_PS = """
$folder = $env:JX_FOLDER
$desktop = [Environment]::GetFolderPath('Desktop')
$shell = New-Object -ComObject WScript.Shell
$link = $shell.CreateShortcut((Join-Path $desktop '绩效自评.lnk'))
$link.TargetPath = (Join-Path $folder '绩效自评.exe')
$link.WorkingDirectory = $folder
$link.IconLocation = (Join-Path $folder '绩效自评.exe') + ',0'
$link.Description = '绩效自评：部门（单位）整体支出预算绩效自评报告'
$link.Save()
"""


def shortcut_cmd() -> str:
    encoded = base64.b64encode(SHORTCUT_PS.encode("utf-16-le")).decode("ascii")
    return ("@echo off\r\n"
            "set \"JX_FOLDER=%~dp0\"\r\n"
            f"powershell -NoProfile -ExecutionPolicy Bypass -EncodedCommand {encoded}\r\n")


def version() -> str:
    import tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def zip_folder(folder: Path, target: Path) -> Path:
    (folder / "创建桌面快捷方式.cmd").write_text(shortcut_cmd(), encoding="ascii", newline="")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, Path(folder.name) / path.relative_to(folder))
    return target


def main() -> int:
    if sys.platform != "win32":
        print("make windows 须在 Windows 上运行（PyInstaller 只能打包本机系统的程序）", file=sys.stderr)
        return 1
    dist = ROOT / "dist"
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(dist),
                    "--workpath", str(ROOT / "build" / "pyinstaller"), str(HERE / "jixiao-ziping.spec")], check=True)
    print(zip_folder(dist / "jixiao-ziping", dist / f"jixiao-ziping-{version()}-windows.zip"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

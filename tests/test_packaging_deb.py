"""The .deb's layout and the Windows zip, built from a stand-in application folder (fast; the real
bundle is built and installed by tests/test_packaging_installed.py under CI)."""
import base64
import importlib.util
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from ui.startup_checks import debian_packages

ROOT = Path(__file__).resolve().parent.parent


def _script(name):
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bundle(tmp_path):
    folder = tmp_path / "jixiao-ziping"
    (folder / "_internal").mkdir(parents=True)
    (folder / "jixiao-ziping").write_text("#!/bin/sh\necho stand-in\n")
    (folder / "jixiao-ziping").chmod(0o755)
    return folder


def test_the_deb_installs_under_opt_with_command_desktop_entry_icons_and_the_qt_libraries_as_depends(bundle, tmp_path):
    deb = _script("build_deb").build(bundle, tmp_path / "out")
    info = subprocess.run(["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True).stdout
    fields = dict(re.findall(r"^(\S+): (.*)$", info, re.MULTILINE))
    assert fields["Package"] == "jixiao-ziping" and fields["Section"] == "office"
    assert fields["Depends"].split(", ") == debian_packages()
    for package in ("libxcb-cursor0", "libegl1", "libgl1", "libfontconfig1", "libxkbcommon0", "libxkbcommon-x11-0"):
        assert package in fields["Depends"]
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    assert "./opt/jixiao-ziping/jixiao-ziping" in listing
    assert re.search(r"\./usr/bin/jixiao-ziping -> /opt/jixiao-ziping/jixiao-ziping", listing)
    for size in (16, 32, 48, 64, 128, 256):
        assert f"./usr/share/icons/hicolor/{size}x{size}/apps/jixiao-ziping.png" in listing
    assert "root/root" in listing and "/home" not in listing and ".local" not in listing
    subprocess.run(["dpkg-deb", "-x", str(deb), str(tmp_path / "x")], check=True)
    desktop = (tmp_path / "x" / "usr/share/applications/jixiao-ziping.desktop").read_text(encoding="utf-8")
    assert "Name[zh_CN]=绩效自评\n" in desktop and "Exec=jixiao-ziping\n" in desktop
    assert "Icon=jixiao-ziping\n" in desktop and re.search(r"^Categories=Office;", desktop, re.MULTILINE)
    if subprocess.run(["which", "desktop-file-validate"], capture_output=True).returncode == 0:
        check = subprocess.run(["desktop-file-validate", str(tmp_path / "x/usr/share/applications/jixiao-ziping.desktop")],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout


def test_the_windows_zip_holds_the_folder_and_a_shortcut_maker_named_in_chinese(bundle, tmp_path):
    windows = _script("windows")
    target = windows.zip_folder(bundle, tmp_path / "w.zip")
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        cmd = archive.read("jixiao-ziping/创建桌面快捷方式.cmd")
    assert "jixiao-ziping/jixiao-ziping" in names
    cmd.decode("ascii")   # whatever the console's code page
    script = base64.b64decode(re.search(rb"-EncodedCommand (\S+)", cmd).group(1)).decode("utf-16-le")
    assert "'绩效自评.lnk'" in script and "'绩效自评.exe'" in script


def test_the_spec_names_the_windows_editor_and_keeps_the_resources():
    spec = (ROOT / "packaging" / "jixiao-ziping.spec").read_text(encoding="utf-8")
    assert 'name="绩效自评", console=False' in spec and '"models/migrations"' in spec
    assert '"resources/fonts"' in spec and "sample_report.json" in spec and '"resources/forms"' in spec


def test_every_icon_size_exists():
    for size in _script("build_deb").ICON_SIZES:
        assert (ROOT / "packaging" / "icons" / f"jixiao-ziping-{size}.png").is_file()
    assert (ROOT / "packaging" / "icons" / "jixiao-ziping.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"

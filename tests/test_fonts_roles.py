"""Fonts by role: the official faces when the machine has them, else the bundled Fandol faces, so the
title, 一、 headings, （一） headings and body look different on any machine; the substitution is said
in one line by `export`."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reports import fonts

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def no_system_fonts(monkeypatch, tmp_path):
    """A machine with no Chinese font installed (as a fresh Debian is)."""
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path / "no-fonts"])
    fonts.installed_font_files.cache_clear()
    yield tmp_path / "no-fonts"
    fonts.installed_font_files.cache_clear()


def test_without_official_fonts_each_role_has_its_own_bundled_face(no_system_fonts):
    chosen = fonts.choose_fonts()
    files = {role: chosen.files[role].path.name for role in fonts.ROLES}
    assert files == {"body": "FandolFang-Regular.ttf", "heading": "FandolHei-Regular.ttf",
                     "kai": "FandolKai-Regular.ttf", "title": "FandolSong-Bold.ttf"}
    assert len(set(chosen.names.values())) == 4   # four different faces in the PDF
    line = chosen.substitution_line()
    assert line.startswith("字体替代") and "\n" not in line
    for official, face in (("仿宋", "Fandol 仿宋"), ("黑体", "Fandol 黑体"), ("楷体", "Fandol 楷体"),
                           ("小标宋", "Fandol 宋体")):
        assert f"{official} → {face}" in line


def test_an_installed_official_face_is_preferred_and_not_named_as_replaced(no_system_fonts):
    no_system_fonts.mkdir()
    shutil.copyfile(fonts.BUNDLED_BY_ROLE["body"].path, no_system_fonts / "simfang.ttf")  # stands for Windows' 仿宋
    shutil.copyfile(fonts.BUNDLED_BY_ROLE["heading"].path, no_system_fonts / "simhei.ttf")
    fonts.installed_font_files.cache_clear()
    chosen = fonts.choose_fonts()
    assert chosen.files["body"].path == no_system_fonts / "simfang.ttf" and chosen.family("body") == "仿宋"
    assert chosen.files["heading"].path == no_system_fonts / "simhei.ttf"
    line = chosen.substitution_line()
    assert "仿宋 →" not in line and "黑体 →" not in line and "楷体 → Fandol 楷体" in line


def test_every_official_face_installed_means_no_substitution_line(no_system_fonts):
    no_system_fonts.mkdir()
    for role, name in (("body", "simfang.ttf"), ("heading", "simhei.ttf"), ("kai", "simkai.ttf"),
                       ("title", "fzxbsjw.ttf")):
        shutil.copyfile(fonts.BUNDLED_BY_ROLE[role].path, no_system_fonts / name)
    fonts.installed_font_files.cache_clear()
    assert fonts.choose_fonts().substitution_line() == ""


def test_bundled_fonts_are_truetype_with_their_licence_beside_them():
    for bundled in fonts.bundled_fonts():
        assert bundled.path.read_bytes()[:4] == b"\x00\x01\x00\x00", bundled.file_name  # TrueType outlines, not CFF
        assert (fonts.FONT_DIR / bundled.licence_file).is_file()
    assert "font exception" in (fonts.FONT_DIR / "LICENSE-Fandol.txt").read_text(encoding="utf-8")


def test_bundled_faces_cover_the_sample():
    text = (ROOT / "resources" / "sample_report.json").read_text(encoding="utf-8")
    chinese = {c for c in text if ord(c) >= 0x3400}
    for role, bundled in fonts.BUNDLED_BY_ROLE.items():
        font = fonts._load(fonts.FontFile(bundled.label, bundled.path))
        missing = "".join(sorted(c for c in chinese if ord(c) not in font.face.charToGlyph))
        assert missing == "", f"{role}: {missing}"


def test_the_word_export_can_ask_the_face_of_each_role(no_system_fonts):
    assert fonts.families() == {"body": "Fandol 仿宋（内置）", "heading": "Fandol 黑体（内置）",
                                "kai": "Fandol 楷体（内置）", "title": "Fandol 宋体 粗（内置）"}


def test_export_says_which_official_font_was_replaced_and_the_pdf_embeds_distinct_faces(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "JIXIAO_DATA_DIR": str(tmp_path / "data")}
    db, pdf = tmp_path / "a.db", tmp_path / "a.pdf"
    subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", "--db", str(db)], env=env, check=True,
                   capture_output=True)
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", "--db", str(db), "--pdf", str(pdf)],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    expected = fonts.choose_fonts().substitution_line()
    lines = [line for line in done.stderr.splitlines() if line.startswith("字体替代")]
    assert lines == ([expected] if expected else [])
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    faces = {line.split()[0].split("+")[-1] for line in listed.splitlines()[2:]}
    chosen = fonts.choose_fonts()
    for role in ("body", "heading", "title"):   # where the machine lacks the official face, the bundled one prints
        if chosen.files[role].path.parent == fonts.FONT_DIR:
            assert chosen.files[role].path.stem in faces
    assert len({chosen.names[r] for r in ("body", "heading", "title")}) == 3


def test_a_second_level_heading_in_the_narrative_prints_in_kai(no_system_fonts, sample, tmp_path):
    """（一） headings in 楷体 (GB/T 9704 7.3.3): the heading up to its full stop, then the body in 仿宋."""
    import dataclasses

    from models.views import load_report
    from reports.pdf import render_pdf
    db, report_id = sample
    report = load_report(db, report_id)

    def embedded(narrative_text, name):
        changed = dataclasses.replace(report, narrative={**report.narrative, "performance": narrative_text})
        render_pdf(changed, tmp_path / name)
        listed = subprocess.run(["pdffonts", str(tmp_path / name)], capture_output=True, text=True, check=True)
        return {line.split()[0].split("+")[-1] for line in listed.stdout.splitlines()[2:]}

    assert "FandolKai-Regular" in embedded("（一）总体完成情况。全年受理来电 100 万件。", "kai.pdf")
    assert "FandolKai-Regular" not in embedded("全年受理来电 100 万件，（一）不在行首。", "plain.pdf")

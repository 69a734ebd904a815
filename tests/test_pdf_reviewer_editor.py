"""导出 PDF in the editor offers 存档签字版 / 公开版: the public copy is written without sign-off,
names or fingerprint, and refused (in Chinese, nothing written) while the checks find errors."""
import re
import shutil
import subprocess

import pytest

from conftest import open_editor
from helpers.menus import find_action
from helpers.modal import DialogAnswerer
from models.database import open_database
from models.services.reports import set_report_field

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def text_of(path) -> str:
    return re.sub(r"\s+", "", subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                                             check=True).stdout)


def editor_on(qtbot, tmp_path, **fields):
    db = open_database(tmp_path / "reports.db")
    try:
        from models.sample import install_sample
        report_id = install_sample(db)
        for name, value in fields.items():
            set_report_field(db, report_id, name, value)
    finally:
        db.close()
    window = open_editor(qtbot, tmp_path / "reports.db", tmp_path)
    qtbot.waitExposed(window)
    return window


def test_export_pdf_offers_the_signed_and_the_public_copy(qtbot, tmp_path):
    window = editor_on(qtbot, tmp_path, preparer="王晓明", phone="0512-68887766")
    with DialogAnswerer(tmp_path, choices={"导出 PDF：选择版本": "公开版"}) as answers:
        find_action(window, "文件", "导出 PDF").trigger()
    assert not answers.internal_errors() and not answers.english()
    choice = next(s for s in answers.seen if s.kind == "message" and s.title == "导出 PDF：选择版本")
    assert "存档签字版" in choice.buttons and "公开版" in choice.buttons and "取消" in choice.buttons
    [public] = answers.saved_files
    text = text_of(public)
    assert "九、部门整体自评表" in text
    for absent in ("王晓明", "0512-68887766", "填报人", "内容指纹", "草稿"):
        assert absent not in text, absent
    assert "公开版" in window.statusBar().currentMessage()

    (tmp_path / "signed").mkdir()
    with DialogAnswerer(tmp_path / "signed") as answers:  # the default: the signed copy
        find_action(window, "文件", "导出 PDF").trigger()
    [signed] = answers.saved_files
    text = text_of(signed)
    assert "王晓明" in text and "0512-68887766" in text and "内容指纹" in text


def test_public_copy_refused_while_the_checks_find_errors(qtbot, tmp_path):
    window = editor_on(qtbot, tmp_path, goals="")  # 未填写“二、年度履职目标完成情况”
    with DialogAnswerer(tmp_path, choices={"导出 PDF：选择版本": "公开版"}) as answers:
        find_action(window, "文件", "导出 PDF").trigger()
    assert not answers.internal_errors() and not answers.english()
    refusal = [s for s in answers.seen if "不能导出公开版" in s.text]
    assert refusal and "二、年度履职目标完成情况" in refusal[0].text
    assert answers.saved_files == [] and not list(tmp_path.glob("*.pdf"))

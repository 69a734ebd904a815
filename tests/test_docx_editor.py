"""文件 › 导出 Word… from the editor, as a user does it: the menu entry, the save dialog, the check
before output (去修改 / 继续（标明草稿）), and a refusal to write over the data file."""
import docx
import pytest

from conftest import open_editor
from helpers.menus import find_action
from helpers.modal import DialogAnswerer
from models.database import open_database
from models.services.reports import create_report


def header_of(path) -> str:
    return docx.Document(str(path)).sections[0].header.paragraphs[0].text


@pytest.fixture
def new_report_editor(qtbot, tmp_path):
    """The editor on a file holding a brand-new report: its empty sections and tables are errors."""
    db = open_database(tmp_path / "reports.db")
    create_report(db, 2024, "新建单位")
    db.close()
    window = open_editor(qtbot, tmp_path / "reports.db", tmp_path)
    qtbot.waitExposed(window)
    return window


def test_menu_entry_writes_the_word_document(sample_editor, tmp_path, qtbot):
    with DialogAnswerer(tmp_path) as answerer:
        find_action(sample_editor, "文件", "导出 Word").trigger()
        qtbot.waitUntil(lambda: answerer.saved_files and answerer.saved_files[0].exists(), timeout=20000)
    target = answerer.saved_files[0]
    assert answerer.titles() == ["导出 Word"] and not answerer.english()
    document = docx.Document(str(target))
    assert document.paragraphs[0].text.replace("\n", "") == "苏州市市级预算部门（单位）整体支出预算绩效自评报告"
    assert [len(t.rows) for t in document.tables[:3]] == [19, 15, 76]
    assert "草稿" not in header_of(target)  # the sample has no error
    qtbot.waitUntil(lambda: str(target) in sample_editor.statusBar().currentMessage())
    assert "内容指纹" in sample_editor.statusBar().currentMessage()


def test_errors_offer_to_continue_as_draft(new_report_editor, tmp_path, qtbot):
    with DialogAnswerer(tmp_path, {"导出 Word前检查": "继续（标明草稿）"}) as answerer:
        find_action(new_report_editor, "文件", "导出 Word").trigger()
        qtbot.waitUntil(lambda: answerer.saved_files and answerer.saved_files[0].exists(), timeout=20000)
    assert answerer.titles() == ["导出 Word", "导出 Word前检查"]
    check = answerer.seen[1]
    assert "去修改" in check.buttons and "继续（标明草稿）" in check.buttons and "处错误" in check.text
    assert "草稿　内容指纹" in header_of(answerer.saved_files[0])


def test_going_to_fix_writes_nothing(new_report_editor, tmp_path, qtbot):
    with DialogAnswerer(tmp_path, {"导出 Word前检查": "去修改"}) as answerer:
        find_action(new_report_editor, "文件", "导出 Word").trigger()
        qtbot.waitUntil(lambda: len(answerer.seen) == 2, timeout=20000)
        qtbot.wait(200)
    assert not answerer.saved_files[0].exists()
    tabs = new_report_editor.tabs  # the first error's place: 二、年度履职目标完成情况 is empty
    assert tabs.tabText(tabs.currentIndex()).replace("&", "").startswith("报告正文")


def test_the_data_file_is_never_written_over(sample_editor, tmp_path, qtbot):
    path = sample_editor.db.path
    before = path.read_bytes()
    with DialogAnswerer(tmp_path) as answerer:
        assert sample_editor.export_word(str(path)) is None
    assert answerer.titles() == ["导出 Word"] and "不能写入" in answerer.seen[0].text
    assert path.read_bytes() == before

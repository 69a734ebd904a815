"""导出 Excel and 导入 Excel from the editor."""
import openpyxl
import pytest
from PySide6.QtWidgets import QDialog

from ui import outgoing
from conftest import open_editor
from ui.xlsx_io import ImportPreviewDialog, ProblemsDialog


@pytest.fixture
def window(qtbot, sample, tmp_path):
    db, _report_id = sample
    db.close()
    return open_editor(qtbot, db.path, tmp_path)


def accepting(choice):
    class Preview(ImportPreviewDialog):
        def exec(self):
            getattr(self, choice).setChecked(True)
            return QDialog.DialogCode.Accepted
    return Preview


def test_export_then_import_as_new_report(window, tmp_path, monkeypatch):
    monkeypatch.setattr(outgoing, "ask_before_output", lambda *_a, **_k: outgoing.DRAFT)
    target = tmp_path / "out.xlsx"
    assert window.export_excel(str(target))
    assert openpyxl.load_workbook(target)["预算信息"].oddHeader.right.text == "草稿"
    new_id = window.import_excel(str(target), preview_dialog=accepting("as_new"))
    assert new_id is not None and window.session.report_id == new_id and window.switcher.count() == 2
    assert window.table_page("indicators").model.rowCount() == 75


def test_import_problems_are_listed_and_copyable(window, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("no")
    shown = []

    class Problems(ProblemsDialog):
        def exec(self):
            shown.append(self.text.toPlainText())
            return 0
    before = window.db.path.read_bytes()
    assert window.import_excel(str(bad), problems_dialog=Problems) is None
    assert shown and "不是 Excel 工作簿" in shown[0]
    assert window.db.path.read_bytes() == before

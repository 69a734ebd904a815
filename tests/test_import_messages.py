"""Import messages an accountant reads: a folder or a pipe named, the system's reasons in Chinese (never
its English strerror), the sheets a workbook does hold, a hidden sheet and a merged range worded plainly."""
import errno
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import main
from models.errors import DomainError
from models.views import load_report
from reports.xlsx_export import export_workbook
from reports.xlsx_import import WorkbookError, read_workbook

ROOT = Path(__file__).parent.parent
ENGLISH = ("Is a directory", "Permission denied", "Input/output error", "No such file")


@pytest.fixture
def exported(sample, tmp_path):
    db, report_id = sample
    path = tmp_path / "sample.xlsx"
    export_workbook(load_report(db, report_id), path)
    return path


def messages(path):
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    return [problem.message() for problem in caught.value.problems]


def changed(path, tmp_path, change):
    book = openpyxl.load_workbook(path)
    change(book)
    target = tmp_path / "changed.xlsx"
    book.save(target)
    return target


def test_a_folder_is_named_as_a_folder(tmp_path):
    (tmp_path / "bad").mkdir()
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", "--db", "t.db", "bad"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and done.stderr.strip() == "“bad”是一个文件夹，不是 Excel 工作簿", done.stderr
    assert not (tmp_path / "t.db").exists()


def test_a_pipe_is_refused_without_waiting(tmp_path):
    os.mkfifo(tmp_path / "表.xlsx")  # reading a pipe nobody writes to would wait for ever
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", "--db", "t.db", "表.xlsx"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "“表.xlsx”不是普通文件" in done.stderr, done.stderr


def test_a_system_error_is_said_in_chinese(exported, monkeypatch):
    real_open = Path.open

    def failing_open(self, *args, **kwargs):
        if self == exported:
            raise OSError(errno.EIO, "Input/output error", str(self))
        return real_open(self, *args, **kwargs)
    monkeypatch.setattr("zipfile.is_zipfile", lambda _path: False)
    monkeypatch.setattr(Path, "open", failing_open)
    with pytest.raises(DomainError) as caught:
        read_workbook(exported)
    assert caught.value.message == f"无法读取“{exported}”：磁盘读写出错"


@pytest.mark.parametrize("error, reason", [
    (PermissionError(errno.EACCES, "Permission denied", "/x/a.db"), "无法访问文件“/x/a.db”：没有权限"),
    (OSError(errno.EIO, "Input/output error", "/x/a.db"), "无法访问文件“/x/a.db”：磁盘读写出错"),
    (FileNotFoundError(errno.ENOENT, "No such file or directory", "/x/a.db"), "无法访问文件“/x/a.db”：找不到文件或文件夹"),
    (OSError(errno.ENOLINK, "Link has been severed"), f"无法访问文件：系统错误（错误号 {errno.ENOLINK}）"),
])
def test_the_command_line_says_any_system_error_in_chinese(monkeypatch, capsys, tmp_path, error, reason):
    def fail(_path):
        raise error
    monkeypatch.setattr("reports.xlsx_import.read_workbook", fail)
    assert main.main(["import", "--db", str(tmp_path / "t.db"), str(tmp_path / "a.xlsx")]) == 1
    said = capsys.readouterr().err.strip()
    assert said == reason and not any(word in said for word in ENGLISH)


def test_a_missing_sheet_names_the_sheets_found(exported, tmp_path):
    def only_one(book):
        for name in book.sheetnames[1:]:
            book.remove(book[name])
        book["基本信息"].title = "Sheet1"
    found = messages(changed(exported, tmp_path, only_one))
    assert "工作簿中没有工作表“预算信息”（有：Sheet1）" in found
    assert not any("，缺少工作表" in message for message in found)


def test_a_hidden_sheet_and_a_protected_one_read_as_one_sentence(exported, tmp_path):
    def hide(book):
        book["年度重点任务"].sheet_state = "hidden"
        book["预算信息"].protection.sheet = True
        book["预算信息"].protection.password = "secret"
    found = messages(changed(exported, tmp_path, hide))
    assert "工作表“预算信息”设有保护密码，请先撤销工作表保护再导入" in found
    assert any(message.startswith("工作表“年度重点任务”是隐藏的，") for message in found), found


def test_a_merged_range_is_named_by_its_cells(exported, tmp_path):
    found = messages(changed(exported, tmp_path, lambda book: book["年度重点任务"].merge_cells("C2:C4")))
    assert "工作表“年度重点任务” C2:C4 单元格，此处不应有合并单元格，请取消合并" in found, found

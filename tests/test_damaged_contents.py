"""Hand-edited or partly damaged files: every reading command names, in one Chinese line, the report,
row and field it cannot read (and `list` still lists every report), never a traceback; the editor
opens such a file and says what is wrong instead of failing.

Each file is the demo file changed with plain sqlite3, the way a user's other tool would."""
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import open_editor

MAIN = Path(__file__).resolve().parent.parent / "main.py"
CJK = re.compile(r"[\u4e00-\u9fff]")
FIXED = "UPDATE indicators SET actual = '2.72%', reason = '年末结转' WHERE name = '结转结余率'"  # finalizable


def run(*args, cwd):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "JIXIAO_DATA_DIR": str(Path(cwd) / "data")}
    return subprocess.run([sys.executable, str(MAIN), *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    assert run("demo", "--db", "demo.db", cwd=folder).returncode == 0
    return folder / "demo.db"


def damaged(demo_file, tmp_path, *statements, name="r.db", finalize=False) -> Path:
    """A copy of the demo file with `statements` run on it by sqlite3 (a NOT NULL can be lifted
    first with `unguard(table, column)`)."""
    path = tmp_path / name
    shutil.copyfile(demo_file, path)
    if finalize:
        _sql(path, FIXED)
        assert run("finalize", "--db", name, cwd=tmp_path).returncode == 0
    _sql(path, *statements)
    return path


def unguard(table, column):
    """Statements that make `column` of `table` nullable, as a hand-edited schema would."""
    return ("PRAGMA writable_schema = ON",
            f"UPDATE sqlite_master SET sql = replace(sql, '{column} TEXT NOT NULL', '{column} TEXT') "
            f"WHERE name = '{table}'")


def _sql(path, *statements):
    connection = sqlite3.connect(path)
    for statement in statements:
        if statement.startswith("PRAGMA writable_schema"):
            connection.isolation_level = None
        connection.execute(statement)
        if statement.startswith("UPDATE sqlite_master"):  # the new schema is read by the next connection
            connection.close()
            connection = sqlite3.connect(path)
    connection.commit()
    connection.close()


def assert_named(result, *words, status=1):
    """Exit `status`, Chinese on stderr naming `words`, no traceback and no "internal error"."""
    assert result.returncode == status, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "程序内部错误" not in result.stderr, result.stderr
    assert CJK.search(result.stderr), result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)


BAD_UTF8 = "CAST(X'E8AFFF41' AS TEXT)"  # 读 cut short, then an invalid byte, then A


@pytest.mark.parametrize("statements, command, words", [
    (["UPDATE budget_lines SET initial = 'abc' WHERE name = '基本支出'"], ["check"],
     ["报告 1", "预算信息", "基本支出", "年初预算数", "文本“abc”", "金额"]),
    (["UPDATE budget_lines SET actual = X'0102' WHERE name = '基本支出'"], ["export", "--xlsx", "o.xlsx"],
     ["基本支出", "实际支出数", "二进制数据"]),
    (["UPDATE budget_lines SET adjustment = 12.5 WHERE name = '基本支出'"], ["check"],  # read as 0.12 before
     ["基本支出", "上年度结转及当年预算追加追减数", "小数"]),
    ([*unguard("key_tasks", "name"), "UPDATE key_tasks SET name = NULL WHERE id = 2"], ["next-year"],
     ["年度重点任务", "编号 2", "任务名称", "NULL"]),
    (["UPDATE reports SET updated_at = 'yesterday'"], ["check"], ["报告 1", "保存时间", "yesterday", "日期时间"]),
    (["UPDATE reports SET created_at = '2023-02-30 10:00:00'"], ["export", "--pdf", "o.pdf"],
     ["创建时间", "2023-02-30", "日期时间"]),
    ([f"UPDATE key_tasks SET content = {BAD_UTF8} WHERE id = 3"], ["export", "--pdf", "o.pdf"],
     ["年度重点任务", "编号 3", "主要内容", "UTF-8", "\ufffd"]),
    (["UPDATE reports SET year = '二〇二二年'"], ["finalize"], ["报告 1", "年度", "二〇二二年", "整数"]),
    (["UPDATE reports SET year = '二〇二二年'"], ["next-year"], ["年度", "二〇二二年"]),
    ([*unguard("reports", "department"), "UPDATE reports SET department = NULL"], ["check"],
     ["报告 1", "预算部门名称", "NULL"]),
    (["UPDATE reports SET updated_at = 'yesterday'"], ["reopen", "--reason", "补录"], ["保存时间", "yesterday"]),
], ids=["text-amount", "blob-amount", "real-amount", "null-task-name", "bad-datetime", "impossible-date",
        "invalid-utf8-task", "text-year-finalize", "text-year-next-year", "null-department", "bad-datetime-reopen"])
def test_a_reading_command_names_the_unreadable_field(demo_file, tmp_path, statements, command, words):
    path = damaged(demo_file, tmp_path, *statements)
    before = path.read_bytes()
    result = run(command[0], "--db", "r.db", *command[1:], cwd=tmp_path)
    assert_named(result, *words)
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert path.read_bytes() == before  # nothing written into a file that cannot be read
    assert not (tmp_path / "o.xlsx").exists() and not (tmp_path / "o.pdf").exists()


@pytest.mark.parametrize("statements, shown, words", [
    ([*unguard("reports", "department"), "UPDATE reports SET department = NULL WHERE id = 1"],
     "1\t2022\t\t示例·草稿", ["报告 1", "预算部门名称", "NULL"]),
    ([f"UPDATE reports SET department = {BAD_UTF8} WHERE id = 1"], "1\t2022\t\ufffd", ["报告 1", "预算部门名称", "UTF-8"]),
    (["UPDATE reports SET year = '二〇二二年' WHERE id = 1"], "1\t？\t苏州市便民服务中心", ["报告 1", "年度", "二〇二二年"]),
], ids=["null-department", "invalid-utf8-department", "text-year"])
def test_list_lists_every_report_and_names_the_damaged_one(demo_file, tmp_path, statements, shown, words):
    path = damaged(demo_file, tmp_path)
    assert run("demo", "--db", "r.db", cwd=tmp_path).returncode == 0  # a second, sound report
    _sql(path, *statements)
    result = run("list", "--db", "r.db", cwd=tmp_path)
    assert_named(result, *words)
    lines = sorted(result.stdout.splitlines())  # by year and department: a damaged one may come last
    assert len(lines) == 2 and lines[0].startswith(shown) and lines[1].startswith("2\t2022\t苏州市便民服务中心"), lines
    # the sound report can still be checked and exported
    assert run("export", "--db", "r.db", "--report", "2", "--xlsx", "o.xlsx", cwd=tmp_path).returncode == 0


def test_a_version_with_a_bad_time(demo_file, tmp_path):
    damaged(demo_file, tmp_path, "UPDATE versions SET created_at = 'not a time'", finalize=True)
    assert_named(run("versions", "--db", "r.db", cwd=tmp_path), "定稿版本", "定稿时间", "not a time")
    assert_named(run("verify", "--db", "r.db", "abcdef", cwd=tmp_path), "定稿时间")


def test_final_without_a_version_exports_and_can_be_reopened(demo_file, tmp_path):
    damaged(demo_file, tmp_path, FIXED, "UPDATE reports SET status = 'final'")
    exported = run("export", "--db", "r.db", "--pdf", "o.pdf", cwd=tmp_path)
    assert_named(exported, "没有它的定稿版本记录", status=0)
    assert (tmp_path / "o.pdf").stat().st_size > 0
    assert_named(run("versions", "--db", "r.db", cwd=tmp_path), "没有它的定稿版本记录")
    assert_named(run("finalize", "--db", "r.db", cwd=tmp_path), "没有它的定稿版本记录", "重新打开")
    reopened = run("reopen", "--db", "r.db", "--reason", "补录", cwd=tmp_path)
    assert reopened.returncode == 0 and "Traceback" not in reopened.stderr, reopened.stderr
    assert run("list", "--db", "r.db", cwd=tmp_path).stdout.rstrip().endswith("草稿")
    assert run("finalize", "--db", "r.db", cwd=tmp_path).returncode == 0


def test_a_missing_revision_record_is_inferred_when_the_tables_match(demo_file, tmp_path):
    damaged(demo_file, tmp_path, "DELETE FROM alembic_version")
    listed = run("list", "--db", "r.db", cwd=tmp_path)
    assert listed.returncode == 0 and listed.stdout.startswith("1\t2022\t苏州市便民服务中心"), listed
    assert run("check", "--db", "r.db", cwd=tmp_path).returncode == 0  # the sample's warnings, no error
    assert run("demo", "--db", "r.db", cwd=tmp_path).returncode == 0  # a writer too, without re-creating tables


def test_a_missing_revision_record_with_other_tables_is_named(tmp_path):
    _sql(tmp_path / "r.db", "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
         "CREATE TABLE reports (id INTEGER PRIMARY KEY, name TEXT)")
    for command in (["list"], ["check"], ["demo"]):
        assert_named(run(command[0], "--db", "r.db", cwd=tmp_path), "缺少结构版本记录", "reports")


def test_a_revision_without_its_tables_is_named(tmp_path):
    _sql(tmp_path / "r.db", "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
         "INSERT INTO alembic_version VALUES ('0003_versions')")
    before = (tmp_path / "r.db").read_bytes()
    for command in (["list"], ["check"], ["versions"], ["export", "--pdf", "o.pdf"], ["next-year"], ["demo"]):
        assert_named(run(command[0], "--db", "r.db", *command[1:], cwd=tmp_path), "0003_versions", "缺少数据表",
                     "reports")
    assert (tmp_path / "r.db").read_bytes() == before


def test_import_does_not_replace_the_tables_of_a_report_it_cannot_read(demo_file, tmp_path):
    assert run("export", "--db", str(demo_file), "--xlsx", "in.xlsx", cwd=tmp_path).returncode == 0
    path = damaged(demo_file, tmp_path, "UPDATE reports SET created_at = '2023-13-45'")
    before = path.read_bytes()
    assert_named(run("import", "--db", "r.db", "in.xlsx", "--replace", "1", cwd=tmp_path), "创建时间", "2023-13-45")
    assert path.read_bytes() == before


# -- the editor -------------------------------------------------------------------------------

@pytest.fixture
def warnings(monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *a, **k: shown.append((title, text)))
    return shown


@pytest.mark.parametrize("statements, words", [
    ([*unguard("reports", "department"), "UPDATE reports SET department = NULL"], ["预算部门名称", "NULL"]),
    (["UPDATE reports SET year = '二〇二二年'"], ["年度", "二〇二二年"]),
    (["UPDATE budget_lines SET initial = 'abc' WHERE name = '基本支出'"], ["基本支出", "年初预算数"]),
], ids=["null-department", "text-year", "text-amount"])
def test_the_editor_opens_a_damaged_file_and_says_what_is_wrong(qtbot, demo_file, tmp_path, warnings,
                                                                 statements, words):
    path = damaged(demo_file, tmp_path, *statements)
    window = open_editor(qtbot, path, tmp_path)
    qtbot.waitUntil(lambda: bool(warnings), timeout=5000)
    title, text = warnings[0]
    assert title == "无法读取报告" and all(word in text for word in words), warnings
    for position in range(window.tabs.count()):  # every tab, and the checks' timer, run without failing
        window.tabs.setCurrentIndex(position)
    qtbot.wait(700)
    assert window.isVisible() and window.report is None and window.switcher.count() == 1
    assert len(warnings) == 1


def test_the_editor_opens_the_sound_report_of_a_partly_damaged_file(qtbot, demo_file, tmp_path, warnings):
    path = damaged(demo_file, tmp_path)
    assert run("demo", "--db", "r.db", cwd=tmp_path).returncode == 0
    _sql(path, "UPDATE reports SET year = '二〇二二年' WHERE id = 1")
    window = open_editor(qtbot, path, tmp_path)  # opens the last report, the sound one
    assert window.report is not None and window.report.id == 2 and not warnings
    damaged_at = window.switcher.findData(1)
    assert window.switcher.itemText(damaged_at).startswith("？ 年度")
    from PySide6.QtCore import Qt
    window.switcher.setFocus()  # choosing the damaged one, from the keyboard, says why it cannot be shown
    key = Qt.Key.Key_Up if damaged_at < window.switcher.currentIndex() else Qt.Key.Key_Down
    qtbot.keyClick(window.switcher, key)
    qtbot.waitUntil(lambda: bool(warnings), timeout=5000)
    assert "年度" in warnings[0][1] and window.isVisible()


def test_text_that_is_not_utf8_in_a_table_closes_the_report_with_one_message(qtbot, demo_file, tmp_path, warnings):
    """Found only when the table is read (by the checks shortly after opening, or its tab)."""
    path = damaged(demo_file, tmp_path, f"UPDATE key_tasks SET content = {BAD_UTF8} WHERE id = 3")
    window = open_editor(qtbot, path, tmp_path)
    qtbot.waitUntil(lambda: bool(warnings), timeout=5000)
    assert warnings[0][0] == "无法读取报告" and "主要内容" in warnings[0][1] and "UTF-8" in warnings[0][1]
    qtbot.wait(700)
    assert window.isVisible() and window.report is None and not window.tabs.isEnabled() and len(warnings) == 1


def test_a_version_whose_content_is_not_what_was_stored(demo_file, tmp_path):
    from models.database import open_database
    from models.errors import DomainError
    from models.versions import version_content

    path = damaged(demo_file, tmp_path, "UPDATE versions SET content = '{not json'", finalize=True)
    db = open_database(path, read_only=True)
    try:
        with pytest.raises(DomainError, match="第 1 版的“版本内容”无法读取"):
            version_content(db, 1, 1)
    finally:
        db.close()

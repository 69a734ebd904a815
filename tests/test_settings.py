"""Every setting is declared once (ui/settings.py): key, type and default; the editor keeps them."""
import re
from pathlib import Path

from PySide6.QtCore import QSettings

from conftest import open_editor
from helpers.menus import find_action
from ui import settings as declared
from ui.font_settings import chosen_fonts

ROOT = Path(__file__).resolve().parent.parent
NOT_YET: set[str] = set()


def _ini(tmp_path, name="s.ini") -> QSettings:
    return QSettings(str(tmp_path / name), QSettings.Format.IniFormat)


def test_no_module_spells_a_settings_key_of_its_own():
    raw = re.compile(r"\.(?:value|setValue)\(\s*f?[\"']")
    offenders = [f"{path.relative_to(ROOT)}:{number}" for path in sorted((ROOT / "ui").rglob("*.py"))
                 if path.name != "settings.py" and path.name not in NOT_YET
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if raw.search(line)]
    assert offenders == []


def test_each_key_is_declared_once():
    keys = [setting.key for setting in declared.SETTINGS]
    assert len(keys) == len(set(keys)) == 6


def test_defaults_when_nothing_is_stored(tmp_path):
    settings = _ini(tmp_path)
    assert declared.SHOW_PREVIOUS_YEAR.read(settings) is False
    assert declared.RECENT_FILES.read(settings) == []
    assert declared.LAST_REPORT.read(settings, "/a/reports.db") is None
    assert declared.EXPORT_FOLDER.read(settings) == str(Path.home())
    assert declared.FONT.read(settings, "body") == ""
    assert declared.WINDOW_GEOMETRY.read(settings) is None


def test_values_come_back_with_their_type_from_the_file(tmp_path):
    settings = _ini(tmp_path)
    declared.SHOW_PREVIOUS_YEAR.write(settings, True)
    declared.RECENT_FILES.write(settings, ["/一/甲.db"])  # one entry: an INI file gives back a plain string
    declared.LAST_REPORT.write(settings, 7, "/一/甲.db")
    declared.EXPORT_FOLDER.write(settings, "/导出")
    declared.FONT.write(settings, "/fonts/f.ttf", "body")
    settings.sync()
    again = _ini(tmp_path)
    assert declared.SHOW_PREVIOUS_YEAR.read(again) is True
    assert declared.RECENT_FILES.read(again) == ["/一/甲.db"]
    assert declared.LAST_REPORT.read(again, "/一/甲.db") == 7 and declared.LAST_REPORT.read(again, "/乙.db") is None
    assert declared.EXPORT_FOLDER.read(again) == "/导出"
    assert chosen_fonts(again) == {"body": "/fonts/f.ttf"}


def test_a_hand_edited_value_falls_back_to_the_default(tmp_path):
    (tmp_path / "s.ini").write_text("[last_report]\nx=abc\n[view]\nprevious_year=perhaps\n", encoding="utf-8")
    settings = _ini(tmp_path)
    assert declared.LAST_REPORT.read(settings, "x") is None
    assert declared.SHOW_PREVIOUS_YEAR.read(settings) is False


def test_the_editor_keeps_show_previous_year_and_the_recent_files(qtbot, sample, tmp_path):
    db, _report_id = sample
    db.close()
    window = open_editor(qtbot, db.path, tmp_path)
    find_action(window, "报告", "显示上年数").trigger()
    window.close()
    settings = _ini(tmp_path, "settings.ini")
    assert declared.SHOW_PREVIOUS_YEAR.read(settings) is True
    assert declared.RECENT_FILES.read(settings) == [str(Path(db.path).resolve())]
    assert declared.WINDOW_GEOMETRY.read(settings) is not None
    again = open_editor(qtbot, db.path, tmp_path)
    assert find_action(again, "报告", "显示上年数").isChecked()
    again.close()

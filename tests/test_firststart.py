"""First start: the user's own empty database and the sample in a file of its own."""
from models.database import open_database
from models.firststart import ensure_user_files, is_first_start
from models.paths import default_db_path, sample_db_path
from models.views import list_reports


def test_first_start_creates_user_file_and_separate_sample(tmp_path):
    assert is_first_start()
    user_path, sample_path = ensure_user_files()
    assert user_path == default_db_path() and sample_path == sample_db_path() and user_path != sample_path
    assert user_path.parent == tmp_path / "userdata"
    assert not is_first_start()
    user_db, sample_db = open_database(user_path), open_database(sample_path)
    try:
        assert list_reports(user_db) == []  # the sample never mixes into the user's reports
        [sample] = list_reports(sample_db)
        assert sample.is_sample and sample.department == "苏州市便民服务中心"
    finally:
        user_db.close()
        sample_db.close()
    # a second start changes nothing
    before = sample_path.read_bytes()
    ensure_user_files()
    assert sample_path.read_bytes() == before


def test_db_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_DB", str(tmp_path / "elsewhere.db"))
    assert default_db_path() == tmp_path / "elsewhere.db"


def test_a_start_backs_the_opened_file_up_once(tmp_path, qtbot):
    from PySide6.QtCore import QSettings
    from models.backup import list_backups
    from models.services import create_report
    from ui.app import choose_files, make_application
    from ui.main_window import MainWindow

    user_path, _sample_path = ensure_user_files()
    db = open_database(user_path)
    create_report(db, year=2023, department="测试单位")
    db.close()
    before = len(list_backups(user_path))
    make_application()
    path, user = choose_files(None)   # as main.py without --db: the user's file, since it has a report
    assert path == user_path
    window = MainWindow(path, user, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    assert len(list_backups(user_path)) == before + 1
    window.close()

"""从备份恢复 and what to do when a file cannot be opened: open read-only, restore a backup, or
choose another file."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QLabel, QListWidget, QListWidgetItem, QMessageBox, QVBoxLayout)

from models.backup import list_backups
from models.errors import DamagedError, ReadOnlyError, StorageError


class BackupsDialog(QDialog):
    """The backups of a file, newest first; the chosen one is returned by `chosen()`."""

    def __init__(self, parent, db_path: Path):
        super().__init__(parent)
        self.setWindowTitle("从备份恢复")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"“{db_path.name}”的备份（最新的在最上面）。恢复前会先把当前文件也备份一份。"))
        self.list = QListWidget()
        for backup in list_backups(db_path):
            item = QListWidgetItem(backup.label)
            item.setData(256, str(backup.path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("恢复所选备份")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.list.count() > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 380)

    def chosen(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(256)) if item is not None else None


def restore_into(window, db_path: Path, dialog_class=BackupsDialog) -> bool:
    """Let the user pick a backup of `db_path` and restore it (the window's own file is closed first)."""
    dialog = dialog_class(window, db_path)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
        return False
    from models.restore import restore_backup

    reopen = window.db is not None and window.db.path.resolve() == db_path.resolve()
    if reopen:
        window.close_file()
    try:
        kept = restore_backup(db_path, dialog.chosen())
    except StorageError as error:
        QMessageBox.warning(window, "从备份恢复", error.message)
        if reopen:
            window.open_file(db_path)
        return False
    window.open_file(db_path)
    window.show_status(f"已从备份恢复；恢复前的文件已备份为 {kept.name if kept else '（无法读取，未备份）'}")
    return True


def open_failed(window, path: Path, error: StorageError) -> bool:
    """Explain why `path` did not open and offer the ways forward; True when something was opened."""
    box = QMessageBox(QMessageBox.Icon.Warning, "无法打开文件", error.message, parent=window)
    read_only = box.addButton("以只读方式打开", QMessageBox.ButtonRole.AcceptRole) \
        if isinstance(error, ReadOnlyError) else None
    restore = box.addButton("从备份恢复…", QMessageBox.ButtonRole.ActionRole) \
        if isinstance(error, DamagedError) and list_backups(path) else None
    other = box.addButton("选择其他文件…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if read_only is not None and clicked is read_only:
        return window.open_file(path, read_only=True)
    if restore is not None and clicked is restore:
        return restore_into(window, path)
    if clicked is other:
        chosen, _ = QFileDialog.getOpenFileName(window, "打开数据文件", str(path.parent),
                                                "绩效自评数据文件 (*.db);;所有文件 (*)")
        return bool(chosen) and window.open_file(Path(chosen))
    return False

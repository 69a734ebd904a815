"""从备份恢复 and what to do when a file cannot be opened: open read-only, restore a backup, or
choose another file. A restore is confirmed first and says afterwards what it did."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QMessageBox, QVBoxLayout)

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
            item.setData(257, backup.label)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("恢复所选备份(&R)…")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.list.count() > 0)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 380)

    def chosen(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(256)) if item is not None else None

    def chosen_label(self) -> str:
        item = self.list.currentItem()
        return item.data(257) if item is not None else ""


def restore_into(context, db_path: Path, dialog_class=BackupsDialog) -> bool:
    """Let the user pick a backup of `db_path` and restore it (the open file is closed first)."""
    dialog = dialog_class(context.parent, db_path)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
        return False
    from ui.versions_ui import ask
    label = getattr(dialog, "chosen_label", lambda: dialog.chosen().name)()
    if not ask(context.parent, "从备份恢复",
               f"确定用备份“{label}”替换“{db_path.name}”的全部内容吗？\n\n"
               f"替换前会先把当前文件备份一份，可以再恢复回来；撤销记录将被清空。", "恢复"):
        return False
    from models.restore import restore_backup

    reopen = context.db is not None and context.db.path.resolve() == db_path.resolve()
    if reopen:
        context.close_file()
    try:
        kept = restore_backup(db_path, dialog.chosen())
    except StorageError as error:
        QMessageBox.warning(context.parent, "从备份恢复", error.message)
        if reopen:
            context.open_file(db_path)
        return False
    context.open_file(db_path)
    kept_text = (f"恢复前的内容已备份为“{kept.name}”（在 {kept.parent} 中），需要时可以再恢复回来。"
                 if kept else "恢复前的文件无法读取，未能备份。")
    context.show_status(f"已从备份“{label}”恢复")
    QMessageBox.information(context.parent, "从备份恢复",
                            f"“{db_path.name}”已恢复为备份“{label}”的内容。\n\n{kept_text}\n\n"
                            f"撤销记录已清空：恢复之前的修改不能再撤销。")
    return True


def open_failed(context, path: Path, error: StorageError) -> bool:
    """Explain why `path` did not open and offer the ways forward; True when something was opened."""
    box = QMessageBox(QMessageBox.Icon.Warning, "无法打开文件", error.message, parent=context.parent)
    read_only = box.addButton("以只读方式打开", QMessageBox.ButtonRole.AcceptRole) \
        if isinstance(error, ReadOnlyError) else None
    restore = box.addButton("从备份恢复…", QMessageBox.ButtonRole.ActionRole) \
        if isinstance(error, DamagedError) and list_backups(path) else None
    other = box.addButton("选择其他文件…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if read_only is not None and clicked is read_only:
        return context.open_file(path, read_only=True)
    if restore is not None and clicked is restore:
        return restore_into(context, path)
    if clicked is other:
        from ui.dialogs import open_file_name
        chosen = open_file_name(context.parent, "打开数据文件", str(path.parent), "绩效自评数据文件 (*.db);;所有文件 (*)")
        return bool(chosen) and context.open_file(Path(chosen))
    return False

"""Before anything leaves the program (print, PDF, Excel): errors are shown, and the user either
goes to fix them or continues with a copy marked 草稿."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from models.checks import ERROR

CLEAN, DRAFT, CANCEL = "clean", "draft", "cancel"


def ask_before_output(context, what: str = "导出") -> str:
    """CLEAN when there is no error; otherwise DRAFT (continue, marked 草稿) or CANCEL (go and fix,
    showing the first error).

    `context` is the window's ui.session.EditorContext (`window.context`); the main window itself is
    accepted too and stands for its context: `ask_before_output(window, "导出 Word")`."""
    context = getattr(context, "context", context)
    context.commit_pending()
    errors = [f for f in context.run_checks() if f.level == ERROR]
    if not errors:
        return CLEAN
    lines = "\n".join(f"· {f.place}：{f.message}" for f in errors[:8])
    more = f"\n……共 {len(errors)} 处错误" if len(errors) > 8 else ""
    box = QMessageBox(QMessageBox.Icon.Warning, f"{what}前检查",
                      f"报告中有 {len(errors)} 处错误：\n\n{lines}{more}\n\n"
                      f"可以先去修改，也可以继续{what}一份标明“草稿”的副本。", parent=context.parent)
    fix = box.addButton("去修改", QMessageBox.ButtonRole.RejectRole)
    box.addButton("继续（标明草稿）", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(fix)
    box.exec()
    if box.clickedButton() is fix:
        context.show_finding(errors[0])
        return CANCEL
    return DRAFT

"""Expected failures of the domain, each carrying a message in Chinese for the user."""


class DomainError(Exception):
    """An invalid change or input; `message` is shown to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AmountError(DomainError):
    """Text or a value that is not a valid amount."""


class StorageError(DomainError):
    """A database file that cannot be opened or used."""


class SchemaTooNewError(StorageError):
    """A database written by a newer version of the program."""


class ReadOnlyError(StorageError):
    """The file (or its folder) cannot be written; it can still be opened read-only."""


class DamagedError(StorageError):
    """The file is damaged; a backup can be restored."""


class VanishedError(StorageError):
    """The file was moved or deleted while open; its content can still be saved elsewhere."""


class UnreadableError(DomainError):
    """Values of a hand-edited or partly damaged file that cannot be read; `problems` names each
    (`models.unreadable.Problem`), the message the first and how many more there are."""

    def __init__(self, problems):
        self.problems = list(problems)
        first = self.problems[0].message() if self.problems else "文件中有无法读取的内容"
        more = f"（另有 {len(self.problems) - 1} 处无法读取）" if len(self.problems) > 1 else ""
        super().__init__(f"{first}{more}。文件可能被其他程序修改过或已部分损坏，可以从备份恢复"
                         f"（文件 › 从备份恢复，或 python main.py restore）。")


class StaleError(StorageError):
    """The report was changed elsewhere (another editor, a command) since this program read it: the
    change is not saved, and the report is to be read again (a shared server's row versions)."""

    def __init__(self, message: str, report_id: int | None = None):
        super().__init__(message)
        self.report_id = report_id

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

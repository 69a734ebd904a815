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

"""Coded errors for documents policykit cannot read (contract codes PK001-PK004).

A :class:`DocumentError` names the file and says what to do. It is the only
exception type that :func:`policykit.parse` lets escape for a bad document.
"""

from __future__ import annotations


class PolicykitError(Exception):
    """Base class of every error policykit raises on purpose."""


class DocumentError(PolicykitError):
    """A document that cannot be read. ``code`` is one of PK001-PK004."""

    code = "PK001"
    name = "unreadable"

    def __init__(self, message: str, path: str | None = None) -> None:
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)

    def with_path(self, path: str) -> DocumentError:
        """The same error, naming ``path``."""
        clone = type(self)(self.message, path)
        return clone


class UnreadableDocument(DocumentError):
    code = "PK001"
    name = "unreadable"


class LegacyDocument(DocumentError):
    code = "PK002"
    name = "legacy-doc"


class EncryptedDocument(DocumentError):
    code = "PK003"
    name = "encrypted"


class DocumentTooLarge(DocumentError):
    code = "PK004"
    name = "too-large"


class KindError(PolicykitError):
    """A policy kind file that is missing or invalid (names the file and the key)."""


class ConfigError(PolicykitError):
    """Bad configuration or usage (exit code 2)."""


class OutputError(PolicykitError):
    """A report or baseline that could not be written (the CLI exits 2, naming the file)."""


class Interrupted(BaseException):
    """SIGINT or SIGTERM asked the command to stop (raised by its signal handlers).

    A BaseException, like KeyboardInterrupt: no ``except Exception`` swallows it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

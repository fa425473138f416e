"""The project's exceptions; ``server/errors.py`` maps them to HTTP statuses, ``kg/cli.py`` to exit codes."""


class TreatygraphError(Exception):
    """Base class of every error this package raises on purpose."""


class UserError(TreatygraphError):
    """Bad input from the user: a one-line message, CLI exit 1, HTTP 4xx."""


class ConfigError(UserError):
    """A setting has a value that cannot be used."""


class ArticleError(UserError):
    """An article cannot be read (empty, binary, not UTF-8, too large, unparseable)."""


class QueryError(UserError):
    """A SPARQL query or update is malformed or not allowed."""


class QueryTimeout(TreatygraphError):
    """Query evaluation exceeded the configured timeout and was abandoned."""


class UnknownQuery(UserError):
    """A named query does not exist."""


class ParameterError(UserError):
    """A named-query parameter is missing, unknown or of the wrong kind."""


class StoreError(TreatygraphError):
    """The store cannot be opened or written (locked, corrupt, unreachable)."""


class RemoteStoreError(StoreError):
    """A remote SPARQL store answered with an error or could not be reached."""


class ValidationFailed(TreatygraphError):
    """SHACL or OWL validation found violations; ``report`` holds the readable text."""

    def __init__(self, message: str, report: str = "") -> None:
        super().__init__(message)
        self.report = report

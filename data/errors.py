"""Exception types raised by the data layer; handlers decide what the user sees."""


class DataError(Exception):
    """Base class for every failure the data layer reports on purpose."""


class DatabaseNotInitialised(DataError):
    """The repository was used before ``init_database`` (or after ``dispose_database``)."""

    def __init__(self) -> None:
        super().__init__(
            "the database is not initialised: call data.database.init_database() at startup"
        )


class UnsupportedDatabaseUrl(DataError):
    """The DB URL names a database tokdrop does not support."""


class DatabaseUnavailable(DataError):
    """The database could not be reached or refused the connection."""


class UnknownChat(DataError):
    """An operation referenced a chat that has no row in ``users``."""

    def __init__(self, chat_id: int) -> None:
        super().__init__(f"unknown chat {chat_id}: register it first")
        self.chat_id = chat_id


class InvalidPeriod(DataError):
    """A statistics period whose bounds make no sense (end before start, …)."""


class AlreadySubscribed(DataError):
    """The chat already follows that creator."""

    def __init__(self, chat_id: int, creator: str) -> None:
        super().__init__(f"chat {chat_id} already follows {creator}")
        self.chat_id, self.creator = chat_id, creator


class SubscriptionLimitReached(DataError):
    """The chat follows as many creators as it is allowed to."""

    def __init__(self, chat_id: int, limit: int) -> None:
        super().__init__(f"chat {chat_id} has reached its limit of {limit} subscriptions")
        self.chat_id, self.limit = chat_id, limit


class InvalidSetting(DataError):
    """A runtime setting value that does not fit its key's type or range.

    ``code`` names the problem (``unknown``, ``number``, ``minimum``, ``maximum``, ``switch``,
    ``text``, ``length``, ``link``) and ``params`` its details, so replies can be localized.
    """

    def __init__(self, message: str, code: str = "invalid", **params: object) -> None:
        super().__init__(message)
        self.code, self.params = code, params


class MigrationError(DataError):
    """Upgrading or inspecting the schema failed."""


class DatabaseInUse(DataError):
    """Another bot process already serves this SQLite database."""


class InvalidPreference(InvalidSetting):
    """A chat preference key or value that is not one of the valid ones.

    Shaped like :class:`InvalidSetting`: ``code`` is ``unknown`` (``params``: ``key`` and
    ``known``, the valid keys) or ``choice`` (``key``, ``value`` and ``valid``, the key's valid
    values), each list a comma-separated string and also a tuple in ``choices``.
    """

    def __init__(self, message: str, code: str, choices: tuple[str, ...], **params: object) -> None:
        super().__init__(message, code, **params)
        self.choices = choices

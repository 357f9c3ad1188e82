"""One error type for users, one handler, one JSON error shape."""

from __future__ import annotations


class UserError(Exception):
    """A request the user can fix; `status` is the HTTP status, the message is Vietnamese."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status

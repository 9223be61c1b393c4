"""Bot API error values: one exception type carrying the JSON error body."""

from __future__ import annotations

import math
from typing import Any


class ApiError(Exception):
    """A Bot API failure: becomes ``{"ok": false, "error_code", "description", "parameters"}``."""

    def __init__(self, error_code: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = {key: value for key, value in parameters.items() if value is not None}

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return body


def bad_request(message: str) -> ApiError:
    return ApiError(400, f"Bad Request: {message}")


def forbidden(message: str) -> ApiError:
    return ApiError(403, f"Forbidden: {message}")


def too_many_requests(retry_after: float) -> ApiError:
    seconds = max(1, math.ceil(retry_after))
    return ApiError(429, f"Too Many Requests: retry after {seconds}", retry_after=seconds)


UNAUTHORIZED = (401, "Unauthorized")
METHOD_NOT_FOUND = (404, "Not Found: method not found")
ENTITY_TOO_LARGE = (413, "Request Entity Too Large")
WRONG_FILE = "wrong file identifier/HTTP URL specified"
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"

"""Errors answered the way Google's Sheets and Drive APIs answer them."""

from __future__ import annotations

from typing import Any

STATUS_BY_CODE: dict[int, str] = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ALREADY_EXISTS",
    413: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

DEFAULT_MESSAGES: dict[int, str] = {
    404: "Requested entity was not found.",
    429: "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute per user' "
    "of service 'sheets.googleapis.com'.",
    500: "Internal error encountered.",
    503: "The service is currently unavailable.",
    504: "The request timed out. Please try again.",
}


class ApiError(Exception):
    """A Sheets API error: an HTTP status and Google's `{"error": {...}}` body."""

    def __init__(
        self,
        code: int,
        message: str | None = None,
        status: str | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        """Build the error; the message and status default to Google's for the code."""
        self.code = code
        self.message = message if message is not None else DEFAULT_MESSAGES.get(code, "Error")
        self.status = status or STATUS_BY_CODE.get(code, "UNKNOWN")
        self.details = details
        super().__init__(f"{code} {self.status}: {self.message}")

    def body(self) -> dict[str, Any]:
        """The JSON body Google sends with this error."""
        error: dict[str, Any] = {"code": self.code, "message": self.message, "status": self.status}
        if self.details:
            error["details"] = self.details
        return {"error": error}


class DriveError(ApiError):
    """A Drive API v3 error, whose body carries an `errors` list instead of a status."""

    def __init__(self, code: int, message: str, reason: str, location: str | None = None) -> None:
        """Build the error with Drive's reason (notFound, duplicate, ...)."""
        super().__init__(code, message)
        self.reason = reason
        self.location = location

    def body(self) -> dict[str, Any]:
        """The JSON body Drive sends with this error."""
        item: dict[str, Any] = {"message": self.message, "domain": "global", "reason": self.reason}
        if self.location:
            item.update({"location": self.location, "locationType": "parameter"})
        return {"error": {"code": self.code, "message": self.message, "errors": [item]}}


def bad_request(message: str) -> ApiError:
    """A 400 INVALID_ARGUMENT error."""
    return ApiError(400, message)


def not_found() -> ApiError:
    """Google's 404 for an unknown spreadsheet."""
    return ApiError(404)


def invalid_list_value(field: str, value: Any) -> ApiError:
    """Google's 400 for a JSON value that should have been a list (e.g. `"values": "X"`)."""
    shown = value if isinstance(value, str) else str(value)
    text = (
        f"Invalid value at '{field}' (type.googleapis.com/google.protobuf.ListValue), \"{shown}\""
    )
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": [{"field": field, "description": text}],
        }
    ]
    return ApiError(400, text, details=details)


def quota_error(kind: str, limit: int) -> ApiError:
    """Google's 429 RESOURCE_EXHAUSTED error for the per-minute request quota."""
    metric = "read_requests" if kind == "Read" else "write_requests"
    message = (
        f"Quota exceeded for quota metric '{kind} requests' and limit "
        f"'{kind} requests per minute per user' of service 'sheets.googleapis.com' "
        "for consumer 'project_number:000000000000'."
    )
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "metadata": {
                "quota_metric": f"sheets.googleapis.com/{metric}",
                "quota_limit": f"{kind}RequestsPerMinutePerUser",
                "quota_limit_value": str(limit),
                "quota_location": "global",
                "service": "sheets.googleapis.com",
                "consumer": "projects/000000000000",
            },
        },
        {
            "@type": "type.googleapis.com/google.rpc.Help",
            "links": [
                {
                    "description": "Request a higher quota limit.",
                    "url": "https://cloud.google.com/docs/quotas/help/request_increase",
                }
            ],
        },
    ]
    return ApiError(429, message, details=details)

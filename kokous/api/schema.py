"""Additions to the generated OpenAPI schema."""

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error of the API has this shape.",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "detail": {},
            },
            "required": ["status", "code", "detail"],
        }
    },
    "required": ["error"],
}


def error_responses_add(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """A `default` response of the error shape on every operation, with its component."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path in result.get("paths", {}).values():
        for operation in path.values():
            operation.setdefault("responses", {})["default"] = {
                "description": "An error: 400, 404, 429 ...",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }
    return result

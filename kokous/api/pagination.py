"""Page-number pagination with `next` and `previous` addresses, after OParl."""

from typing import Any

from rest_framework.pagination import PageNumberPagination

# A deleted object in a list asked with `modified_since` (see `DeletedSerializer`).
DELETED_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "format": "uri"},
        "type": {"type": "string"},
        "deleted": {"type": "boolean", "enum": [True]},
        "modified": {"type": "string", "format": "date-time"},
    },
    "required": ["id", "type", "deleted", "modified"],
}


class ApiPagination(PageNumberPagination):
    """`page` and `page_size` (50 by default, at most 200)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = ["count", "next", "previous", "results"]
        for link in ("next", "previous"):  # OpenAPI 3.1: null is a type, not `nullable`
            paginated["properties"][link] = {
                "type": ["string", "null"],
                "format": "uri",
                "description": "The address of the next (previous) page; null on the last (first).",
            }
        paginated["properties"]["results"] = {
            "type": "array",
            "items": {"anyOf": [schema["items"], DELETED_SCHEMA]},
        }
        return paginated

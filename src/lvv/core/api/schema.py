"""OpenAPI post-processing: every operation documents its problem+json error answers."""

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An error, as RFC 9457 problem details (Dutch API Design Rules).",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errorId": {
            "type": "string",
            "description": "Only for unexpected errors (5xx): the id the error is logged under.",
        },
        "invalidParams": {
            "type": "array",
            "description": "One entry per invalid field, only for status 400.",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "description": "The field, e.g. `end`."},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
                "required": ["name", "code", "reason"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "instance"],
}

_ERRORS = {
    "400": "Invalid input; `invalidParams` names each wrong field.",
    "401": "No valid credentials.",
    "403": "Your role does not allow this.",
    "404": "Not found, or not visible to you.",
}


def add_problem_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the shared error responses to each operation."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    reference = {"$ref": "#/components/schemas/Problem"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            wanted = ["401", "403"]
            if method in {"post", "put", "patch"} or operation.get("parameters"):
                wanted.append("400")
            if "{" in path:
                wanted.append("404")
            for code in sorted(wanted):
                responses.setdefault(
                    code,
                    {
                        "description": _ERRORS[code],
                        "content": {"application/problem+json": {"schema": reference}},
                    },
                )
    return result

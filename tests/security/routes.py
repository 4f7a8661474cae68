"""Every route of the URL conf, with what the access matrix needs to know about it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")
_CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "api:client-detail"
    template: str  # "/api/v1/clients/{uuid}"
    params: tuple[tuple[str, str], ...]  # (parameter, the literal path segment before it)
    callback: object

    @property
    def is_api(self) -> bool:
        return self.template.startswith("/api/")

    @property
    def is_admin(self) -> bool:
        return self.template.startswith("/admin/")

    @property
    def view_class(self):
        return getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)

    @property
    def actions(self) -> dict[str, str]:
        """For a DRF viewset route: {http method: action}."""
        return dict(getattr(self.callback, "actions", None) or {})

    @property
    def served_methods(self) -> frozenset[str] | None:
        """The HTTP methods a handler exists for (others are 405 by construction); None when
        a function view does not say."""
        if self.actions:
            return frozenset(self.actions)
        view_class = self.view_class
        if view_class is None:
            return None
        return frozenset(
            method
            for method in ("get", "post", "put", "patch", "delete")
            if method in view_class.http_method_names and hasattr(view_class, method)
        )

    def path(self, values: dict[str, str]) -> str:
        return self.template.format(**values)


def _template(raw: str) -> str:
    raw = raw.replace("^", "").replace("$", "").replace("\\", "")
    raw = _GROUP.sub(lambda m: "{" + m["name"] + "}", raw)
    raw = _CONVERTER.sub(lambda m: "{" + m["name"] + "}", raw)
    return "/" + raw


def _params(template: str) -> tuple[tuple[str, str], ...]:
    result = []
    segments = template.strip("/").split("/")
    for index, segment in enumerate(segments):
        for name in re.findall(r"\{(\w+)\}", segment):
            result.append((name, segments[index - 1] if index else ""))
    return tuple(result)


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield prefix + str(pattern.pattern), name, pattern.callback


def all_routes() -> list[Route]:
    routes = []
    for raw, name, callback in _walk(get_resolver().url_patterns):
        template = _template(raw)
        routes.append(Route(name, template, _params(template), callback))
    return sorted(routes, key=lambda r: (r.template, r.name))

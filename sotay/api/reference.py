"""The API's reference page at /api/v1/docs, rendered on the server from the OpenAPI schema.

No Swagger UI: its bundle (≈1.5 MB of script, no CDN allowed) would be a second front end to vendor
and update, and the CSP stays strict (no script at all on this page). The schema is the single source:
each operation with its parameters, request body, responses and a curl example, then every schema
with its fields (docs/api.md says why).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

METHODS = ("get", "post", "put", "patch", "delete")
REF = "#/components/schemas/"


def type_of(schema: dict[str, Any]) -> str:
    """A short reading of a JSON schema's type: `string ≤ 100`, `list of MemberSummary`, `integer | null`."""
    if "$ref" in schema:
        return str(schema["$ref"]).removeprefix(REF)
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            return " | ".join(type_of(s) for s in schema[combined])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"list of {type_of(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(json.dumps(v, ensure_ascii=False) for v in schema["enum"])
    limits = [
        f"{sign} {schema[key]}"
        for key, sign in (("minLength", "≥"), ("maxLength", "≤"), ("minimum", "≥"), ("maximum", "≤"))
        if key in schema
    ]
    text = str(schema.get("format") or kind)
    return f"{text} ({', '.join(limits)})" if limits else text


def example_of(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    """A JSON example of `schema`: defaults, first enum values and placeholders by type."""
    if depth > 4:
        return None
    if "$ref" in schema:
        return example_of(components.get(schema["$ref"].removeprefix(REF), {}), components, depth + 1)
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            return example_of(schema[combined][0], components, depth + 1)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {k: example_of(v, components, depth + 1) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        return [example_of(schema.get("items", {}), components, depth + 1)]
    return {"integer": 1, "number": 1, "boolean": True}.get(str(kind), "…")


def fields_of(schema: dict[str, Any]) -> list[dict[str, Any]]:
    required = set(schema.get("required", ()))
    return [
        {
            "name": name,
            "type": type_of(prop),
            "required": name in required,
            "title": prop.get("title", ""),
            "description": prop.get("description", ""),
        }
        for name, prop in schema.get("properties", {}).items()
    ]


def operations(schema: dict[str, Any], base: str) -> list[dict[str, Any]]:
    components = schema.get("components", {}).get("schemas", {})
    out = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            secured = bool(op.get("security"))
            curl = ["curl -s"] + ([f"-X {method.upper()}"] if method != "get" else [])
            if secured:
                curl.append('-H "Authorization: Bearer $T"')
            if body:
                payload = json.dumps(example_of(body, components), ensure_ascii=False)
                curl += ["-H 'Content-Type: application/json'", f"-d '{payload}'"]
            curl.append(base + path)
            out.append(
                {
                    "id": op.get("operationId", ""),
                    "method": method.upper(),
                    "path": path,
                    "tag": (op.get("tags") or ["api"])[0],
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "secured": secured,
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": type_of(p.get("schema", {})),
                            "description": p.get("description") or p.get("schema", {}).get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": type_of(body) if body else "",
                    "responses": [
                        {
                            "status": status,
                            "description": response.get("description", ""),
                            "media": ", ".join(response.get("content", {})),
                            "type": ", ".join(
                                type_of(c.get("schema", {})) for c in response.get("content", {}).values()
                            ),
                        }
                        for status, response in op.get("responses", {}).items()
                    ],
                    "curl": " \\\n  ".join(curl),
                }
            )
    return out


class Reference(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        base = request.build_absolute_uri("/").rstrip("/")
        components = schema.get("components", {}).get("schemas", {})
        context = {
            "info": schema.get("info", {}),
            "openapi_url": self.get_openapi_url(api, kwargs),
            "operations": operations(schema, base),
            "schemas": [
                {"name": name, "description": s.get("description", ""), "fields": fields_of(s)}
                for name, s in sorted(components.items())
            ],
        }
        return render(request, "api/reference.html", context)


@require_safe
def root(request: HttpRequest) -> HttpResponse:
    """/api/v1/ itself: to the reference page (django-ninja's own root view is a 404)."""
    return redirect("api:openapi-view")

"""/api/v1/schema/ is a valid OpenAPI document of read-only paths; /api/v1/docs/ shows it
with Swagger UI from the portal's own static files."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

PATHS = {"/api/v1/actions/", "/api/v1/actions/{slug}/", "/api/v1/statistics/"}


def test_it_publishes_a_valid_openapi_document_of_read_only_paths(client, db):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert set(document["paths"]) == PATHS
    assert {method for path in document["paths"].values() for method in path} == {"get"}


def test_it_documents_the_filters_and_the_language(client, db):
    document = client.get("/api/v1/schema/", {"format": "json"}).json()
    listed = document["paths"]["/api/v1/actions/"]["get"]
    names = {parameter["name"] for parameter in listed["parameters"]}
    assert names == {"country", "region", "topic", "status", "lang", "page"}
    assert client.get("/api/v1/schema/")["Content-Type"].startswith("application/vnd.oai.openapi")


def test_it_shows_swagger_ui_from_the_portals_own_static_files(client, db):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.content.decode())
    assert any(s.endswith("swagger-ui-bundle.js") for s in sources)
    assert all(s.startswith(("/static/", "/api/v1/")) for s in sources), sources
    script = client.get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200 and "/api/v1/schema/" in script.content.decode()

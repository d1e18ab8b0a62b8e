"""No app reaches up to an app built on it through strings or templates, where
import-linter (``make lint``) cannot see: ``apps.get_model("actions_app", …)``,
``has_perm("actions_app…")``, an admin URL of the upper app, or a template of a lower app
loading an upper app's template tags or including its templates. Upper apps register into
the lower ones' extension points instead (requests_app/extensions.py)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each app and the apps above it (DESIGN.md; the layers of pyproject's import-linter).
ABOVE = {
    "notifications_app": ("accounts_app", "requests_app", "actions_app"),
    "accounts_app": ("requests_app", "actions_app"),
    "requests_app": ("actions_app",),
    "mieux_portal": ("accounts_app", "requests_app", "actions_app", "notifications_app"),
}
# The template folders of each app (templates/<folder>/ and its admin's).
TEMPLATES = {
    "notifications_app": (),
    "accounts_app": ("accounts", "admin/accounts_app"),
    "requests_app": ("requests", "admin/requests_app"),
    "actions_app": ("actions", "admin/actions_app"),
    "mieux_portal": (),
}


def code_reaching_up(source: str, upper: str) -> list[str]:
    call = r"(get_model\(\s*|has_perms?\(\s*\[?\s*|reverse\(\s*)"
    pattern = rf"""{call}["'](admin:)?{upper}(?![a-z])"""
    return [match.group(0) for match in re.finditer(pattern, source)]


def template_reaching_up(source: str, upper: str) -> list[str]:
    libraries = [path.stem for path in (ROOT / upper / "templatetags").glob("[!_]*.py")]
    folders = TEMPLATES[upper]
    found = [
        load.group(0)
        for load in re.finditer(r"{%\s*load\s+([^%]*)%}", source)
        if set(load.group(1).split()) & set(libraries)
    ]
    found += [
        use.group(0)
        for use in re.finditer(r"""{%\s*(include|extends)\s+["']([^"']+)["']""", source)
        if use.group(2).startswith(tuple(f"{folder}/" for folder in folders))
    ]
    return found


def files_of(app: str) -> list[Path]:
    code = [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]
    templates = [p for folder in TEMPLATES[app] for p in (ROOT / "templates" / folder).rglob("*")]
    return [*code, *[p for p in templates if p.suffix in (".html", ".txt")]]


def test_it_finds_no_app_reaching_up_through_strings_or_templates():
    found = []
    for app, uppers in ABOVE.items():
        for path in files_of(app):
            source = path.read_text(encoding="utf-8")
            check = code_reaching_up if path.suffix == ".py" else template_reaching_up
            found += [
                f"{path.relative_to(ROOT)}: {hit}" for up in uppers for hit in check(source, up)
            ]
    assert not found


def test_it_looks_at_the_requests_pages_and_code():
    names = {path.relative_to(ROOT).as_posix() for path in files_of("requests_app")}

    assert {"requests_app/reports.py", "templates/requests/detail.html"} <= names
    assert "templates/admin/requests_app/capacityrequest/change_form.html" in names


def test_it_recognises_each_way_of_reaching_up():
    code = 'apps.get_model("actions_app", "Action")\nuser.has_perm("actions_app.view_action")\n'
    code += 'reverse("admin:actions_app_action_changelist")\nreverse("admin:requests_app_x")\n'
    page = '{% load i18n actions_public %}{% include "actions/_x.html" %}{% load i18n %}'

    assert len(code_reaching_up(code, "actions_app")) == 3
    assert template_reaching_up(page, "actions_app") == [
        "{% load i18n actions_public %}",
        '{% include "actions/_x.html"',
    ]

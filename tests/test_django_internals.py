"""The project stays on Django's public API: nothing imports a name that starts with an
underscore from Django, and the ORM's compiler internals are not used (an upgrade may
change or remove either without notice)."""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".venv", "node_modules", "var", ".git"}
APPS = ("accounts_app", "requests_app", "actions_app", "notifications_app", "mieux_portal")
ORM_INTERNALS = ("klass_info", "get_related_populators", "results_iter")


def project_files() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED.intersection(path.relative_to(ROOT).parts):
            yield path


def is_module(dotted: str) -> bool:
    try:
        return importlib.util.find_spec(dotted) is not None
    except (ImportError, ValueError):
        return False  # a class or function of a module, not a module


def private_names(source: str) -> list[str]:
    """Every ``django…._name`` the source imports or reads from a Django module."""
    tree = ast.parse(source)
    found, modules = [], {}  # local name → the Django module path it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "django":
            for alias in node.names:
                dotted = f"{node.module}.{alias.name}"
                modules[alias.asname or alias.name] = dotted
                found += [dotted] if "._" in f".{dotted}" else []
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "django":
                    modules[alias.asname or alias.name.split(".")[0]] = alias.asname and alias.name
                    found += [alias.name] if "._" in alias.name else []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            prefix = ast.unparse(node.value)
            root, _, rest = prefix.partition(".")
            path = modules.get(root) or (root if root == "django" else None)
            dotted = f"{path}.{rest}".rstrip(".") if path else None
            if dotted and is_module(dotted):
                found.append(f"{dotted}.{node.attr}")
    return found


def test_it_finds_no_private_django_name_in_the_project():
    found = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in project_files()
        for name in private_names(path.read_text(encoding="utf-8"))
    }
    assert not found


def test_it_recognises_each_way_of_reaching_a_private_name():
    source = (
        "from django.utils._os import safe_join\n"
        "from django.db.models.query import _PrefetchSomething\n"
        "import django.utils._os\n"
        "from django.core.cache.backends import redis as backend\n"
        "backend._private_helper\n"
        "import django\ndjango.contrib.sessions.backends.cached_db._thing\n"
        "from django.db import models\nmodels.Model._meta\n"  # public: Model._meta API
    )
    assert private_names(source) == [
        "django.utils._os.safe_join",
        "django.db.models.query._PrefetchSomething",
        "django.utils._os",
        "django.core.cache.backends.redis._private_helper",
        "django.contrib.sessions.backends.cached_db._thing",
    ]


def test_it_finds_no_orm_compiler_internals_in_the_apps():
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in project_files()
        if path.relative_to(ROOT).parts[0] in APPS
        for name in ORM_INTERNALS
        if name in path.read_text(encoding="utf-8")
    ]
    assert not found

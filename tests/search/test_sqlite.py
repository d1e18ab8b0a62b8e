"""Search on the embedded default (SQLite): case-insensitive in every alphabet. One process
of its own on a fresh SQLite file (tests/search/sqlite_probe.py); about 40 s."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.test_deploy import ROOT, bare_env

pytestmark = pytest.mark.processes


@pytest.fixture(scope="module")
def found(tmp_path_factory) -> dict:
    database = tmp_path_factory.mktemp("sqlite") / "db.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "tests.search.sqlite_probe"],
        cwd=ROOT,
        env=bare_env(DATABASE_URL=f"sqlite:///{database}"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_runs_on_sqlite(found):
    assert found["vendor"] == "sqlite"


def test_it_counts_an_institution_s_list_for_its_stored_copy(found):
    assert found["listed"] == 1  # the plain statement (PostgreSQL calls its function)


def test_it_finds_a_request_by_a_lower_case_russian_word_in_the_admin(found):
    assert found["admin"]["электронный"] == ["MX-2026-0101"]


def test_it_finds_a_request_by_its_contact_person_and_city_in_the_admin(found):
    assert found["admin"]["рахимова"] == ["MX-2026-0101"]
    assert found["admin"]["душанбе"] == ["MX-2026-0101"]
    assert found["admin"]["smith"] == ["MX-2026-0102"]


def test_it_finds_the_tajikistan_action_in_any_case(found):
    assert found["catalogue"]["таджикистан"] == ["Tajikistan III"]
    assert found["catalogue"]["ТАДЖИКИСТАН"] == ["Tajikistan III"]
    assert found["catalogue"]["узбек"] == ["Uzbekistan I"]


def test_it_matches_every_word_folded_and_nothing_else(found):
    assert found["queryset"]["ЭЛЕКТРОННУЮ учёт"] == ["MX-2026-0101"]
    assert found["queryset"]["мигрантов"] == ["MX-2026-0101"]
    assert found["queryset"]["граница"] == []

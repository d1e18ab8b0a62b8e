"""The Nu Html Checker (npm vnu-jar, run with Java) over saved pages."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from django.conf import settings

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def check(vnu: list[str], files: list[Path]) -> list[str]:
    """The checker's errors in the files, as ``file:line: message``."""
    result = subprocess.run(  # noqa: S603 - our own command line, no shell
        [*vnu, *map(str, files)], capture_output=True, text=True, timeout=600, check=False
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]

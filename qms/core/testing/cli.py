"""Running the real `qms` console script in a subprocess, isolated from the caller's QMS_*."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

QMS = str(Path(sys.executable).with_name("qms"))


def qms_env(data_dir: Any, **variables: str) -> dict[str, str]:
    """The caller's environment without any QMS_* variable, plus a data dir and `variables`
    (QMS_DEBUG defaults to true: a development instance)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("QMS_")}
    env.update({"QMS_DATA_DIR": str(data_dir), "QMS_DEBUG": "true", **variables})
    return env


def run_qms(data_dir: Any, *args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own console script
        [QMS, *args],
        env=qms_env(data_dir, **variables),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

"""The Celery worker lives through a broker outage with a task in progress and takes tasks
again once the broker is back.

With late acknowledgement (the task unacknowledged while it runs), Celery 5.7.0 closes the
dropped connection, restores the message on a channel whose transport is already gone and
dies of `AttributeError` ('NoneType' object has no attribute 'hostname'): the portal's tasks
are acknowledged when a worker takes them (settings.CELERY_TASK_ACKS_LATE)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from celery import Celery

from tests.ops.conftest import RedisServer
from tests.test_deploy import ROOT

pytestmark = pytest.mark.worker


def wait_for(check: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def restart(server: RedisServer) -> None:
    """The same server again on its port, empty (it keeps nothing)."""
    server.process = subprocess.Popen(server.process.args, stdout=subprocess.DEVNULL)
    client = redis.Redis.from_url(server.url(0))

    def answers() -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    assert wait_for(answers, 10)


def test_it_keeps_the_worker_through_a_broker_outage_with_a_task_in_progress(
    own_redis, tmp_path, monkeypatch
):
    log_path = tmp_path / "worker.log"
    env = {**os.environ, "CELERY_BROKER_URL": own_redis.url(0), "CELERY_TASK_ALWAYS_EAGER": "false"}
    log = log_path.open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tests.ops.outage_app", "worker", "--pool=prefork",
         "--concurrency=2", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    monkeypatch.setenv("CELERY_BROKER_URL", own_redis.url(0))  # Celery prefers it to broker=
    sender = Celery("sender", broker=own_redis.url(0), set_as_current=False)
    first, second = tmp_path / "first", tmp_path / "second"
    try:
        sender.send_task("tests.ops.outage_app.pause", args=[str(first), 3])
        assert wait_for(Path(f"{first}.started").exists), log_path.read_text()[-3000:]
        own_redis.stop()  # the task is running
        time.sleep(2)
        assert worker.poll() is None, log_path.read_text()[-3000:]
        restart(own_redis)
        sender.send_task("tests.ops.outage_app.pause", args=[str(second), 0])
        assert wait_for(Path(f"{second}.done").exists), log_path.read_text()[-3000:]
        # The task in progress was not cut short: it ends (its 3 s may outlast the second's
        # round trip, which a quick reconnection keeps under a second).
        assert wait_for(Path(f"{first}.done").exists, 10), log_path.read_text()[-3000:]
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()

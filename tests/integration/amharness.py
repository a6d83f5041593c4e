"""A real Alertmanager for tests: Debian's ``prometheus-alertmanager`` on a free loopback port.

:class:`Alertmanager` starts the binary (installed by ``scripts/install-system-deps.sh``) with
``tests/integration/alertmanager.yml``, its own data folder, clustering off (no gossip port),
and talks to its v2 API.
"""

from __future__ import annotations

import json
import shutil
import time
import urllib.request
from pathlib import Path
from typing import Any

from tests.integration.servers import ServerProcess

__all__ = ["CONFIG", "Alertmanager", "AlertmanagerError"]

CONFIG = Path(__file__).with_name("alertmanager.yml")


class AlertmanagerError(RuntimeError):
    pass


def _binary() -> str:
    for name in ("prometheus-alertmanager", "alertmanager"):
        path = shutil.which(name)
        if path:
            return path
    raise AlertmanagerError(
        "prometheus-alertmanager not found: install Debian's package "
        "(bash scripts/install-system-deps.sh, which `make test` runs)"
    )


class Alertmanager(ServerProcess):
    """One Alertmanager process (use as a context manager)."""

    name = "alertmanager"
    error = AlertmanagerError

    def __init__(self, workdir: Path, *, config: Path = CONFIG, port: int | None = None) -> None:
        super().__init__(workdir, port=port)
        self.config = config

    def argv(self) -> list[str]:
        return [
            _binary(),
            f"--config.file={self.config}",
            f"--storage.path={self.workdir / 'data'}",
            f"--web.listen-address=127.0.0.1:{self.port}",
            "--cluster.listen-address=",  # no gossip: a single test instance
            "--log.level=warn",
        ]

    def tail(self, lines: int = 20) -> str:
        return super().tail(lines)

    # -- the v2 API ----------------------------------------------------------------------------
    def _request(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"{self.url}/api/v2{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read() or b"null")

    def alerts(self) -> list[dict[str, Any]]:
        """GET /api/v2/alerts: the alerts not yet resolved (active, silenced or inhibited)."""
        result: list[dict[str, Any]] = self._request("GET", "/alerts")
        return result

    def silence(self, matchers: dict[str, str], *, ends_in: float = 3600.0) -> str:
        """Create a silence with equality matchers; return its id."""
        now = time.time()
        body = {
            "matchers": [
                {"name": k, "value": v, "isRegex": False, "isEqual": True}
                for k, v in matchers.items()
            ],
            "startsAt": _iso(now - 1),
            "endsAt": _iso(now + ends_in),
            "createdBy": "flashpoint-tests",
            "comment": "test silence",
        }
        answer = self._request("POST", "/silences", body)
        return str(answer["silenceID"])


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))

"""Who dutygraph is on a SPARQL server: a user and password from the environment or a netrc file.

Why never an option: a password on the command line lands in shell history, ``ps`` and the
logs of whatever started the server. The environment (``DUTYGRAPH_SPARQL_USER`` and
``DUTYGRAPH_SPARQL_PASSWORD``) suits a service unit; a netrc file (the format curl and ftp read,
through Python's own :mod:`netrc`) suits an analyst's machine, one ``machine`` line per server.
``--netrc PATH`` names the file by putting it in ``DUTYGRAPH_NETRC``, so gunicorn's workers and
the query children see the same file as the command that started them.
"""

from __future__ import annotations

import netrc
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import DutyGraphError

USER_VARIABLE = "DUTYGRAPH_SPARQL_USER"
PASSWORD_VARIABLE = "DUTYGRAPH_SPARQL_PASSWORD"
NETRC_VARIABLE = "DUTYGRAPH_NETRC"


@dataclass(frozen=True)
class Credentials:
    """A user and password for one server; ``repr`` hides the password (it reaches logs)."""

    user: str
    password: str

    def __repr__(self) -> str:
        return f"Credentials(user={self.user!r}, password=***)"


def find_credentials(url: str, environ: Mapping[str, str] | None = None) -> Credentials | None:
    """The credentials for ``url``'s server, or None when none are configured.

    The environment wins over a netrc file; a netrc file is ``DUTYGRAPH_NETRC`` if set (it must
    exist), else ``~/.netrc`` if there is one. A netrc ``machine`` is matched as ``host:port``
    first, then ``host``, then its ``default`` entry.
    """
    env = os.environ if environ is None else environ
    user, password = env.get(USER_VARIABLE), env.get(PASSWORD_VARIABLE)
    if user or password:
        if not (user and password):
            message = f"{USER_VARIABLE} 与 {PASSWORD_VARIABLE} 要同时设置，现只设置了一个"
            en = f"set both {USER_VARIABLE} and {PASSWORD_VARIABLE}; only one is set"
            raise DutyGraphError(message, en=en)
        return Credentials(user, password)
    named = env.get(NETRC_VARIABLE)
    path = Path(named) if named else Path(env.get("HOME", "~")).expanduser() / ".netrc"
    if not path.is_file():
        if named:
            raise DutyGraphError(
                f"{path}: 找不到 netrc 文件（--netrc 或 {NETRC_VARIABLE}）",
                en=f"{path}: no netrc file there (--netrc or {NETRC_VARIABLE})",
            )
        return None
    return _from_netrc(path, url)


def _from_netrc(path: Path, url: str) -> Credentials | None:
    try:
        entries = netrc.netrc(str(path))
    except netrc.NetrcParseError as exc:
        line = f"第 {exc.lineno} 行，" if exc.lineno else ""
        raise DutyGraphError(
            f"{path}：{line}netrc 文件格式不对（{exc.msg}）",
            en=f"{path}: {f'line {exc.lineno}: ' if exc.lineno else ''}"
            f"not a valid netrc file ({exc.msg})",
        ) from None
    except OSError as exc:
        raise DutyGraphError(
            f"{path}: 读不了 netrc 文件（{exc.strerror}）",
            en=f"{path}: cannot read the netrc file ({exc.strerror})",
        ) from None
    parts = urlsplit(url)
    host = parts.hostname or ""
    names = [f"{host}:{parts.port}"] if parts.port else []
    for name in (*names, host):
        found = entries.authenticators(name)
        if found and found[0] and found[2]:
            return Credentials(found[0], found[2])
    return None

"""A PostgreSQL server as the report database: the URL (`postgresql://USER@HOST[:PORT]/DBNAME`), the
driver (psycopg 3, the optional `server` extra) and the server's errors in Chinese.

No password ever travels in the URL (it would show on the command line, in the process list, in the
window title and the recent-files list): a URL holding one is refused, and libpq finds the password
the standard ways — `~/.pgpass` (`%APPDATA%\\postgresql\\pgpass.conf` on Windows), `PGPASSWORD`, or a
service file (`?service=NAME`, `~/.pg_service.conf`). Query parameters other than a password
(`sslmode`, `service`, `connect_timeout`, `application_name`, …) are passed on to libpq.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from models.errors import DomainError, StorageError

SCHEMES = ("postgresql://", "postgres://")
EXTRA_HINT = "pip install -e .[server]"
PASSWORD_HINT = ("密码不能写在网址里（会出现在命令行、进程列表和窗口标题中）。请把密码写入 .pgpass 文件"
                 "（Windows：%APPDATA%\\postgresql\\pgpass.conf），或设置环境变量 PGPASSWORD，或使用服务文件（?service=名称）。")


def _mended(text: str) -> str:
    """The URL, with the `//` a `pathlib.Path` made of it folded to `/` put back."""
    text = text.strip()
    for scheme in SCHEMES:
        single = scheme[:-1]
        if text.lower().startswith(single) and not text.lower().startswith(scheme):
            return scheme + text[len(single):]
    return text


def is_server_url(text: object) -> bool:
    """Whether `text` (a string or a Path) names a PostgreSQL server rather than a file."""
    if text is None:
        return False
    return _mended(str(text)).lower().startswith(SCHEMES)


@dataclass(frozen=True)
class ServerAddress:
    user: str | None
    host: str | None
    port: int | None
    dbname: str
    options: tuple[tuple[str, str], ...] = ()

    @property
    def display(self) -> str:
        """USER@HOST:PORT/DB — what the title, the recent files and messages show (never a password);
        a service file's entry as service=NAME."""
        service = dict(self.options).get("service")
        if service and not (self.host or self.dbname):
            return f"service={service}"
        who = f"{self.user}@" if self.user else ""
        where = self.host or "localhost"
        port = f":{self.port}" if self.port else ""
        return f"{who}{where}{port}/{self.dbname}"

    @property
    def url(self) -> str:
        """The URL without a password, as given (for the recent files and child processes)."""
        from urllib.parse import quote, urlencode

        who = f"{quote(self.user, safe='')}@" if self.user else ""
        host = self.host or ""
        if host and ":" in host:  # IPv6
            host = f"[{host}]"
        port = f":{self.port}" if self.port else ""
        query = f"?{urlencode(self.options)}" if self.options else ""
        return f"postgresql://{who}{host}{port}/{quote(self.dbname, safe='')}{query}"

    def connect_kwargs(self) -> dict:
        """Keyword arguments for psycopg.connect (libpq keywords)."""
        kwargs: dict = {"dbname": self.dbname} if self.dbname else {}
        if self.user:
            kwargs["user"] = self.user
        if self.host:
            kwargs["host"] = self.host
        if self.port:
            kwargs["port"] = self.port
        kwargs.update(dict(self.options))
        kwargs.setdefault("connect_timeout", "10")
        kwargs.setdefault("application_name", "jixiao-ziping")
        return kwargs


def parse_url(text: str) -> ServerAddress:
    """The server a URL names; StorageError (in Chinese) for a URL holding a password or malformed."""
    text = _mended(str(text))
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise StorageError(f"服务器地址“{_safe(text)}”的格式不对，应为 postgresql://用户名@主机:端口/数据库名。") from None
    if parts.password is not None:
        raise StorageError(f"服务器地址“{_safe(text)}”含有密码，已拒绝。{PASSWORD_HINT}")
    options = tuple(parse_qsl(parts.query, keep_blank_values=True))
    if any(key.lower() == "password" for key, _ in options):
        raise StorageError(f"服务器地址“{_safe(text)}”含有密码，已拒绝。{PASSWORD_HINT}")
    dbname = unquote(parts.path.lstrip("/"))
    service = dict(options).get("service")
    if not dbname and not service:
        raise StorageError(f"服务器地址“{_safe(text)}”缺少数据库名，应为 postgresql://用户名@主机:端口/数据库名。")
    return ServerAddress(unquote(parts.username) if parts.username else None, parts.hostname, port, dbname, options)


def _safe(text: str) -> str:
    """A URL as it may be shown: a password between `:` and `@` of the authority replaced by ***."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return "postgresql://…"
    if parts.password is not None:
        netloc = parts.netloc
        at = netloc.rfind("@")
        user = netloc[:at].split(":", 1)[0]
        text = text.replace(netloc, f"{user}:***@{netloc[at + 1:]}", 1)
    if "password=" in text.lower():
        import re
        text = re.sub(r"(?i)(password=)[^&]*", r"\1***", text)
    return text


def safe_display(text: str) -> str:
    """Any --db value as it may be shown to the user: a server URL without its password."""
    return _safe(text) if is_server_url(text) else text


def require_driver() -> None:
    """StorageError naming the extra to install when psycopg 3 is missing."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StorageError(f"连接 PostgreSQL 服务器需要 psycopg 3 驱动，本机尚未安装。请在程序目录中运行："
                           f"{EXTRA_HINT}（或 pip install \"psycopg[binary]\"）后再试。") from None


def server_error(error: BaseException, address: ServerAddress, writing: bool = True) -> StorageError:
    """A driver's or server's error (English) as a Chinese StorageError with a way forward. `writing`:
    whether the failed work was to change something (only then "修改没有保存"; a read-only command
    such as list, or a connection test, changed nothing)."""
    original = getattr(error, "orig", None) or error
    text = str(original)
    lowered = text.lower()
    sqlstate = getattr(original, "sqlstate", None) or ""
    where = address.display
    unsaved = "修改没有保存。" if writing else ""
    if "password authentication failed" in lowered or "no password supplied" in lowered \
            or sqlstate == "28P01":
        return StorageError(f"服务器 {where} 拒绝了用户 {address.user or '（默认）'} 的登录：密码不对或未提供。{PASSWORD_HINT}")
    if sqlstate.startswith("28") or "no pg_hba.conf entry" in lowered or "authentication" in lowered:
        return StorageError(f"服务器 {where} 不允许用户 {address.user or '（默认）'} 从本机登录，请联系服务器管理员。")
    if sqlstate == "3D000" or ("database" in lowered and "does not exist" in lowered):
        return StorageError(f"服务器上没有数据库“{address.dbname}”，请先由管理员创建（createdb {address.dbname}）。")
    if "does not support ssl" in lowered:  # libpq: "server does not support SSL, but SSL was required"
        mode = dict(address.options).get("sslmode", "require")
        return StorageError(f"无法连接到服务器 {where}：服务器不支持 SSL 加密连接（sslmode={mode}）。请服务器管理员启用 SSL，"
                            f"或在可信的内部网络中去掉地址中的 sslmode={mode}。{unsaved}")
    if "connection refused" in lowered or "could not connect" in lowered or "timeout" in lowered \
            or "timed out" in lowered or "name or service not known" in lowered or "translate host" in lowered \
            or "connection failed" in lowered or "server closed the connection" in lowered \
            or "terminating connection" in lowered or "consuming input failed" in lowered:
        return StorageError(f"无法连接到服务器 {where}：服务器未运行、地址或端口不对，或网络不通。{unsaved}")
    if sqlstate == "25006" or "read-only transaction" in lowered:
        from models.errors import ReadOnlyError
        return ReadOnlyError(f"“{where}”是以只读方式打开的，不能修改。")
    if sqlstate == "42501" or "permission denied" in lowered:
        return StorageError(f"服务器 {where} 上的用户 {address.user or '（默认）'} 没有所需的权限，请联系服务器管理员。")
    if sqlstate in ("40001", "40P01"):
        return StorageError(f"服务器 {where} 上同时有其他修改，{'本次修改没有保存，' if writing else ''}请重试。")
    first = text.strip().splitlines()[0] if text.strip() else type(original).__name__
    return StorageError(f"服务器 {where} 报告错误：{first}。{unsaved}")


def place_key(location) -> str:
    """What names a database in the recent files and the settings: a file's resolved path, or a server's
    URL without a password (as `ServerAddress.url` writes it)."""
    from pathlib import Path

    if is_server_url(location):
        try:
            return parse_url(str(location)).url
        except DomainError:
            return str(location)
    return str(Path(location).resolve())

"""Peers side by side: signed-in pages of well-known Django software, for bench_http.py.

Django's own admin (its index, and the change list of 10 users) and Wagtail's admin
dashboard, each installed from the package registry with pip into its own throwaway
virtualenv in a temporary folder: nothing of theirs is in Hearth's lock file or committed
here, only the few lines of a tiny project that this module writes next to each virtualenv.

Each peer is served the way ``hearth serve`` serves Hearth (granian, WSGI, the same number of
workers and threads, DEBUG off, SQLite in the temporary folder, database connections kept
open for 60 s as Hearth's default) on a free port of 127.0.0.1, and its person signs in
through the peer's own login form. bench_http.py then measures their pages with wrk in the
same rounds as Hearth's pages, so every page is a share of the same bare view, measured
moments apart on the same machine.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.openloop import below_the_clients  # noqa: E402
from tests.server import free_port, stop, wait_for  # noqa: E402

# The versions measured: Django as Hearth's own lock pins it, Wagtail's newest release that
# runs on it, and the same granian as Hearth.
DJANGO = "django==5.2.19"
WAGTAIL = "wagtail==7.4.4"
GRANIAN = "granian==2.8.7"
VERSIONS = (DJANGO, WAGTAIL, GRANIAN)
USER, PASSWORD = "bench", "bench-only-password-31"
ROWS = 10  # users in the admin's change list, the bench user included

SETTINGS = '''"""A tiny project for Hearth's benchmark (bench/peers.py), written at run time."""
import os
from pathlib import Path

DATA = Path(os.environ["PEER_DATA"])
SECRET_KEY = "bench-only-key-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [*{apps}, "django.contrib.admin", "django.contrib.auth",
    "django.contrib.contenttypes", "django.contrib.sessions", "django.contrib.messages",
    "django.contrib.staticfiles"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "peer_urls"
TEMPLATES = [{{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {{"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]}},
}}]
DATABASES = {{"default": {{
    "ENGINE": "django.db.backends.sqlite3", "NAME": DATA / "peer.sqlite3", "CONN_MAX_AGE": 60,
}}}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = DATA / "static"
MEDIA_ROOT = DATA / "media"
WAGTAIL_SITE_NAME = "Bench"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
WAGTAIL_ENABLE_UPDATE_CHECK = False
'''
WSGI = """from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
"""

ADMIN_URLS = """
from django.contrib import admin
from django.urls import path
urlpatterns = [path("admin/", admin.site.urls)]
"""

WAGTAIL_URLS = """
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
urlpatterns = [path("admin/", include(wagtailadmin_urls)), path("", include(wagtail_urls))]
"""

WAGTAIL_APPS = [
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

SEED = f"""
from django.contrib.auth import get_user_model
User = get_user_model()
User.objects.create_superuser({USER!r}, "bench@example.test", {PASSWORD!r})
for n in range({ROWS - 1}):
    User.objects.create_user(f"person{{n}}", f"person{{n}}@example.test", None)
print(User.objects.count())
"""


@dataclass
class Peer:
    name: str
    requirements: list[str]
    apps: list[str]
    urls: str
    pages: dict[str, str] = field(default_factory=dict)  # page name -> path


PEERS = [
    Peer(
        "django admin",
        [DJANGO, GRANIAN],
        [],
        ADMIN_URLS,
        {"django admin index": "/admin/", "django admin list": "/admin/auth/user/"},
    ),
    Peer(
        "wagtail",
        [DJANGO, WAGTAIL, GRANIAN],
        WAGTAIL_APPS,
        WAGTAIL_URLS,
        {"wagtail dashboard": "/admin/"},
    ),
]


def _run(argv: list[str], env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run(
        argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=900, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def build(peer: Peer, folder: Path) -> dict[str, str]:
    """A virtualenv with the peer from the registry, its tiny project, migrated and seeded.
    Returns the environment to run its commands in."""
    folder.mkdir(parents=True)
    print(f"  {peer.name}: pip install {' '.join(peer.requirements)}", flush=True)
    _run([sys.executable, "-m", "venv", str(folder / "venv")], dict(os.environ), folder)
    python = str(folder / "venv" / "bin" / "python")
    quiet = ["--quiet", "--disable-pip-version-check"]
    _run([python, "-m", "pip", "install", *quiet, *peer.requirements], dict(os.environ), folder)
    files = {
        "peer_settings.py": SETTINGS.format(apps=repr(peer.apps)),
        "peer_urls.py": peer.urls,
        "peer_wsgi.py": WSGI,
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "HEARTH_"))},
        "PEER_DATA": str(folder),
        "PYTHONPATH": str(folder),
        "DJANGO_SETTINGS_MODULE": "peer_settings",
    }
    _run([python, "-m", "django", "migrate", "--noinput", "--verbosity=0"], env, folder)
    users = _run([python, "-m", "django", "shell", "-c", SEED], env, folder).split()[-1]
    assert users == str(ROWS), f"{peer.name}: {users} users, not {ROWS}"
    return env


@contextmanager
def serve(folder: Path, env: dict[str, str], workers: int, threads: int) -> Iterator[str]:
    """granian on a free port, as ``hearth serve`` runs it, until the block ends."""
    port = free_port()
    granian = str(folder / "venv" / "bin" / "granian")
    argv = [
        granian, "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers), "--blocking-threads", str(threads), "--no-ws",
        "peer_wsgi:application",
    ]  # fmt: skip
    with (folder / "server.log").open("wb") as log:
        process = subprocess.Popen(argv, env=env, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/admin/login/", process, seconds=60)
            below_the_clients(process.pid)  # as Hearth's server: the same footing
            yield base
        finally:
            stop(process)


def sign_in(base: str) -> str:
    """The Cookie header of a session signed in through the peer's own login form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    url = f"{base}/admin/login/?next=/admin/"
    page = opener.open(url, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, f"no login form at {url}"
    fields = {"username": USER, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    data = urllib.parse.urlencode(fields).encode()
    with opener.open(urllib.request.Request(url, data=data), timeout=30) as answer:
        landed = str(answer.geturl())
    cookies = {c.name: c.value for c in jar}
    assert "sessionid" in cookies and "/login" not in landed, f"no sign-in at {base}"
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


@contextmanager
def running(
    folder: Path, workers: int, threads: int, wanted: set[str] | None = None
) -> Iterator[dict[str, tuple[str, str]]]:
    """Every peer built and served: page name -> (URL, Cookie header), for measure()."""
    pages: dict[str, tuple[str, str]] = {}
    with ExitStack() as stack:
        for peer in PEERS:
            if wanted is not None and not wanted & set(peer.pages):
                continue
            home = folder / peer.name.replace(" ", "-")
            env = build(peer, home)
            base = stack.enter_context(serve(home, env, workers, threads))
            cookie = sign_in(base)
            pages.update({name: (base + path, cookie) for name, path in peer.pages.items()})
        if wanted is not None:
            pages = {name: page for name, page in pages.items() if name in wanted}
        yield pages

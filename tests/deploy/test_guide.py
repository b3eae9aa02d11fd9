"""docs/deploy.md followed step by step, on a machine-like folder tree on 127.0.0.1.

The test reads every shell command of the guide, in order, and carries each one out: for
real where it can run here, translated to the folder tree (/srv, /etc, /var/lib under a
temporary root) where it writes files, and by an equivalent where it cannot:

- apt-get and adduser are not run (no changes to this machine's packages or users):
  the test checks the packages are there, and everything runs as the current user;
- `make setup` is not run again: the clone uses this checkout's virtualenv, which CI's
  `make setup` built from the same lock file minutes earlier;
- systemctl: the test starts each unit as systemd would, from the installed unit file
  (its EnvironmentFile, WorkingDirectory and ExecStart lines); the unit's sandboxing and
  `systemd-analyze` are not proven here (no systemd runs in this container);
- the database user and database are made on the test's throwaway PostgreSQL server;
- Caddy uses a certificate the test makes, not one from the internet, and high ports.

The guide's upgrade goes from one release to a newer one; here both are this checkout
(the upgrade across releases is tests/deploy/test_upgrade.py). What the steps do to the
data is proven all the same: a backup, a migrate, and a roll-back whose restore removes
what was written after the backup.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from tests.deploy import caddy, postgres, site, tls
from tests.deploy.client import Browser
from tests.server import STARTUP_SECONDS, free_port, stop, wait_for

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deploy.md"
VENV = Path(sys.executable).parent.parent
NOTE_BEFORE = "Written before the backup."
NOTE_AFTER = "Written after the backup."


def guide_commands() -> list[str]:
    """Every command line of the guide's ```sh blocks, comments left out."""
    text = GUIDE.read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL):
        for line in block.splitlines():
            command = re.sub(r"\s+#.*$", "", line).strip()
            if command and not command.startswith("#"):
                lines.append(command)
    return lines


@dataclass
class Machine:
    """A folder tree standing for the server, and what runs on it."""

    root: Path
    database_server: str
    proxy: caddy.Proxy
    running: ExitStack
    services: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    database_url: str = ""
    hearth_cmd: str = ""
    commit: str = ""
    # The guide's app-server ports (hearth@8000.service, ...), each mapped to a free one here.
    ports: dict[str, int] = field(default_factory=dict)

    def path(self, text: str) -> str:
        """A path of the guide, inside this machine's folder tree."""
        for prefix in ("/srv/", "/etc/", "/var/lib/"):
            text = re.sub(rf"(?<![\w.]){prefix}", f"{self.root}{prefix}", text)
        return text

    def run(
        self, args: list[str], env: Mapping[str, str] | None = None, cwd: Path | None = None
    ) -> str:
        result = subprocess.run(
            args, capture_output=True, text=True, timeout=300, check=False, env=env, cwd=cwd
        )
        assert result.returncode == 0, f"{args}: {result.stdout[-1500:]}{result.stderr[-3000:]}"
        return result.stdout

    @property
    def code(self) -> Path:
        return self.root / "srv" / "hearth"

    def environment(self) -> dict[str, str]:
        # The clone runs with this checkout's virtualenv, so Python is told where its code is
        # (what `make setup` does with an editable install on the real machine).
        base = {k: v for k, v in os.environ.items() if not k.startswith(("HEARTH_", "DJANGO_"))}
        base.pop("DATABASE_URL", None)
        return {**base, "PYTHONPATH": str(self.code)}

    def hearth(self, *args: str) -> str:
        """The guide's hearth_cmd: its own shell text, without runuser (no hearth user here)."""
        assert self.hearth_cmd, "the guide defines hearth_cmd before using it"
        return self.run(
            ["sh", "-c", self.hearth_cmd, "hearth", *args], env=self.environment(), cwd=self.code
        )

    # --- systemd, as far as it can be done here --------------------------------------
    def port(self, guide_port: str) -> int:
        if guide_port not in self.ports:
            self.ports[guide_port] = free_port()
        return self.ports[guide_port]

    def unit(self, name: str) -> dict[str, list[str]]:
        """The unit's settings; for a template's instance (hearth@8000.service), the template's
        file with %i standing for the instance's port, mapped to this machine's free port."""
        values: dict[str, list[str]] = {}
        instance = re.fullmatch(r"(\w[\w-]*)@(\d+)\.service", name)
        file = f"{instance[1]}@.service" if instance else name
        text = (self.root / "etc" / "systemd" / "system" / file).read_text(encoding="utf-8")
        if instance:
            text = text.replace("%i", str(self.port(instance[2])))
        for line in text.splitlines():
            if "=" in line and not line.startswith(("#", "[")):
                key, _, value = line.partition("=")
                values.setdefault(key.strip(), []).append(value.strip())
        return values

    def unit_env(self, unit: dict[str, list[str]]) -> dict[str, str]:
        env_file = Path(self.path(unit["EnvironmentFile"][0]))
        return {**self.environment(), **site.read_env_file(env_file)}

    def start(self, name: str) -> None:
        unit = self.unit(name)
        if name == "hearth-jobs.timer":
            self.start("hearth-jobs.service")  # Persistent=true: a missed run starts at once
            return
        env, cwd = self.unit_env(self.unit(name)), Path(self.path(unit["WorkingDirectory"][0]))
        Path(env["HEARTH_DATA_DIR"]).mkdir(parents=True, exist_ok=True)  # StateDirectory=
        if unit.get("Type") == ["oneshot"]:
            for command in unit["ExecStart"]:
                self.outputs.append(self.run(self.path(command).split(), env=env, cwd=cwd))
            return
        log = (self.root / f"{name}.log").open("wb")
        process = subprocess.Popen(
            self.path(unit["ExecStart"][0]).split(), env=env, cwd=cwd, stdout=log, stderr=log
        )
        self.services[name] = process
        port = re.search(r"--port (\d+)", unit["ExecStart"][0])
        assert port, f"{name} does not say its port"
        wait_for(f"http://127.0.0.1:{port[1]}/healthz", process, seconds=STARTUP_SECONDS)

    def stop(self, name: str) -> None:
        process = self.services.pop(name, None)
        if process is not None:
            stop(process)

    def stop_all(self) -> None:
        for name in list(self.services):
            self.stop(name)


def carry_out(machine: Machine, command: str) -> None:
    words = command.split()
    if command.startswith("apt-get install"):
        for tool in ("git", "make", "caddy"):
            assert shutil.which(tool), f"{tool} is missing"
        assert list(Path("/usr/lib/postgresql").glob("*/bin/initdb")), "postgresql is missing"
    elif command.startswith("adduser"):
        pass  # not here: see the module's docstring
    elif command.startswith("git clone"):
        machine.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(machine.code)])
        machine.run(["git", "-C", str(machine.code), "checkout", "--quiet", machine.commit])
    elif command.startswith("cd /srv/hearth &&"):
        rest = command.split("&&")[1:]
        for part in (p.strip() for p in rest):
            if part.startswith(("make install", "make setup")):
                link = machine.code / ".venv"
                if not link.exists():
                    link.symlink_to(VENV)
            elif part.startswith("git checkout"):
                machine.run(["git", "-C", str(machine.code), "checkout", "--quiet", machine.commit])
            elif part.startswith("git fetch"):
                machine.run(["git", "-C", str(machine.code), "fetch", "--quiet", "--tags"])
            elif part.startswith("chown"):
                pass  # no hearth user here
            else:
                raise AssertionError(f"unknown step in the guide: {part}")
    elif command.startswith("runuser -u postgres -- createuser"):
        with psycopg.connect(machine.database_server, autocommit=True) as admin:
            admin.execute("CREATE ROLE guide_hearth LOGIN PASSWORD 'guide-password'")
    elif command.startswith("runuser -u postgres -- createdb"):
        with psycopg.connect(machine.database_server, autocommit=True) as admin:
            admin.execute("CREATE DATABASE guide_hearth OWNER guide_hearth")
        parts = machine.database_server.split("@", 1)[1].split("/", 1)[0]
        machine.database_url = f"postgres://guide_hearth:guide-password@{parts}/guide_hearth"
    elif command.startswith("install"):
        args = [w for w in words if w not in {"-o", "-g", "root", "hearth"}]
        args = [
            machine.path(a)
            if a.startswith("/")
            else str(machine.code / a)
            if a.startswith("docs/")
            else a
            for a in args
        ]
        machine.run(args)
        if command.endswith("/etc/hearth/hearth.env"):
            edit_settings(machine)
    elif command.startswith("python3 -c"):
        machine.keys.append(machine.run(["python3", "-c", command.split("'")[1]]).strip())
    elif command.startswith("/srv/hearth/.venv/bin/hearth new_key"):
        out = machine.run([machine.path(words[0]), "new_key"], env=machine.environment())
        machine.keys.append(out.strip().splitlines()[-1])
        edit_settings(machine)
    elif command.startswith("hearth_cmd()"):
        inner = re.search(r"sh -c '(.+?)' hearth", command)
        assert inner, command
        machine.hearth_cmd = machine.path(inner[1])
    elif command.startswith("hearth_cmd check"):
        result = subprocess.run(
            ["sh", "-c", machine.hearth_cmd, "hearth", *words[1:]],
            env=machine.environment(),
            cwd=machine.code,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        report = result.stdout + result.stderr
        settings = site.read_env_file(machine.root / "etc" / "hearth" / "hearth.env")
        assert result.returncode == 0 and site.configuration_issues(report, settings) == [], report
    elif command.startswith("hearth_cmd "):
        args = [machine.path(w) for w in words[1:]]
        if args[0] == "backup":
            Path(args[1]).parent.mkdir(parents=True, exist_ok=True)
        machine.outputs.append(machine.hearth(*args))
    elif command == "systemctl daemon-reload":
        pass  # no systemd here: the units are read from their installed files instead
    elif command.startswith("systemctl reload caddy"):
        installed = machine.root / "etc" / "caddy" / "Caddyfile"
        folder = machine.root / "caddy-state"
        line = re.search(r"reverse_proxy ([^{]+)\{", installed.read_text(encoding="utf-8"))
        assert line, "the installed Caddyfile has no reverse_proxy"
        guide_ports = [address.rsplit(":", 1)[1] for address in line[1].split()]
        upstreams = [f"127.0.0.1:{machine.port(p)}" for p in guide_ports]
        machine.running.enter_context(
            caddy.running_caddy(machine.proxy, upstreams, folder, source=installed)
        )
    elif command.startswith("systemctl enable --now") or command.startswith("systemctl start"):
        for unit in words[3 if "enable" in command else 2 :]:
            machine.start(unit)
    elif command.startswith("systemctl stop"):
        for unit in words[2:]:
            machine.stop(unit)
    else:
        raise AssertionError(f"The guide has a step this test does not follow: {command}")


def edit_settings(machine: Machine) -> None:
    """The guide's "Edit /etc/hearth/hearth.env": the site's name, keys, database, mail."""
    path = machine.root / "etc" / "hearth" / "hearth.env"
    if not path.exists() or len(machine.keys) < 2 or not machine.database_url:
        return
    values = {
        "HEARTH_SITE_URL": machine.proxy.site_url,
        "HEARTH_ALLOWED_HOSTS": f"{tls.SITE},127.0.0.1",
        "HEARTH_SECRET_KEY": machine.keys[0],
        "HEARTH_ENCRYPTION_KEY": machine.keys[1],
        "HEARTH_DATABASE_URL": machine.database_url,
        "HEARTH_EMAIL_HOST": "",  # no mail server in this test: emails go to the log
        "HEARTH_DATA_DIR": machine.path("/var/lib/hearth"),
    }
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key = line.split("=", 1)[0]
        lines.append(f"{key}={values[key]}" if key in values and "=" in line else line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@contextmanager
def machine(tmp: Path) -> Iterator[Machine]:
    with ExitStack() as running, postgres.fresh_database() as scratch:
        server = scratch.rsplit("/", 1)[0] + "/" + scratch.rsplit("/", 1)[1]
        built = Machine(tmp / "machine", server, caddy.new_proxy(tmp), running)
        built.commit = built.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"]).strip()
        for folder in ("etc/systemd/system", "etc/caddy", "srv", "var/lib"):
            (built.root / folder).mkdir(parents=True)  # what a fresh Debian server has
        try:
            yield built
        finally:
            built.stop_all()
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute("DROP DATABASE IF EXISTS guide_hearth WITH (FORCE)")
                admin.execute("DROP ROLE IF EXISTS guide_hearth")


WRITE_NOTE = """
from django.utils import timezone
from hearth.accounts.models import User
from hearth.checkins.models import CheckIn
CheckIn.objects.update_or_create(user=User.objects.get(email="ada@example.test"),
    day=timezone.localdate(), defaults={{"mood": 5, "note": {note!r}}})
"""


def test_the_guide_followed_step_by_step(tmp_path: Path) -> None:
    commands = guide_commands()
    upgrade = next(i for i, c in enumerate(commands) if c.startswith("hearth_cmd backup"))
    with machine(tmp_path) as built:
        for command in commands[:upgrade]:  # sections 1 to 5: install, configure, start
            carry_out(built, command)
        assert any("Reminders sent" in o for o in built.outputs)  # the timer's jobs ran
        assert any("expired_sessions:" in o for o in built.outputs)
        built.hearth(
            "shell", "-c", site.SIGN_UP.format(people=site.PEOPLE[:1], password=site.PASSWORD)
        )
        built.hearth("shell", "-c", WRITE_NOTE.format(note=NOTE_BEFORE))

        browser = Browser(tls.SITE, built.proxy.https_port, ca=built.proxy.certificates.ca)
        fields = {"email": "ada@example.test", "password": site.PASSWORD}
        assert browser.post_form("/login/", fields).status == 302
        assert NOTE_BEFORE in browser.get("/checkins/").body

        rollback = next(
            i for i, c in enumerate(commands) if i > upgrade and c.startswith("systemctl stop")
        )
        rollback = next(
            i for i, c in enumerate(commands) if i > rollback and c.startswith("systemctl stop")
        )
        for command in commands[upgrade:rollback]:  # the upgrade: back up, stop, migrate, start
            carry_out(built, command)
        assert NOTE_BEFORE in browser.get("/checkins/").body  # same session, same data
        built.hearth("shell", "-c", WRITE_NOTE.format(note=NOTE_AFTER))
        assert NOTE_AFTER in browser.get("/checkins/").body

        for command in commands[rollback:]:  # going back with the backup
            carry_out(built, command)
        page = browser.get("/checkins/")
        assert NOTE_BEFORE in page.body and NOTE_AFTER not in page.body

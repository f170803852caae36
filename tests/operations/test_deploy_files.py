"""The deployment files of docs/deploy/ hold together: the systemd units are valid, and the
environment template lists every variable the production settings (and gunicorn.conf.py) read,
and none they do not. The two-server test runs nginx.conf and gunicorn.conf.py for real."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "docs" / "deploy"
UNITS = ["kpportal.service", "kpportal-backup.service", "kpportal-backup.timer"]
INSTALLED_AT = "/srv/khuyenhoc"
# Read by the settings that prod.py builds on, and by the gunicorn configuration the unit starts.
READERS = [
    ROOT / "kpportal" / "settings" / "base.py",
    ROOT / "kpportal" / "settings" / "prod.py",
    ROOT / "kpportal" / "settings" / "cache_servers.py",
    ROOT / "kpportal" / "settings" / "media_storage.py",
    DEPLOY / "gunicorn.conf.py",
]
# Read by base.py but decided by prod.py whatever its value: listing it would mislead.
OVERRIDDEN_IN_PRODUCTION = {"DJANGO_DEBUG"}
READ = re.compile(r"""(?:(?:env|env_bool|env_list|environ\.get|os\.getenv)\(\s*|environ\[)["']([A-Z][A-Z0-9_]*)["']""")
KNOWN_KEYS = {
    "Unit": {"Description", "After", "Wants", "Requires"},
    "Service": {
        "Type", "NotifyAccess", "User", "Group", "WorkingDirectory", "Environment", "EnvironmentFile", "ExecStart",
        "ExecStartPost", "ExecReload", "KillMode", "TimeoutStopSec", "Restart", "RestartSec", "NoNewPrivileges",
        "PrivateTmp", "ProtectSystem", "ProtectHome", "Nice", "IOSchedulingClass",
    },
    "Timer": {"OnCalendar", "RandomizedDelaySec", "Persistent", "Unit"},
    "Install": {"WantedBy"},
}  # fmt: skip


def unit_sections(path: Path) -> dict:
    sections, current = {}, None
    for number, line in enumerate(path.read_text().splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        if stripped.startswith("["):
            assert stripped.endswith("]"), f"{path.name}:{number}: {line}"
            current = sections.setdefault(stripped[1:-1], {})
            continue
        assert current is not None and "=" in stripped, f"{path.name}:{number}: not KEY=value in a section"
        key, value = stripped.split("=", 1)
        current.setdefault(key, []).append(value)
    return sections


def variables_read() -> set:
    return {name for path in READERS for name in READ.findall(path.read_text())} - OVERRIDDEN_IN_PRODUCTION


def variables_listed() -> set:
    text = (DEPLOY / "kpportal.env.example").read_text()
    return set(re.findall(r"^#?([A-Z][A-Z0-9_]*)=", text, re.MULTILINE))


class EnvironmentTemplateTests:
    def test_the_template_lists_every_variable_the_production_settings_read_and_nothing_else(self):
        read, listed = variables_read(), variables_listed()
        assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "KP_GUNICORN_BIND"} <= read  # the scan works
        assert sorted(read - listed) == [], "read by the settings but missing from kpportal.env.example"
        assert sorted(listed - read) == [], "in kpportal.env.example but read by nothing"

    def test_the_variables_production_refuses_to_start_without_are_set_not_commented(self):
        text = (DEPLOY / "kpportal.env.example").read_text()
        for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_SITE_URL", "DATABASE_URL", "REDIS_URL"):
            assert re.search(rf"^{name}=", text, re.MULTILINE), name

    def test_the_units_read_the_template_and_run_the_production_settings(self):
        for name in ("kpportal.service", "kpportal-backup.service"):
            service = unit_sections(DEPLOY / name)["Service"]
            assert service["EnvironmentFile"] == ["/etc/khuyenhoc/kpportal.env"], name
            assert service["Environment"] == ["DJANGO_SETTINGS_MODULE=kpportal.settings.prod"], name


class SystemdUnitTests:
    @pytest.mark.parametrize("name", UNITS)
    def test_every_unit_has_only_keys_systemd_knows_in_their_sections(self, name):
        sections = unit_sections(DEPLOY / name)
        for section, keys in sections.items():
            assert section in KNOWN_KEYS, f"{name}: [{section}]"
            assert set(keys) <= KNOWN_KEYS[section], f"{name}: {set(keys) - KNOWN_KEYS[section]}"

    def test_the_app_unit_starts_gunicorn_with_the_configuration_of_this_folder(self):
        service = unit_sections(DEPLOY / "kpportal.service")["Service"]
        [command] = service["ExecStart"]
        assert command.split()[:3] == [
            f"{INSTALLED_AT}/.venv/bin/gunicorn",
            "--config",
            f"{INSTALLED_AT}/docs/deploy/gunicorn.conf.py",
        ]
        # systemd must wait longer than gunicorn's graceful stop, or it kills requests in flight.
        graceful = int(re.search(r"^graceful_timeout = (\d+)", (DEPLOY / "gunicorn.conf.py").read_text(), re.M)[1])
        assert int(service["TimeoutStopSec"][0]) > graceful

    def test_the_timer_starts_the_backup_every_night(self):
        timer = unit_sections(DEPLOY / "kpportal-backup.timer")["Timer"]
        assert timer["Unit"] == ["kpportal-backup.service"]
        assert timer["OnCalendar"] == ["*-*-* 02:00:00"]
        [command] = unit_sections(DEPLOY / "kpportal-backup.service")["Service"]["ExecStart"]
        assert "manage.py backup --output /var/backups/khuyenhoc/" in command

    def test_systemd_accepts_the_units(self, tmp_path):
        analyze = shutil.which("systemd-analyze")
        require_tool(analyze is not None, "systemd-analyze not found (apt-get install systemd)")
        # The checkout stands where the units expect /srv/khuyenhoc, so that their commands exist.
        for name in UNITS:
            (tmp_path / name).write_text((DEPLOY / name).read_text().replace(INSTALLED_AT, str(ROOT)))
        result = subprocess.run(
            [analyze, "verify", *(str(tmp_path / name) for name in UNITS)],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        ours = [line for line in (result.stdout + result.stderr).splitlines() if "kpportal" in line]
        assert (result.returncode, ours) == (0, [])

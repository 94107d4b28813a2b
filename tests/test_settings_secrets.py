"""Issue #25 finding 9: settings.json readable by the clerk only, the PostgreSQL password in the system's credential
store (never in the file when there is one), and no password in messages."""
import json
import stat

import keyring
import pytest
from keyring.backend import KeyringBackend

from xiangshan_desk.application.settings import CREDENTIAL_SERVICE, Settings, settings_path


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.items = {}

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def get_password(self, service, username):
        return self.items.get((service, username))

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


@pytest.fixture
def credential_store():
    previous = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(previous)


def test_the_password_goes_to_the_credential_store_not_the_file(credential_store):
    url = "postgresql://clerk:s3cret@10.0.0.5:5432/xiangshan"
    Settings(database=url, operator="王某").save()
    text = settings_path().read_text(encoding="utf-8")
    assert "s3cret" not in text and json.loads(text)["database"] == "postgresql://clerk@10.0.0.5:5432/xiangshan"
    assert credential_store.items[(CREDENTIAL_SERVICE, "postgresql://clerk@10.0.0.5:5432/xiangshan")] == "s3cret"
    assert Settings.load().database == url
    assert stat.S_IMODE(settings_path().stat().st_mode) == 0o600
    assert stat.S_IMODE(settings_path().parent.stat().st_mode) == 0o700


def test_without_a_credential_store_the_file_keeps_it_private():
    from keyring.backends import fail
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        url = "postgresql://clerk:s3cret@10.0.0.5/xiangshan"
        Settings(database=url).save()
        assert Settings.load().database == url
        assert stat.S_IMODE(settings_path().stat().st_mode) == 0o600
    finally:
        keyring.set_keyring(previous)


def test_a_connection_failure_never_shows_the_password(tmp_path):
    import os
    import subprocess
    import sys
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    result = subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db",
                             "postgresql://clerk:s3cret@127.0.0.1:1/nowhere", "export", "ledger", "--out",
                             str(tmp_path / "x.xlsx")], cwd=root, capture_output=True, text=True, encoding="utf-8",
                            timeout=120)
    assert result.returncode == 2 and "s3cret" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_unchanged_settings_are_not_written_again(monkeypatch):
    """Closing the window saves its layout; when nothing changed the file is left alone (no write, no fsync), and
    any change is written whole."""
    settings = Settings(operator="王芳")
    settings.save()
    path = settings_path()
    written = path.read_text(encoding="utf-8")
    syncs = []
    import os
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (syncs.append(fd), real_fsync(fd))[1])
    Settings.load().save()
    assert syncs == [] and path.read_text(encoding="utf-8") == written
    changed = Settings.load()
    changed.window_geometry = "AdnQywADAAA="
    changed.save()
    assert len(syncs) == 1 and Settings.load().window_geometry == "AdnQywADAAA=" and Settings.load().operator == "王芳"
    path.write_text("{damaged", encoding="utf-8")
    Settings(operator="李娜").save()                   # a damaged file is replaced, not compared
    assert Settings.load().operator == "李娜"

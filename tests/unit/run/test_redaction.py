"""Secrets kept out of what a run writes: the command line, the lock file, request heads,
configuration errors, and the User-Agent (which names the contact to the sites only).

The crawl through a real proxy, every output searched, is in
tests/integration/test_secrets.py.
"""

from __future__ import annotations

import json
import sys
from types import SimpleNamespace

import pytest
from scrapy.settings import Settings
from scrapy.signalmanager import SignalManager

from archiver.downloadermiddlewares.useragent import ContactUserAgentMiddleware
from archiver.frontier.sources_file import ConfigError, load_config
from archiver.run.lock import output_lock
from archiver.run.redaction import WITHHELD, Redactor, redact_argv
from tests.support.credentials import CONTACT, PASSWORD, SECRETS, USER


def test_the_lock_file_names_the_command_without_secrets(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["archiver", "crawl", "--contact", CONTACT, "-s",
                                      f"ARCHIVER_PROXY=http://{USER}:{PASSWORD}@proxy:3128"])
    with output_lock(tmp_path / ".archiver.run.lock"):
        holder = json.loads((tmp_path / ".archiver.run.lock").read_text())
    assert holder["command"] == "archiver crawl --contact *** -s ARCHIVER_PROXY=***"


def test_redact_argv_hides_contacts_proxies_and_url_passwords():
    argv = ["crawl", "--contact", CONTACT, f"--contact={CONTACT}", "-s",
            f"ARCHIVER_PROXY=http://{USER}:{PASSWORD}@proxy:3128", "-s",
            f"ARCHIVER_CONTACT={CONTACT}", "--redis-url", f"redis://:{PASSWORD}@redis:6379/0",
            "http://news.example/"]
    redacted = " ".join(redact_argv(argv))
    assert not [secret for secret in SECRETS if secret in redacted], redacted
    assert redacted.endswith("redis://:***@redis:6379/0 http://news.example/")


def test_redactor_without_a_private_contact_only_drops_proxy_headers():
    head = (b"GET / HTTP/1.1\r\nUser-Agent: archiver (+mailto:a@b.example)\r\n"
            b"proxy-authorization: Basic eDp5\r\nHost: news.example\r\n\r\n")
    assert Redactor().request_head(head) == (b"GET / HTTP/1.1\r\nUser-Agent: archiver "
                                             b"(+mailto:a@b.example)\r\nHost: news.example\r\n\r\n")
    assert Redactor("mailto:a@b.example").request_head(head).count(WITHHELD.encode()) == 1


def test_sources_file_run_settings(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(f'contact = "{CONTACT}"\ncontact_private = true\n'
                    'proxy = "http://u:p@127.0.0.1:3128"\n\n'
                    '[sources.a]\nseeds = ["https://news.example/"]\n')
    assert load_config(path).settings == {
        "ARCHIVER_CONTACT": CONTACT, "ARCHIVER_CONTACT_PRIVATE": True,
        "ARCHIVER_PROXY": "http://u:p@127.0.0.1:3128"}


@pytest.mark.parametrize("proxy", [f"ftp://{USER}:{PASSWORD}@proxy", f"{USER}:{PASSWORD}@proxy",
                                   f"http://{USER}:{PASSWORD}@proxy:99999"])
def test_a_bad_proxy_url_is_reported_without_its_password(tmp_path, proxy):
    path = tmp_path / "sources.toml"
    path.write_text(f'proxy = "{proxy}"\n\n[sources.a]\nseeds = ["https://news.example/"]\n')
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value).startswith(f"{path}:1: proxy: must be a URL like")
    assert PASSWORD not in str(error.value)


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"ARCHIVER_CONTACT": CONTACT, "ARCHIVER_CONTACT_PRIVATE": True},
     f"archiver/0.1.0 (+{CONTACT})"),
    ({"ARCHIVER_CONTACT": CONTACT, "USER_AGENT": "mine/1.0"}, "mine/1.0"),
])
def test_the_user_agent_sent_names_the_contact_unless_user_agent_is_set(overrides, expected):
    settings = Settings()
    settings.setmodule("archiver.settings", priority="project")
    for name, value in overrides.items():  # as `archiver crawl` gives them
        settings.set(name, value, priority="cmdline")
    crawler = SimpleNamespace(settings=settings, signals=SignalManager())
    assert ContactUserAgentMiddleware.from_crawler(crawler).user_agent == expected

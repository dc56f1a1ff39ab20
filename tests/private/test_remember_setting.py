"""privacy.remember_days: how long "Remember this device" lasts; checked like every other setting."""

from __future__ import annotations

import pytest

from generator.core.problems import UserError
from generator.core.settings import settings_from_options


def test_remember_days_defaults_to_30_and_takes_a_number_of_days():
    assert settings_from_options({}).privacy.remember_days == 30
    assert settings_from_options({"privacy": {"encrypt": True, "remember_days": 7}}).privacy.remember_days == 7


@pytest.mark.parametrize("value", [0, 366, "30", True, -1])
def test_remember_days_out_of_range_is_a_clear_error(value):
    with pytest.raises(UserError, match="privacy: remember_days"):
        settings_from_options({"privacy": {"remember_days": value}})


def test_the_sealed_page_carries_it(tmp_path):
    from generator.core.site.sealing import SealOptions, derive_keys, seal_page

    keys = derive_keys("a passphrase long enough", "https://me.example/", iterations=1000)
    page = '<title>x</title><article class="md-content__inner md-typeset"><h1>Hi</h1></article>'
    sealed = seal_page(page, keys, SealOptions("Dashboard", remember_days=7), "./", "")
    assert 'data-ft-remember="7"' in sealed and f'data-ft-kid="{keys.key_id}"' in sealed
    assert "<h1>Hi</h1>" not in sealed and "<title>Dashboard</title>" in sealed

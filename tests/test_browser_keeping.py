"""The whole record-keeping cycle in a real browser: a clerk signs in and submits a year's
records, a reviewer signs in and approves them, the year's page counts them (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dutygraph.keeping import accounts
from dutygraph.keeping.ledger import Ledger
from tests.test_browser import driver  # noqa: F401  (the chromium fixture)

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "examples" / "records-2023-conforming.csv"
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def office(tmp_path_factory, _cache_dir):
    from tests.live_server import start

    folder = tmp_path_factory.mktemp("office")
    ledger = Ledger(folder / "ledger.sqlite")
    accounts.add_user(ledger, "镇填报员", "clerk", PASSWORD, "niuxintuo-2023-25")
    accounts.add_user(ledger, "区审核员", "reviewer", PASSWORD, None)
    ledger.close()
    live = start(["--ledger", str(folder / "ledger.sqlite")], folder / "server.log")
    yield live
    live.stop()


def sign_in(browser, office, name):
    from selenium.webdriver.common.by import By

    browser.delete_all_cookies()
    browser.get(office.url + "/login")
    browser.find_element(By.NAME, "user").send_keys(name)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "#login-form button").click()
    assert browser.find_element(By.ID, "me").text == name


def test_clerk_submits_reviewer_approves(driver, office):  # noqa: F811
    from selenium.webdriver.common.by import By

    sign_in(driver, office, "镇填报员")
    form = driver.find_element(By.ID, "submit-form")
    form.find_element(By.NAME, "year").clear()
    form.find_element(By.NAME, "year").send_keys("2023")
    form.find_element(By.NAME, "records").send_keys(str(EXAMPLE))
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert "待审核" in driver.find_element(By.ID, "state").text
    batch_url = driver.current_url

    sign_in(driver, office, "区审核员")
    driver.get(batch_url)
    driver.find_element(By.NAME, "comment").send_keys("与台账核对无误")
    driver.find_element(By.ID, "approve").click()
    assert "已批准" in driver.find_element(By.ID, "state").text
    assert "区审核员" in driver.page_source

    driver.get(office.url + "/records/year?township=niuxintuo-2023-25&year=2023")
    verdict = driver.find_element(By.ID, "verdict").text
    assert "结论" in verdict and "None" not in driver.page_source

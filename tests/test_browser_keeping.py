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


def state_becomes(browser, text: str) -> None:
    """Wait until the batch page (reloaded by the click) shows ``text`` as its state."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    # the old page's element may vanish between finding it and reading it: look again
    ignored = (NoSuchElementException, StaleElementReferenceException)
    WebDriverWait(browser, 30, ignored_exceptions=ignored).until(
        lambda b: text in b.find_element(By.ID, "state").text
    )


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
    state_becomes(driver, "待审核")
    batch_url = driver.current_url

    sign_in(driver, office, "区审核员")
    driver.get(batch_url)
    driver.find_element(By.NAME, "comment").send_keys("与台账核对无误")
    driver.find_element(By.ID, "approve").click()
    state_becomes(driver, "已批准")
    assert "区审核员" in driver.page_source

    driver.get(office.url + "/records/year?township=niuxintuo-2023-25&year=2023")
    verdict = driver.find_element(By.ID, "verdict").text
    assert "结论" in verdict and "None" not in driver.page_source


def test_the_form_drawn_from_the_shapes_submits_one_record(driver, office):  # noqa: F811
    """The records form (shacl-form, vendored) asks for what the shapes check, with the list's
    duties and the roles as drop-downs; what it sends is validated by the server."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from tests.test_browser import requested_urls

    sign_in(driver, office, "镇填报员")
    requested_urls(driver)  # forget what came before
    driver.get(office.url + "/records/form")
    root = driver.find_element(By.ID, "record-form").shadow_root
    choices = {}
    for select in root.find_elements(By.CSS_SELECTOR, "select"):
        for option in select.find_elements(By.CSS_SELECTOR, "option"):
            choices[option.get_attribute("value")] = (select, option.text)
    duty = "https://w3id.org/dutygraph/doc/niuxintuo-2023-25/party-21"
    role = "https://w3id.org/dutygraph/ontology#partyLeader"
    assert choices[duty][1].startswith("party-21 ") and choices[role][1] == "党委主要负责人"
    assert not any(value.endswith("/party-23") for value in choices)  # the list skips (23)
    Select(choices[duty][0]).select_by_value(duty)
    Select(choices[role][0]).select_by_value(role)
    for box in root.find_elements(By.CSS_SELECTOR, "input[type=text]"):
        hint = box.get_attribute("placeholder")
        box.send_keys("牛委办〔2023〕19号" if "证据" in hint else "法治专题讲座：行政复议法")
    date = root.find_element(By.CSS_SELECTOR, "input[type=date]")
    driver.execute_script(
        "arguments[0].value = '2023-09-20';"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        date,
    )
    year = driver.find_element(By.CSS_SELECTOR, "#form-post input[name=year]")
    year.clear()
    year.send_keys("2023")
    driver.find_element(By.ID, "form-submit").click()
    state_becomes(driver, "待审核")
    assert "form-entry.ttl" in driver.page_source
    outside = [u for u in requested_urls(driver) if not u.startswith((office.url, "data:"))]
    assert not outside, outside

"""What the browser suites share: checks that are counted and reported, Chromium's headless
options (root needs --no-sandbox), and a form submission that waits for the next page."""
import sys

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

HEADLESS_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")

failures = []


def check(condition, what):
    """Prints one line per check; a failed one is remembered for `finish`."""
    print(("   ok   " if condition else "   FAIL ") + what)
    if not condition:
        failures.append(what)


def finish(suite):
    """Exits non-zero, naming each failed check, when any failed."""
    if failures:
        print(f"{suite}: {len(failures)} check(s) failed: " + "; ".join(failures), file=sys.stderr)
        sys.exit(1)
    print(f"{suite}: all checks passed")


def chrome_options(*extra):
    options = webdriver.ChromeOptions()
    for flag in HEADLESS_FLAGS + extra:
        options.add_argument(flag)
    return options


def submit(driver, button):
    """Clicks a form's button (or a link) and waits until the next page has replaced this one
    (a click returns before the navigation it starts has finished)."""
    old = driver.find_element(By.TAG_NAME, "html")
    button.click()

    def replaced(_):
        try:
            old.is_enabled()
            return False
        except WebDriverException:  # stale, or "does not belong to the document": a new page
            return True

    WebDriverWait(driver, 20).until(replaced)
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")

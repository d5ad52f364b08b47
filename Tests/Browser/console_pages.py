#!/usr/bin/python3
"""The depot's signed-in console in real headless Chromium (Selenium, Debian's chromedriver).

Usage: console_pages.py DEPOT_URL SCREENSHOT_DIR PASSWORD REGISTER_CSV DOWNLOADED_GDPR_CSV FROM TO ASSET

Users `browser-admin` (admin) and `browser-tech` (technician) exist with PASSWORD. The depot
holds a station's pushed certificate of ASSET. REGISTER_CSV is imported through the console;
The GDPR register downloaded from the console is copied to DOWNLOADED_GDPR_CSV, where
Scripts/browser-tests compares it byte for byte with `expunge-depot report gdpr --from FROM --to TO`. Screenshots of every page
go to SCREENSHOT_DIR. Exits non-zero when a check fails, naming each.
"""
import os
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser_support import check, chrome_options, finish, submit

depot, shots, password, register_csv, downloaded_gdpr, period_from, period_to, asset = sys.argv[1:9]


def text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def set_date(driver, field, value):
    # Typing into a date input depends on the locale's format; set the value as the form sends it.
    driver.execute_script("arguments[0].value = arguments[1];", field, value)


def sign_in(driver, user):
    driver.get(f"{depot}/console")
    check(driver.current_url.startswith(f"{depot}/signin?next="), f"{user}: /console without a session goes to the sign-in form")
    driver.find_element(By.NAME, "user").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(password)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form.stacked button"))
    check(driver.current_url == f"{depot}/console", f"{user}: signed in, back on the dashboard")


downloads = tempfile.mkdtemp(prefix="expunge-browser-downloads-")
options = chrome_options("--window-size=1280,1000")
options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
try:
    print("== sign in as the administrator")
    driver.get(f"{depot}/signin")
    driver.save_screenshot(f"{shots}/console-signin.png")
    driver.find_element(By.NAME, "user").send_keys("browser-admin")
    driver.find_element(By.NAME, "password").send_keys("not the password")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form.stacked button"))
    check("The user name or the password is wrong." in text(driver), "a wrong password is refused")
    driver.save_screenshot(f"{shots}/console-signin-refused.png")
    sign_in(driver, "browser-admin")
    session = {c["name"]: c for c in driver.get_cookies()}.get("expunge_session")
    check(session is not None and session.get("httpOnly") and session.get("sameSite") == "Strict",
          "the session cookie is HttpOnly and SameSite=Strict")

    print("== import a register")
    driver.get(f"{depot}/console/assets/import")
    driver.find_element(By.NAME, "register").send_keys(register_csv)
    driver.find_element(By.NAME, "update").click()
    driver.find_element(By.NAME, "create_customers").click()
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form.stacked button"))
    body = text(driver)
    check("Imported 2 assets, updated 1 asset" in body, "the register is imported (2 new, the wiped asset updated)")
    driver.save_screenshot(f"{shots}/console-import.png")

    print("== dashboard")
    driver.get(f"{depot}/console")
    body = text(driver)
    check("This month" in body and "1 passed" in body, "the dashboard counts this month's passed wipe")
    check(len(driver.find_elements(By.CSS_SELECTOR, "figure.chart svg rect.chart-passed")) >= 1, "the wipes chart draws a passed bar")
    check("BROWSER-1" in body, "the station is listed with when it was last seen")
    driver.save_screenshot(f"{shots}/console-dashboard.png")

    print("== assets")
    driver.get(f"{depot}/console/assets")
    body = text(driver)
    check("3 assets" in body, "three assets: the wiped one and two from the register")
    Select(driver.find_element(By.NAME, "status")).select_by_value("sanitized")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form.filters button"))
    body = text(driver)
    check("1 asset;" in body and asset in body, "filtered by status: the sanitized asset alone")
    driver.save_screenshot(f"{shots}/console-assets.png")
    submit(driver, driver.find_element(By.LINK_TEXT, asset))
    body = text(driver)
    check(f"Asset {asset}" in body and "sanitized" in body, "the asset's page says it is sanitized")
    check("Lifecycle" in body and "passed" in body, "its lifecycle lists the passed wipe")
    check(len(driver.find_elements(By.PARTIAL_LINK_TEXT, "PDF")) >= 1, "its certificate has a PDF link")
    check("Browser Customer" in body, "the register's customer is on the asset")
    driver.save_screenshot(f"{shots}/console-asset.png")

    print("== stations, findings")
    driver.get(f"{depot}/console/stations")
    body = text(driver)
    check("BROWSER-1" in body and "continuous from 1 to" in body, "the station's chain is continuous")
    check(len(driver.find_elements(By.NAME, "station")) >= 1, "the administrator gets the enroll form")
    driver.save_screenshot(f"{shots}/console-stations.png")
    driver.get(f"{depot}/console/findings")
    body = text(driver)
    check("Stations' chains (0)" in body, "no chain finding")
    check("asset-not-in-register" not in body, "the wiped asset is in the register now")
    driver.save_screenshot(f"{shots}/console-findings.png")

    print("== reports: download the GDPR register")
    driver.get(f"{depot}/console/reports")
    driver.save_screenshot(f"{shots}/console-reports.png")
    form = driver.find_elements(By.CSS_SELECTOR, "form.filters")[0]
    set_date(driver, form.find_element(By.NAME, "from"), period_from)
    set_date(driver, form.find_element(By.NAME, "to"), period_to)
    Select(form.find_element(By.NAME, "format")).select_by_value("csv")
    form.find_element(By.TAG_NAME, "button").click()
    name = f"gdpr-erasure-register_{period_from}_{period_to}.csv"
    path = os.path.join(downloads, name)
    for _ in range(100):
        if os.path.exists(path):
            break
        time.sleep(0.1)
    check(os.path.exists(path), f"the download arrives as {name}")
    if os.path.exists(path):
        with open(path, "rb") as a:
            got = a.read()
        check(asset.encode() in got and b"Browser Customer" in got, f"the downloaded register lists the asset with its customer ({len(got)} bytes)")
        with open(downloaded_gdpr, "wb") as out:
            out.write(got)

    print("== audit log")
    driver.get(f"{depot}/console/audit")
    body = text(driver)
    check("sign-in-refused" in body and "sign-in" in body, "sign-ins and the refusal are logged")
    check(f"gdpr {period_from}…{period_to} csv" in body, "the download is logged")
    check("register-import" in body, "the import is logged")
    driver.save_screenshot(f"{shots}/console-audit.png")

    print("== sign out; a technician cannot open the GDPR register")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form.signout button"))
    check(driver.current_url == f"{depot}/signin", "signed out")
    driver.get(f"{depot}/console/audit")
    check(driver.current_url.startswith(f"{depot}/signin"), "after signing out the console asks to sign in again")
    sign_in(driver, "browser-tech")
    nav = driver.find_element(By.TAG_NAME, "nav").text
    check("Reports" not in nav and "Audit log" not in nav and "Assets" in nav, "the technician's navigation has no reports or audit log")
    driver.get(f"{depot}/console/reports/gdpr?from={period_from}&to={period_to}&format=csv")
    body = text(driver)
    check("As technician you cannot open or download reports." in body, "a technician cannot download the GDPR register")
    check(not os.path.exists(os.path.join(downloads, name.replace(".csv", " (1).csv"))), "nothing was downloaded")
    driver.save_screenshot(f"{shots}/console-technician-refused.png")
    driver.get(f"{depot}/console/stations")
    check(len(driver.find_elements(By.NAME, "station")) == 0, "the technician gets no enroll or revoke form")

    print("== the dashboard on a phone")
    driver.set_window_size(390, 844)
    driver.get(f"{depot}/console")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    check(width <= 400, f"the dashboard fits a phone's width ({width} CSS pixels)")
    driver.save_screenshot(f"{shots}/console-dashboard-phone.png")
finally:
    driver.quit()

finish("console_pages")

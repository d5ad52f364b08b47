#!/usr/bin/python3
"""The depot's public verification pages in real headless Chromium (Selenium, Debian's chromedriver).

Usage: verification_pages.py DEPOT_URL QR_URL OPERATOR SCREENSHOT_DIR CERTIFICATE_JSON

QR_URL is what the QR code of a real certificate decoded to (zbarimg on its label), so the
page is reached exactly as an auditor's phone reaches it. OPERATOR is the operator recorded in
that certificate, which the public page must not show. CERTIFICATE_JSON is the certificate's
file in the station's ledger (its .p7s beside it): uploaded as it is, then tampered with.
Screenshots of every page go to SCREENSHOT_DIR. Exits non-zero on the first failed check, naming it.
"""
import os
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from browser_support import check, chrome_options, finish, submit

depot, qr_url, operator, shots, certificate_json, evidence_pack = sys.argv[1:7]


def banner_colour(driver, index=0):
    banners = driver.find_elements(By.CSS_SELECTOR, "div.banner")
    return banners[index].value_of_css_property("background-color") if len(banners) > index else None


GREEN, RED, AMBER = "rgba(27, 127, 59, 1)", "rgba(179, 38, 30, 1)", "rgba(163, 92, 0, 1)"

options = chrome_options()
phone = webdriver.ChromeOptions()
for flag in options.arguments:
    phone.add_argument(flag)
# A phone's viewport (390 x 844 CSS pixels at 3x), as the camera app opens the QR code.
phone.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 3.0}})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=phone)
try:
    parsed = urllib.parse.urlparse(qr_url)
    cert_id = parsed.path.rsplit("/", 1)[-1]
    sha = urllib.parse.parse_qs(parsed.query)["sha256"][0]

    print("== the QR code's URL, on a phone-sized window (390 x 844)")
    driver.get(qr_url)
    body = driver.find_element(By.TAG_NAME, "body").text
    driver.save_screenshot(f"{shots}/verify-genuine-phone.png")
    check(driver.title == f"Certificate {cert_id} · Expunge depot", "title names the certificate")
    check("Genuine: signed by an enrolled station and unchanged" in body, "verdict: genuine")
    check(banner_colour(driver, 0) == GREEN, "verdict banner is green")
    check(banner_colour(driver, 1) == GREEN and "PASSED" in body, "the certificate's own result: PASSED, green")
    check("Your copy" in body and sha in body, "the visitor's SHA-256 is checked and shown")
    check(operator not in body, f"operator {operator!r} is not shown")
    check(not driver.find_elements(By.TAG_NAME, "script"), "the page has no script")
    width = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    check(width[0] <= width[1], f"fits the phone screen (scroll width {width[0]} <= {width[1]})")

    driver.quit()
    options.add_argument("--window-size=1280,1800")
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    print("== the same page on a desktop window")
    driver.get(qr_url)
    driver.save_screenshot(f"{shots}/verify-genuine-desktop.png")

    print("== a copy whose SHA-256 differs")
    driver.get(f"{depot}/verify/{cert_id}?sha256={'0' * 64}")
    body = driver.find_element(By.TAG_NAME, "body").text
    driver.save_screenshot(f"{shots}/verify-other-copy.png")
    check("NOT GENUINE" in body, "verdict: not genuine")
    check(banner_colour(driver, 0) == RED, "verdict banner is red")
    check("What the certificate says" not in body, "nothing is vouched for")

    print("== an ID the depot does not hold")
    driver.get(f"{depot}/verify/NOBODY-1-000001")
    body = driver.find_element(By.TAG_NAME, "body").text
    driver.save_screenshot(f"{shots}/verify-unknown.png")
    check("This depot holds no certificate NOBODY-1-000001" in body, "unknown ID said so")
    check(banner_colour(driver, 0) == AMBER, "unknown ID banner is amber")
    try:
        urllib.request.urlopen(f"{depot}/verify/NOBODY-1-000001")
        check(False, "unknown ID answers 404")
    except urllib.error.HTTPError as e:
        check(e.code == 404, f"unknown ID answers 404 (got {e.code})")

    print("== the form: type the ID, submit")
    driver.get(f"{depot}/verify")
    driver.save_screenshot(f"{shots}/verify-form.png")
    field = driver.find_element(By.NAME, "id")
    field.send_keys(cert_id)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    body = driver.find_element(By.TAG_NAME, "body").text
    check(driver.current_url.endswith(f"/verify/{cert_id}"), "the form leads to the certificate's page")
    check("Genuine" in body, "and it is genuine")

    print("== upload the signed pair (as the station wrote it), then a tampered copy")
    def upload(document, signature, shot):
        driver.get(f"{depot}/verify")
        driver.find_element(By.NAME, "document").send_keys(document)
        driver.find_element(By.NAME, "signature").send_keys(signature)
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]"))
        driver.save_screenshot(f"{shots}/{shot}")
        return driver.find_element(By.TAG_NAME, "body").text

    signature = certificate_json[:-len(".json")] + ".p7s"
    body = upload(certificate_json, signature, "upload-genuine.png")
    check("Genuine" in body and "the depot holds exactly this document" in body, "the uploaded pair is genuine and the depot's own copy")
    with tempfile.TemporaryDirectory() as tmp:
        tampered = os.path.join(tmp, os.path.basename(certificate_json))
        with open(certificate_json, encoding="utf-8") as f:
            text = f.read()
        with open(tampered, "w", encoding="utf-8") as f:
            f.write(text.replace('"passed"', '"failed"', 1))
        body = upload(tampered, signature, "upload-tampered.png")
        check("NOT GENUINE" in body, "a tampered upload is not genuine")
        check(banner_colour(driver, 0) == RED, "and its banner is red")
        check("What the certificate says" not in body, "and nothing of it is shown")

    print("== upload the station's evidence pack, then one cut short")
    def upload_pack(path, shot):
        driver.get(f"{depot}/verify")
        driver.find_element(By.NAME, "pack").send_keys(path)
        submit(driver, driver.find_element(By.NAME, "pack").find_element(By.XPATH, "./ancestor::form//button[@type='submit']"))
        driver.save_screenshot(f"{shots}/{shot}")
        return driver.find_element(By.TAG_NAME, "body").text

    body = upload_pack(evidence_pack, "upload-pack.png")
    check("Valid: signed, complete and unchanged" in body, "the station's evidence pack is valid against the depot's trust")
    check(banner_colour(driver, 0) == GREEN, "and its banner is green")
    check(cert_id in body, "and it lists the certificate")
    with tempfile.TemporaryDirectory() as tmp:
        cut = os.path.join(tmp, "cut.zip")
        with open(evidence_pack, "rb") as f:
            data = f.read()
        with open(cut, "wb") as f:
            f.write(data[: len(data) // 2])
        body = upload_pack(cut, "upload-pack-cut.png")
        check("Evidence pack not readable" in body and "Valid:" not in body, "a pack cut short is refused, never shown valid")

    print("== headers (urllib)")
    with urllib.request.urlopen(qr_url) as r:
        csp = r.headers.get("Content-Security-Policy", "")
        check("default-src 'none'" in csp and "script-src" not in csp, "Content-Security-Policy forbids every script")
        check(r.headers.get("X-Frame-Options") == "DENY", "no framing")
        check(r.headers.get("Cache-Control") == "no-store", "not cached")
finally:
    driver.quit()

finish("browser tests")

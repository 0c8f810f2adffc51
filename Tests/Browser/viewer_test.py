#!/usr/bin/env python3
"""The viewer in a real browser: headless Chromium (Debian's chromium and chromium-driver)
driven by Selenium, against `tiergraph serve` on the curated graph.

Usage: viewer_test.py TIERGRAPH_BINARY DATABASE ARTEFACT_FOLDER
Starts the server on a free loopback port, clicks through the pages as a user would, saves a
screenshot of each step in ARTEFACT_FOLDER, and exits non-zero on the first failed check.
"""
import os
import re
import subprocess
import sys
import time
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BINARY, DATABASE, ARTEFACTS = sys.argv[1:4]


class ViewerInABrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.makedirs(ARTEFACTS, exist_ok=True)
        cls.server = subprocess.Popen([BINARY, "serve", "--db", DATABASE, "--port", "0"],
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = cls.server.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if not match:
            cls.server.kill()
            raise RuntimeError("the server printed no URL: " + line)
        cls.base = match.group(0)
        options = Options()
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        cls.browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        cls.browser.set_page_load_timeout(60)

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        cls.server.terminate()
        cls.server.wait(timeout=15)

    def shot(self, name):
        self.browser.save_screenshot(os.path.join(ARTEFACTS, name + ".png"))

    def wait(self, condition, seconds=30):
        return WebDriverWait(self.browser, seconds).until(condition)

    def no_script_errors(self):
        errors = [entry for entry in self.browser.get_log("browser") if entry["level"] == "SEVERE" and "favicon" not in entry["message"]]
        self.assertEqual(errors, [])

    def test_1_search_in_traditional_chinese_finds_tsmc(self):
        self.browser.get(self.base)
        self.assertIn("Tiergraph", self.browser.title)
        box = self.browser.find_element(By.ID, "search")
        box.send_keys("台積電")  # Traditional; the graph stores 台积电
        box.send_keys(Keys.ENTER)
        results = self.wait(EC.presence_of_element_located((By.ID, "results")))
        self.shot("1-search")
        self.assertIn("TSMC", results.text)
        results.find_element(By.LINK_TEXT, "TSMC").click()
        heading = self.wait(EC.presence_of_element_located((By.ID, "node-name")))
        self.assertEqual(heading.text, "TSMC")
        self.assertIn("H200芯片采用台积电4nm工艺", self.browser.page_source)
        self.shot("2-node")
        self.no_script_errors()

    def test_2_suggestions_come_while_typing(self):
        self.browser.get(self.base)
        self.browser.find_element(By.ID, "search").send_keys("英伟达")
        self.wait(lambda browser: browser.find_elements(By.CSS_SELECTOR, "#suggestions option"))
        values = [option.get_attribute("value") for option in self.browser.find_elements(By.CSS_SELECTOR, "#suggestions option")]
        self.assertIn("Nvidia", values)

    def test_3_a_click_on_a_diagram_node_opens_it(self):
        self.browser.get(self.base + "diagram?upstream=chip:h200&depth=2")
        node = self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, "#diagram g.node[data-id='tsmc']")))
        self.shot("3-diagram")
        node.find_element(By.TAG_NAME, "text").click()
        heading = self.wait(EC.presence_of_element_located((By.ID, "node-name")))
        self.assertEqual(heading.text, "TSMC")
        self.assertIn("/node?id=tsmc", self.browser.current_url)

    def test_4_a_click_in_expand_mode_adds_the_neighbours(self):
        self.browser.get(self.base + "diagram?from=tsmc&to=csp:china")
        self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, "#diagram g.node[data-id]")))
        before = len(self.browser.find_elements(By.CSS_SELECTOR, "#diagram g.node[data-id]"))
        self.browser.find_element(By.ID, "click-expand").click()
        self.browser.find_element(By.CSS_SELECTOR, "#diagram g.node[data-id='chip:h200'] text").click()
        self.wait(lambda browser: "expand=chip" in browser.current_url)
        self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, "#diagram g.node[data-id]")))
        after = len(self.browser.find_elements(By.CSS_SELECTOR, "#diagram g.node[data-id]"))
        self.shot("4-expanded")
        self.assertGreater(after, before)

    def test_5_zoom_changes_the_view(self):
        self.browser.get(self.base + "diagram?around=nvidia")
        svg = self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, "#diagram svg")))
        view = lambda: [round(float(number), 1) for number in
                        self.browser.execute_script("return arguments[0].getAttribute('viewBox')", svg).split()]
        before = view()
        self.assertTrue(before)
        self.browser.find_element(By.CSS_SELECTOR, "[data-zoom='in']").click()
        self.assertNotEqual(view(), before)
        self.browser.find_element(By.CSS_SELECTOR, "[data-zoom='fit']").click()
        self.assertEqual(view(), before)

    def test_6_the_path_finder_shows_tsmc_to_chinese_cloud_providers(self):
        self.browser.get(self.base + "path")
        form = self.browser.find_element(By.ID, "path-form")
        form.find_element(By.NAME, "from").send_keys("tsmc")
        form.find_element(By.NAME, "to").send_keys("csp:china")
        form.find_element(By.NAME, "k").clear()
        form.find_element(By.NAME, "k").send_keys("2")
        form.find_element(By.TAG_NAME, "button").click()
        paths = self.wait(EC.presence_of_element_located((By.ID, "paths")))
        self.shot("5-path")
        first = paths.find_element(By.CSS_SELECTOR, "ol.path").text
        self.assertTrue(first.startswith("TSMC"), first)
        self.assertIn("Chinese cloud service providers", first)
        self.assertEqual(len(paths.find_elements(By.CSS_SELECTOR, "ol.path")), 2)

    def test_7_the_what_if_lists_who_loses_supply(self):
        self.browser.get(self.base + "whatif")
        self.browser.find_element(By.NAME, "remove").send_keys("tsmc")
        self.browser.find_element(By.CSS_SELECTOR, "#whatif-form button").click()
        loses = self.wait(EC.presence_of_element_located((By.ID, "loses-all")))
        self.shot("6-whatif")
        self.assertIn("H200", loses.text)
        self.assertIn("manufactures", loses.text)

    def test_8_chokepoints_and_claims(self):
        self.browser.get(self.base + "chokepoints?id=chip:h200")
        table = self.wait(EC.presence_of_element_located((By.ID, "chokepoints")))
        self.assertIn("TSMC", table.text)
        self.browser.get(self.base + "claims?id=market:china-ai-chips")
        claims = self.wait(EC.presence_of_element_located((By.ID, "market-claims")))
        self.shot("7-claims")
        self.assertIn("superseded", claims.text)
        self.no_script_errors()


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    sys.exit(0 if result.wasSuccessful() else 1)

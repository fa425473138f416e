"""The explore page (``/``) in a real headless Chromium against a live server on the seed article:
search as you type, named queries with parameters, the graph view, the timeline, and a console free
of CSP violations and script errors. Screenshots of each step go to ``tests/artifacts/``."""

from __future__ import annotations

import time

import pytest
import requests
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser.conftest import console_problems, start_seed_server
from tests.server.conftest import stop_server

pytestmark = [pytest.mark.slow, pytest.mark.browser]

WAIT = 15
CONSTRUCT = """PREFIX tg: <https://w3id.org/treatygraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?event tg:agent ?agent ; tg:treaty ?treaty ; rdfs:label ?label .
            ?agent rdfs:label ?agentLabel . ?treaty rdfs:label ?treatyLabel }
WHERE { ?event tg:agent ?agent ; tg:treaty ?treaty .
        OPTIONAL { ?event rdfs:label ?label } OPTIONAL { ?agent rdfs:label ?agentLabel }
        OPTIONAL { ?treaty rdfs:label ?treatyLabel } }"""


def open_page(browser, seed_server) -> WebDriverWait:
    browser.get(seed_server.url + "/")
    wait = WebDriverWait(browser, WAIT)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#example option")) > 1)
    return wait


def set_editor(browser, text: str) -> None:
    editor = browser.find_element(By.ID, "editor")
    browser.execute_script("arguments[0].value = arguments[1];", editor, text)


def settled(browser, element) -> bool:
    """Whether the force layout has come to rest (the element did not move for 0.3 s)."""
    first = element.get_attribute("transform")
    time.sleep(0.3)
    return element.get_attribute("transform") == first


def drawn_for(driver, words: str) -> bool:  # noqa: ANN001
    """The timeline's filter line names ``words`` once drawn, not while loading ("Loading the dated events
    of X …" names them too, before the marks are there)."""
    text = driver.find_element(By.ID, "timeline-filter").text
    return words in text and not text.startswith("Loading")


def test_page_is_served_under_a_strict_csp(seed_server):
    resp = requests.get(seed_server.url + "/", timeout=10)
    assert resp.status_code == 200
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "<script>" not in resp.text and " style=" not in resp.text  # nothing inline


def test_typing_ryab_finds_sergei_ryabkov_and_opens_his_page(browser, seed_server, artifacts):
    wait = open_page(browser, seed_server)
    box = browser.find_element(By.ID, "q")
    box.send_keys("Ryab")
    link = wait.until(ec.element_to_be_clickable((By.LINK_TEXT, "Sergei Ryabkov")))
    status = browser.find_element(By.ID, "search-status").text
    assert "for “Ryab”" in status
    assert link.get_attribute("href") == seed_server.url + "/id/person/sergei-ryabkov"
    # keyboard: ArrowDown moves into the results, onto the best match first
    box.send_keys(Keys.ARROW_DOWN)
    assert browser.switch_to.active_element == link
    browser.save_screenshot(str(artifacts / "explore-1-search.png"))
    problems = console_problems(browser)
    link.click()
    wait.until(ec.url_to_be(seed_server.url + "/id/person/sergei-ryabkov"))
    if requests.get(seed_server.url + "/id/person/sergei-ryabkov", timeout=10).status_code == 200:
        assert "Sergei Ryabkov" in browser.find_element(By.TAG_NAME, "h1").text
    browser.save_screenshot(str(artifacts / "explore-1-resource-page.png"))
    assert problems == []


def test_named_query_with_parameters_shows_the_suspension_date(browser, seed_server, artifacts):
    wait = open_page(browser, seed_server)
    Select(browser.find_element(By.ID, "example")).select_by_value("actor-treaty-actions")
    actor = wait.until(ec.visibility_of_element_located((By.ID, "param-actor")))
    assert "The events in which an actor" in browser.find_element(By.ID, "example-description").text
    assert "tg:agent ?actor" in browser.find_element(By.ID, "editor").get_attribute("value")
    actor.send_keys("state/russia")
    browser.find_element(By.ID, "param-treaty").send_keys("treaty/new-start")
    browser.find_element(By.ID, "run").click()
    table = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#query-results table")))
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert "date" in headers and "event" in headers
    cells = [td.text for td in table.find_elements(By.CSS_SELECTOR, "tbody td")]
    assert any(c.startswith("2023-02-28") for c in cells), cells
    assert table.find_elements(By.CSS_SELECTOR, "a[href^='/id/event/suspension--']")
    browser.execute_script("arguments[0].scrollIntoView()", browser.find_element(By.ID, "run"))
    browser.save_screenshot(str(artifacts / "explore-2-named-query.png"))
    assert console_problems(browser) == []


def test_missing_parameter_and_bad_query_show_the_servers_message(browser, seed_server, artifacts):
    wait = open_page(browser, seed_server)
    Select(browser.find_element(By.ID, "example")).select_by_value("actor-treaty-actions")
    wait.until(ec.visibility_of_element_located((By.ID, "param-actor"))).send_keys("state/russia")
    browser.find_element(By.ID, "run").click()
    error = wait.until(ec.visibility_of_element_located((By.ID, "query-error")))
    assert "needs: treaty" in error.text
    set_editor(browser, "SELECT * WHERE { ?s ?p }")
    browser.find_element(By.ID, "editor").send_keys(Keys.CONTROL, Keys.ENTER)
    wait.until(lambda d: "malformed query" in d.find_element(By.ID, "query-error").text)
    browser.save_screenshot(str(artifacts / "explore-error.png"))
    assert console_problems(browser, allow_status=(400,)) == []


def test_construct_draws_an_interactive_graph(browser, seed_server, artifacts):
    wait = open_page(browser, seed_server)
    set_editor(browser, CONSTRUCT)
    browser.find_element(By.ID, "editor").send_keys(Keys.CONTROL, Keys.ENTER)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#query-results svg .node")) >= 3)
    nodes = browser.find_elements(By.CSS_SELECTOR, "#query-results svg a.node")
    hrefs = {n.get_dom_attribute("href") for n in nodes}
    assert "/id/treaty/new-start" in hrefs
    assert browser.find_elements(By.CSS_SELECTOR, "#query-results svg line.edge")
    treaty = next(n for n in nodes if n.get_dom_attribute("href") == "/id/treaty/new-start")
    browser.execute_script("document.getElementById('query-results').scrollIntoView()")
    wait.until(lambda d: settled(d, treaty))
    before = treaty.get_attribute("transform")
    dot = treaty.find_element(By.TAG_NAME, "circle")
    ActionChains(browser).move_to_element(dot).click_and_hold().move_by_offset(60, 40).release().perform()
    assert browser.current_url == seed_server.url + "/"  # a drag is not a click
    assert treaty.get_attribute("transform") != before
    ActionChains(browser).move_to_element(dot).perform()
    browser.save_screenshot(str(artifacts / "explore-3-graph.png"))
    assert console_problems(browser) == []


def test_timeline_draws_dated_events_and_follows_a_treaty(browser, seed_server, artifacts):
    wait = open_page(browser, seed_server)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#timeline svg a.mark")) >= 5)
    marks = browser.find_elements(By.CSS_SELECTOR, "#timeline svg a.mark")
    hrefs = {m.get_dom_attribute("href") for m in marks}
    assert any(h.startswith("/id/event/suspension--") for h in hrefs)
    # the US withdrawal from the INF Treaty is dated to the year only: drawn as a bar over 2019
    year_bars = browser.find_elements(By.CSS_SELECTOR, "#timeline svg a.mark[data-iri*='--2019'] rect")
    assert year_bars and float(year_bars[0].get_attribute("width")) > 3
    legend = browser.find_element(By.ID, "timeline-legend").text
    assert "Suspension" in legend
    browser.execute_script("document.getElementById('timeline-section').scrollIntoView()")
    browser.save_screenshot(str(artifacts / "explore-4-timeline.png"))

    browser.find_element(By.ID, "q").send_keys("New START")
    button = wait.until(
        ec.element_to_be_clickable((By.CSS_SELECTOR, "#search-results button[aria-label$='of New START']"))
    )
    button.click()
    wait.until(lambda d: drawn_for(d, "of New START"))  # not "Loading the dated events of New START …"
    shown = browser.find_elements(By.CSS_SELECTOR, "#timeline svg a.mark")
    assert 2 <= len(shown) < len(marks)
    browser.save_screenshot(str(artifacts / "explore-4-timeline-new-start.png"))
    assert console_problems(browser) == []


def test_a_slow_timeline_says_it_is_loading(browser, seed_server):
    wait = open_page(browser, seed_server)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#timeline svg a.mark")) >= 5)
    # hold back the answers of treaty timelines for two seconds, as a big graph would
    browser.execute_script(
        "var f = window.fetch; window.fetch = function (u, o) { var p = f(u, o);"
        " return String(u).indexOf('/queries/timeline?treaty=') < 0 ? p :"
        " p.then(function (r) { return new Promise(function (ok) {"
        " setTimeout(function () { ok(r); }, 2000); }); }); };"
    )
    browser.find_element(By.ID, "q").send_keys("New START")
    wait.until(
        ec.element_to_be_clickable((By.CSS_SELECTOR, "#search-results button[aria-label$='of New START']"))
    ).click()
    status = browser.find_element(By.ID, "timeline-filter")
    wait.until(lambda d: status.text == "Loading the dated events of New START\u2026")
    wait.until(lambda d: status.text.endswith("dated events of New START."))
    # a slower, older answer never replaces a newer one: New START again (held back), then all events
    button = browser.find_element(By.CSS_SELECTOR, "#search-results button[aria-label$='of New START']")
    button.click()
    browser.find_element(By.ID, "timeline-clear").click()
    wait.until(lambda d: status.text.endswith("dated events and treaty milestones."))
    time.sleep(3)  # the New START answer arrives meanwhile, and is dropped
    assert status.text.endswith("dated events and treaty milestones."), status.text
    assert console_problems(browser) == []


def test_search_works_without_javascript(seed_server):
    resp = requests.get(seed_server.url + "/search", params={"q": "Ryab", "format": "html"}, timeout=10)
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("text/html")
    assert '<a href="/id/person/sergei-ryabkov">Sergei Ryabkov</a>' in resp.text


@pytest.fixture(scope="module")
def crowded_server(tmp_path_factory: pytest.TempPathFactory):
    """A live server on the seed article plus 5,001 more dated events of Russia's (2000-2019): more than the
    page draws unasked, for the whole graph and for Russia."""
    base = tmp_path_factory.mktemp("crowded")
    tg = "https://w3id.org/treatygraph/ontology#"
    a = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    graph = "<https://w3id.org/treatygraph/graph/filler>"
    lines = []
    for i in range(5001):
        event = f"<https://w3id.org/treatygraph/id/event/filler-{i}>"
        lines += [f"{event} {a} <{tg}{kind}> {graph} ." for kind in ("Event", "Suspension")]
        year = f'"{2000 + i % 20}"^^<http://www.w3.org/2001/XMLSchema#gYear>'
        lines.append(f"{event} <{tg}date> {year} {graph} .")
        lines.append(f"{event} <{tg}agent> <https://w3id.org/treatygraph/id/state/russia> {graph} .")
    filler = base / "filler.nq"
    filler.write_text("\n".join(lines) + "\n", encoding="utf-8")
    server = start_seed_server(base, filler)
    yield server
    stop_server(server)


def test_a_crowded_timeline_asks_for_an_actor_or_treaty_first(browser, crowded_server, artifacts):
    """Above 5,000 events the whole timeline is not drawn on load (at 10M quads it outlasts the query
    timeout on every visit); one period's, one actor's or one treaty's timeline still is."""
    wait = open_page(browser, crowded_server)
    wait.until(lambda d: "too many to draw" in d.find_element(By.ID, "timeline-filter").text)
    assert "5,0" in browser.find_element(By.ID, "timeline-filter").text  # the seed's events and the filler
    assert browser.find_elements(By.CSS_SELECTOR, "#timeline svg a.mark") == []
    # a period is enough: February 2023 holds the seed's announcement and suspension
    browser.find_element(By.ID, "timeline-from").send_keys("2023-02")
    browser.find_element(By.ID, "timeline-to").send_keys("2023-02")
    browser.find_element(By.CSS_SELECTOR, "#timeline-period button[type=submit]").click()
    wait.until(lambda d: drawn_for(d, "from 2023-02 to 2023-02"))
    marks = browser.find_elements(By.CSS_SELECTOR, "#timeline svg a.mark")
    dates = {m.get_dom_attribute("data-iri").rsplit("--", 1)[-1] for m in marks}
    assert len(marks) >= 2 and all(d.startswith("2023-02") for d in dates), dates
    browser.execute_script("document.getElementById('timeline-section').scrollIntoView()")
    browser.save_screenshot(str(artifacts / "explore-4-timeline-period.png"))
    for field in ("timeline-from", "timeline-to"):
        browser.find_element(By.ID, field).clear()
    browser.find_element(By.CSS_SELECTOR, "#timeline-period button[type=submit]").click()
    wait.until(lambda d: "too many to draw" in d.find_element(By.ID, "timeline-filter").text)
    browser.find_element(By.ID, "q").send_keys("New START")
    button = wait.until(
        ec.element_to_be_clickable((By.CSS_SELECTOR, "#search-results button[aria-label$='of New START']"))
    )
    button.click()
    wait.until(lambda d: "of New START" in d.find_element(By.ID, "timeline-filter").text)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#timeline svg a.mark")) >= 2)
    browser.save_screenshot(str(artifacts / "explore-4-timeline-crowded.png"))
    # one actor can be too many as well (a state at 10M quads: 40,000 events): counted first, then a period
    search = browser.find_element(By.ID, "q")
    search.clear()
    search.send_keys("Russia")
    button = wait.until(
        ec.element_to_be_clickable((By.CSS_SELECTOR, "#search-results button[aria-label$='of Russia']"))
    )
    button.click()
    wait.until(lambda d: "Russia has 5,0" in d.find_element(By.ID, "timeline-filter").text)
    assert "too many to draw" in browser.find_element(By.ID, "timeline-filter").text
    assert browser.find_elements(By.CSS_SELECTOR, "#timeline svg a.mark") == []
    browser.find_element(By.ID, "timeline-from").send_keys("2023-02")
    browser.find_element(By.ID, "timeline-to").send_keys("2023-02")
    browser.find_element(By.CSS_SELECTOR, "#timeline-period button[type=submit]").click()
    drawn = "events of Russia from 2023-02 to 2023-02."  # not "Loading the dated events of Russia …"
    wait.until(lambda d: drawn in d.find_element(By.ID, "timeline-filter").text)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#timeline svg a.mark")) >= 2
    assert console_problems(browser) == []


@pytest.fixture(scope="module")
def capped_server(tmp_path_factory: pytest.TempPathFactory):
    """A live server on the seed article whose answers are cut at five rows (the result-row cap)."""
    server = start_seed_server(tmp_path_factory.mktemp("capped"), result_row_cap=5)
    yield server
    stop_server(server)


def test_a_cut_answer_says_so_in_the_editor_and_on_the_timeline(browser, capped_server, artifacts):
    """The server marks an answer cut at its row cap (headers); the page must not show it as whole."""
    wait = open_page(browser, capped_server)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline p.truncated"))
    assert "Cut at 5 events" in browser.find_element(By.CSS_SELECTOR, "#timeline p.truncated").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "#timeline svg a.mark")) <= 5
    set_editor(browser, "SELECT ?s ?type WHERE { ?s a ?type }")
    browser.find_element(By.ID, "run").click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#query-results p.truncated"))
    notice = browser.find_element(By.CSS_SELECTOR, "#query-results p.truncated").text
    assert notice.startswith("Cut at 5 rows") and "LIMIT and OFFSET" in notice
    assert len(browser.find_elements(By.CSS_SELECTOR, "#query-results tbody tr")) == 5
    assert browser.find_element(By.ID, "query-status").text == "5 rows, cut at the row cap"
    browser.execute_script("document.getElementById('run').scrollIntoView()")
    browser.save_screenshot(str(artifacts / "explore-5-cut-answer.png"))
    set_editor(browser, "SELECT ?s WHERE { ?s a <https://w3id.org/treatygraph/ontology#Treaty> } LIMIT 2")
    browser.find_element(By.ID, "run").click()
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#query-results p.truncated"))
    assert console_problems(browser) == []

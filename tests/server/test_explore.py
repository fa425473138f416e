"""The explore blueprint through the Flask test client: ``/``, ``/search``, ``/queries``, ``/queries/<name>``
on the fixture graph (tests/data/fixture.trig)."""

from __future__ import annotations

import csv
import io

import pytest

from kg.config import load_settings
from server import create_app
from server.explore import resource_href
from server.headers import CONTENT_SECURITY_POLICY as CSP

ID = "https://w3id.org/treatygraph/id/"


@pytest.fixture
def explore_client(store_with_fixture_graph, tmp_path):
    """A test client of an app serving the fixture graph."""
    settings = load_settings({"store": str(tmp_path / "unused")}, environ={})
    app = create_app(settings, store=store_with_fixture_graph)
    app.testing = True
    return app.test_client()


def test_page_is_html_under_a_strict_csp_with_only_local_assets(explore_client):
    resp = explore_client.get("/")
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    assert resp.headers["Content-Security-Policy"] == CSP
    page = resp.get_data(as_text=True)
    assert 'src="/static/explore.js"' in page and 'href="/static/explore.css"' in page
    assert "<script>" not in page and " style=" not in page and "http://" not in page.split("<body>")[0]
    assert '<label for="q">' in page and 'aria-live="polite"' in page and "<main" in page
    for asset in ("explore.js", "graph-view.js", "timeline.js", "explore.css"):
        assert explore_client.get("/static/" + asset).status_code == 200


def test_search_ranks_exact_then_prefix_then_contains(explore_client):
    doc = explore_client.get("/search?q=russia").get_json()
    labels = [r["label"] for r in doc["results"]]
    assert labels[0] == "Russia"  # exact
    assert labels.index("Russia") < labels.index("Suspension of New START by Russia (2023-02-28)")
    assert doc["count"] == len(doc["results"])
    assert len({r["iri"] for r in doc["results"]}) == len(doc["results"])  # one hit per resource


def test_search_matches_aliases_and_reports_which(explore_client):
    doc = explore_client.get("/search?q=RYAB").get_json()
    first = doc["results"][0]
    assert first == {
        "iri": ID + "person/sergei-ryabkov",
        "href": "/id/person/sergei-ryabkov",
        "label": "Sergei Ryabkov",
        "type": "Person",
        "typeIri": "https://w3id.org/treatygraph/ontology#Person",
        "matched": "Ryabkov",
        "alias": "Ryabkov",
        "rank": 1,
    }
    moscow = explore_client.get("/search?q=moscow").get_json()["results"][0]
    assert moscow["label"] == "Russia" and moscow["alias"] == "Moscow" and moscow["rank"] == 0


def test_search_limit_and_bad_input(explore_client):
    assert len(explore_client.get("/search?q=e&limit=2").get_json()["results"]) == 2
    assert explore_client.get("/search?q=").get_json() == {"q": "", "count": 0, "results": []}
    assert explore_client.get("/search?q=x&limit=0").status_code == 400
    assert explore_client.get("/search?q=x&limit=many").status_code == 400
    assert explore_client.get("/search?q=" + "x" * 201).status_code == 400


def test_search_renders_html_without_javascript(explore_client):
    resp = explore_client.get("/search?q=Ryab&format=html")
    assert resp.mimetype == "text/html" and resp.headers["Content-Security-Policy"] == CSP
    page = resp.get_data(as_text=True)
    assert '<a href="/id/person/sergei-ryabkov">Sergei Ryabkov</a>' in page
    assert 'value="Ryab"' in page and "1 result for" in page
    browser_accept = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    assert explore_client.get("/search?q=Ryab", headers=browser_accept).mimetype == "text/html"


def test_queries_lists_named_queries_with_parameters(explore_client):
    doc = explore_client.get("/queries").get_json()
    by_name = {q["name"]: q for q in doc["queries"]}
    actions = by_name["actor-treaty-actions"]
    assert actions["url"] == "/queries/actor-treaty-actions"
    assert [(p["name"], p["kind"], p["optional"]) for p in actions["params"]] == [
        ("actor", "iri", False),
        ("treaty", "iri", False),
    ]
    assert actions["title"] and actions["description"] and "SELECT" in actions["text"]
    assert {"search-labels", "timeline", "events"} <= set(by_name)


def test_named_query_runs_with_parameters_as_json(explore_client):
    resp = explore_client.get("/queries/actor-treaty-actions?actor=state/russia&treaty=treaty/new-start")
    assert resp.status_code == 200 and resp.mimetype == "application/sparql-results+json"
    rows = resp.get_json()["results"]["bindings"]
    dates = {r["date"]["value"] for r in rows if "date" in r}
    assert "2023-02-28" in dates
    assert "Accept" in resp.headers["Vary"]


def test_named_query_negotiates_csv_like_sparql(explore_client):
    url = "/queries/actor-treaty-actions?actor=state/russia&treaty=treaty/new-start"
    by_accept = explore_client.get(url, headers={"Accept": "text/csv"})
    by_param = explore_client.get(url + "&format=csv")
    by_suffix = explore_client.get(url.replace("actions?", "actions.csv?"))
    for resp in (by_accept, by_param, by_suffix):
        assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(by_accept.get_data(as_text=True))))
    assert "2023-02-28" in {r["date"] for r in rows}
    assert explore_client.get(url, headers={"Accept": "image/png"}).status_code == 406


def types_of(doc: dict) -> list[str]:
    return [r["type"]["value"].rsplit("#", 1)[1] for r in doc["results"]["bindings"]]


def test_timeline_query_gives_events_and_milestones_and_narrows_by_actor(explore_client):
    everything = explore_client.get("/queries/timeline?actor=").get_json()  # empty field = not given
    assert types_of(everything) == ["Signing", "EntryIntoForce", "Announcement", "Suspension", "Expiry"]
    dates = [r["date"]["value"] for r in everything["results"]["bindings"]]
    assert dates == sorted(dates)
    # Putin is no party to New START: his timeline has his acts, not the treaty's milestones
    putin = explore_client.get("/queries/timeline?actor=person/vladimir-putin").get_json()
    assert types_of(putin) == ["Announcement", "Suspension"]
    russia = explore_client.get("/queries/timeline?actor=state/russia&treaty=treaty/new-start").get_json()
    assert len(types_of(russia)) == 5


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/queries/actor-treaty-actions?actor=state/russia", "needs: treaty"),
        ("/queries/actor-treaty-actions?actor=not an iri&treaty=treaty/new-start", "not an IRI"),
        ("/queries/events?from=2023-02-30", "not a date"),
        ("/queries/events?colour=red", "no parameter 'colour'"),
        ("/queries/events?actor=state/russia&actor=state/united-states", "give it once"),
    ],
)
def test_named_query_bad_parameters_are_400_with_a_message(explore_client, url, message):
    resp = explore_client.get(url)
    assert resp.status_code == 400
    assert message in resp.get_data(as_text=True)


def test_unknown_named_query_is_404_and_source_is_served(explore_client):
    assert explore_client.get("/queries/no-such-query").status_code == 404
    source = explore_client.get("/queries/search-labels.rq")
    assert source.mimetype == "application/sparql-query"
    assert "# param: q string" in source.get_data(as_text=True)


def test_resource_href_maps_instances_terms_and_foreign_iris():
    assert resource_href(ID + "state/russia", ID) == "/id/state/russia"
    assert resource_href("https://w3id.org/treatygraph/ontology#Suspension", ID) == "/ontology#Suspension"
    assert resource_href("http://www.wikidata.org/entity/Q159", ID) == "http://www.wikidata.org/entity/Q159"


def test_named_query_answers_are_cached_per_store_version_with_an_etag():
    """Named queries share /sparql's answer cache: a repeat is a hit with the same bytes and ETag, other
    parameters or ``no-cache`` evaluate afresh, ``If-None-Match`` gets 304, and a write is seen at once."""
    from kg.store import open_store
    from tests.server.conftest import fill

    store = fill(open_store(None))
    app = create_app(load_settings({"store": "unused"}, environ={}), store=store)
    client = app.test_client()
    url = "/queries/officials?in=state/russia"
    first = client.get(url)
    again = client.get(url)
    assert first.status_code == again.status_code == 200
    assert (first.headers["X-Cache"], again.headers["X-Cache"]) == ("miss", "hit")
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    assert client.get("/queries/officials?in=state/france").headers["X-Cache"] == "miss"
    assert client.get(url, headers={"Accept": "text/csv"}).headers["X-Cache"] == "miss"
    assert client.get(url, headers={"Cache-Control": "no-cache"}).headers["X-Cache"] == "miss"
    not_modified = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304 and not not_modified.data
    store.update(
        "INSERT DATA { GRAPH <https://w3id.org/treatygraph/graph/article/cache-test> { "
        "<https://w3id.org/treatygraph/id/person/cache-test> "
        "<http://www.w3.org/2000/01/rdf-schema#label> 'Cache Test' } }"
    )
    after = client.get(url)
    assert after.headers["X-Cache"] == "miss" and after.headers["ETag"] != first.headers["ETag"]

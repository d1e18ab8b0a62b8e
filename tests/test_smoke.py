from requests_app.models import Region


def test_it_places_tajikistan_in_an_active_region(db):
    assert Region.for_country("TJ").code == "asia"
    assert Region.for_country("FR") is None

import pytest

from tracker.reference.countries import UnknownCountry, all_countries, country_code, country_name


@pytest.mark.parametrize(
    "value, code",
    [
        ("LT", "LT"), ("ltu", "LT"), ("Lithuania", "LT"), ("Lithuanians", "LT"),
        ("Lithuanian", "LT"), ("Briton", "GB"), ("Britons", "GB"), ("UK", "GB"),
        ("Poles", "PL"), ("French national", "FR"), ("French nationals", "FR"),
        ("Germans", "DE"), ("Latvians", "LV"), ("Americans", "US"),
        ("United States", "US"), ("Iranian", "IR"), ("Holy See", "VA"),
        ("Russia", "RU"), ("Türkiye", "TR"), ("Turkey", "TR"), ("Japanese", "JP"),
        ("Swede", "SE"), ("Côte d'Ivoire", "CI"), ("  belarus ", "BY"),
        ("Uzbeks", "UZ"), ("Tajik", "TJ"), ("Kyrgyz citizens", "KG"),
    ],
)
def test_codes_names_and_demonyms_normalise_to_the_alpha2_code(value, code):
    assert country_code(value) == code


@pytest.mark.parametrize("value", ["Lithuanianz", "Narnia", "XX", "", None, 12])
def test_an_unknown_country_is_an_error_that_names_it(value):
    with pytest.raises(UnknownCountry) as error:
        country_code(value)
    assert repr(value) in str(error.value)
    assert "accepted:" in str(error.value)


def test_a_demonym_shared_by_two_states_is_ambiguous_not_guessed():
    with pytest.raises(UnknownCountry) as error:
        country_code("Congolese")
    assert "ambiguous" in str(error.value) and "CD" in str(error.value) and "CG" in str(error.value)


def test_reference_data_covers_every_iso_country():
    countries = {record.code: record for record in all_countries()}
    assert len(countries) >= 249
    assert countries["BY"].alpha3 == "BLR"
    assert countries["LT"].demonym == "Lithuanian"
    assert country_name("BY") == "Belarus"


@pytest.mark.parametrize(
    "value, code",
    [("Iranian Americans", "US"), ("Iranian-American", "US"), ("U.S.", "US"),
     ("Britain", "GB"), ("Saudi", "SA")],
)
def test_prose_forms_of_nationalities_and_names(value, code):
    """A diaspora compound names the nationality last ("Iranian Americans" are US citizens)."""
    assert country_code(value) == code


def test_places_in_prose_include_capitals_but_not_ambiguous_ones():
    from tracker.reference.countries import lookup_place

    assert lookup_place("Vilnius") == ("LT", "capital")
    assert lookup_place("Washington") == ("US", "capital")
    assert lookup_place("Lithuanians") == ("LT", "demonym")
    assert lookup_place("Kingston") is None  # capital of Jamaica and of Norfolk Island
    assert lookup_place("IN") is None  # a code that is also an English word

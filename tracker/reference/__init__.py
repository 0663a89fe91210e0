"""Reference data and normalising: countries and demonyms, partial dates, names across
spellings and scripts. The shipped CSV files here fill what the packages lack."""

"""What the dataset is, where its facts come from and on what terms it may be reused.

Said once, here, for every place that says it: the Datasette metadata, the data
package and its codebook.
"""

NAME = "release-tracker"
TITLE = "Release tracker"
DESCRIPTION = "The reference database of negotiated political-prisoner releases"
KEYWORDS = ("political prisoners", "prisoner releases", "prisoner exchanges", "mediation")

# The data; the code is under the licence in pyproject.toml.
LICENSE_ID = "CC-BY-4.0"  # SPDX identifier
LICENSE_TITLE = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"

SOURCES_TITLE = "News reports cited by each release"

# Who a release is cited as (Citation File Format: a person or an entity, by name).
AUTHORS = ({"name": "The release tracker's curators"},)

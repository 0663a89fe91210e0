"""The README stays true: its commands, every CLI command, its example event."""

import re

import click
import pytest
from ruamel.yaml import YAML

from tracker.cli import cli
from tracker.schema.eventfile import parse_event

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_starts_with_the_two_commands():
    first_block = re.search(r"```bash\n(.*?)```", README, re.S).group(1).strip().splitlines()
    assert [line.split("#")[0].strip() for line in first_block] == [
        "python3 scripts/dev.py serve",
        "python3 scripts/dev.py test",
    ]
    assert README.index("```bash") < README.index("\n## ")


def test_ci_runs_the_readmes_test_command():
    assert "python3 scripts/dev.py test" in (ROOT / ".ci" / "run").read_text()


def all_commands(group, prefix=""):
    """Every command by its full name, subcommands of groups too ("export events")."""
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from all_commands(command, f"{prefix}{name} ")


@pytest.mark.parametrize("name", sorted(dict(all_commands(cli))))
def test_every_command_has_help_with_an_example_and_is_documented(name):
    command = dict(all_commands(cli))[name]
    assert command.help and "Example:" in command.help
    assert f"`tracker {name}" in README, f"{name} is missing from the README"


HOW_TO_RUN_TRACKER = "python3 scripts/dev.py tracker"


def test_the_readme_says_how_to_run_tracker_where_it_shows_tracker_commands():
    """`tracker` is not on PATH after setup: every block of example commands follows
    a paragraph, in its own section, that says how to run them."""
    blocks = 0
    for section in re.split(r"\n#+ ", README):
        for before, block in re.findall(r"(.*?)```bash\n(.*?)```", section, re.S):
            commands = [line for line in block.splitlines() if line.startswith("tracker ")]
            if commands:
                blocks += 1
                assert HOW_TO_RUN_TRACKER in before.strip().split("\n\n")[-1], commands[0]
    assert blocks
    assert HOW_TO_RUN_TRACKER in README.split("\n## Commands\n")[1].split("\n- ")[0]


def test_the_readme_example_event_is_the_founding_event_in_format_2(tmp_path, curated_db):
    from tracker.store.ingest import check_files

    block = re.search(r"## The event file.*?```yaml\n(.*?)```", README, re.S).group(1)
    event, problems = parse_event(YAML(typ="safe").load(block))
    assert problems == [] and event.id == "by-2025-09-11" and event.format == 2
    assert [n.country for n in event.transfers[0].nationalities] == [
        "GB", "FR", "LT", "DE", "PL", "LV"]
    # It refers to the registries' records and agrees with them.
    path = tmp_path / "founding.yml"
    path.write_text(block, encoding="utf-8")
    copy = tmp_path / "curated.db"
    copy.write_bytes(curated_db.read_bytes())
    assert check_files(copy, [path]).updated == ["by-2025-09-11"]


def test_the_readme_csv_template_example_is_valid(tmp_path):
    from tracker.files.validate import read_events

    block = re.search(r"### The CSV template.*?```\n(.*?)```", README, re.S).group(1)
    path = tmp_path / "template.csv"
    path.write_text(block, encoding="utf-8")
    [valid] = read_events([path])
    assert (valid.event.id, valid.event.transfers[0].count.best) == ("by-2024-12-09", 29)


def test_the_reference_page_is_generated_from_the_models():
    from tracker.schema.describe import reference_text

    page = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert page == reference_text(), "run `tracker reference -o docs/reference.md`"
    for value in ("sanctions_relief", "delisting", "partly_carried_out", "handed_over",
                  "at_least", "releasing_authority", "arrived", "called_for"):
        assert f"| `{value}` |" in page, value
    assert "](docs/reference.md)" in README


def _file_models(model, found: list) -> list:
    """A file model and every model a field of it may hold, however deeply nested."""
    import typing

    from pydantic import BaseModel

    def walk(annotation):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found:
                found.append(annotation)
                for field in annotation.model_fields.values():
                    walk(field.annotation)
        for argument in typing.get_args(annotation):
            walk(argument)

    walk(model)
    return found


def test_every_field_a_file_may_hold_is_on_the_reference_page():
    from tracker.schema.counts import MAPPING_KEYS
    from tracker.schema.describe import SECTIONS
    from tracker.schema.eventfile import EventFile, RegistryFile

    page = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    sections = {model: page.split(f"\n### {title}\n", 1)[1].split("\n### ", 1)[0]
                for title, model, _ in SECTIONS}
    models = _file_models(RegistryFile, _file_models(EventFile, []))
    assert set(models) == set(sections)
    enumerations = set()
    for model in models:
        for name, field in model.model_fields.items():
            assert f"\n| `{field.alias or name}` |" in sections[model], (model.__name__, name)
            enumerations |= set(re.findall(r"<enum '(\w+)'>", repr(field.annotation)))
    assert {"EventType", "Status", "ActorRole", "ConcessionKind"} <= enumerations
    assert all(f"\n### {name}\n" in page for name in enumerations), enumerations
    counts = page.split("\n## Counts\n", 1)[1].split("\n## ", 1)[0]
    assert all(f"{key}:" in counts for key in MAPPING_KEYS)
    # What issue 13 found in no documentation: each is on the page, in words.
    by_name = {model.__name__: model for model in models}
    assert "\n| `chosen` |  | `true` or `false` | True when the event shows this value |" in (
        sections[by_name["ClaimEntry"]])
    assert re.search(r"\n\| `nationalities` \|  \| a list of country: .* \| JSON list of "
                     r"nationalities", sections[by_name["PersonEntry"]])

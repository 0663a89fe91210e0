CREATE TABLE countries (
	code VARCHAR NOT NULL, 
	alpha3 VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	official_name VARCHAR, 
	demonym VARCHAR, 
	PRIMARY KEY (code)
);
CREATE TABLE ingest_runs (
	id INTEGER NOT NULL, 
	started_at VARCHAR NOT NULL, 
	command VARCHAR NOT NULL, 
	files VARCHAR NOT NULL, 
	created INTEGER NOT NULL, 
	updated INTEGER NOT NULL, 
	unchanged INTEGER NOT NULL, 
	removed INTEGER NOT NULL, 
	tracker_version VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE people (
	id VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	aliases VARCHAR NOT NULL, 
	nationalities VARCHAR NOT NULL, 
	withheld BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_people_name ON people (name);
CREATE TABLE sources (
	id VARCHAR NOT NULL, 
	title VARCHAR, 
	publisher VARCHAR, 
	url VARCHAR, 
	published VARCHAR, 
	note VARCHAR, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_sources_published ON sources (published);
CREATE INDEX ix_sources_publisher ON sources (publisher);
CREATE TABLE actors (
	id VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	kind VARCHAR(12) NOT NULL, 
	country VARCHAR, 
	aliases VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(country) REFERENCES countries (code)
);
CREATE INDEX ix_actors_country ON actors (country);
CREATE INDEX ix_actors_kind ON actors (kind);
CREATE INDEX ix_actors_name ON actors (name);
CREATE TABLE event_revisions (
	id INTEGER NOT NULL, 
	event_id VARCHAR NOT NULL, 
	action VARCHAR NOT NULL, 
	changed_at VARCHAR NOT NULL, 
	ingest_run_id INTEGER, 
	file VARCHAR, 
	file_sha256 VARCHAR, 
	document VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(ingest_run_id) REFERENCES ingest_runs (id)
);
CREATE INDEX ix_event_revisions_event_id ON event_revisions (event_id);
CREATE INDEX ix_event_revisions_ingest_run_id ON event_revisions (ingest_run_id);
CREATE TABLE events (
	id VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	summary VARCHAR, 
	type VARCHAR(11) NOT NULL, 
	status VARCHAR(9) NOT NULL, 
	track VARCHAR, 
	date VARCHAR NOT NULL, 
	date_precision VARCHAR(5) NOT NULL, 
	date_start VARCHAR NOT NULL, 
	date_end VARCHAR NOT NULL, 
	year INTEGER NOT NULL, 
	releasing_state VARCHAR NOT NULL, 
	receiving_state VARCHAR, 
	total_released INTEGER, 
	total_released_lower_bound BOOLEAN NOT NULL, 
	foreign_nationals INTEGER, 
	foreign_nationals_lower_bound BOOLEAN NOT NULL, 
	notes VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(releasing_state) REFERENCES countries (code), 
	FOREIGN KEY(receiving_state) REFERENCES countries (code)
);
CREATE INDEX ix_events_date_start ON events (date_start);
CREATE INDEX ix_events_receiving_state ON events (receiving_state);
CREATE INDEX ix_events_released ON events (status, date_start, date_end, releasing_state, year, date, id, total_released, total_released_lower_bound, foreign_nationals, foreign_nationals_lower_bound);
CREATE INDEX ix_events_releasing_state ON events (releasing_state);
CREATE INDEX ix_events_track ON events (track);
CREATE INDEX ix_events_type ON events (type);
CREATE INDEX ix_events_year ON events (year);
CREATE TABLE claims (
	event_id VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	field VARCHAR(19) NOT NULL, 
	value VARCHAR NOT NULL, 
	source_id VARCHAR NOT NULL, 
	chosen BOOLEAN NOT NULL, 
	note VARCHAR, 
	PRIMARY KEY (event_id, position), 
	FOREIGN KEY(event_id) REFERENCES events (id), 
	FOREIGN KEY(source_id) REFERENCES sources (id)
);
CREATE INDEX ix_claims_field ON claims (field);
CREATE INDEX ix_claims_source_id ON claims (source_id);
CREATE INDEX ix_claims_values ON claims (event_id, field, value, chosen);
CREATE TABLE concessions (
	event_id VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	kind VARCHAR(17) NOT NULL, 
	granted_by VARCHAR, 
	beneficiary VARCHAR, 
	description VARCHAR NOT NULL, 
	status VARCHAR(11) NOT NULL, 
	disputed BOOLEAN NOT NULL, 
	dispute VARCHAR, 
	source_id VARCHAR, 
	PRIMARY KEY (event_id, position), 
	FOREIGN KEY(event_id) REFERENCES events (id), 
	FOREIGN KEY(granted_by) REFERENCES actors (id), 
	FOREIGN KEY(beneficiary) REFERENCES actors (id), 
	FOREIGN KEY(source_id) REFERENCES sources (id)
);
CREATE INDEX ix_concessions_beneficiary ON concessions (beneficiary);
CREATE INDEX ix_concessions_by_event ON concessions (event_id, kind, granted_by, status, disputed);
CREATE INDEX ix_concessions_granted_by ON concessions (granted_by);
CREATE INDEX ix_concessions_kind ON concessions (kind);
CREATE INDEX ix_concessions_source_id ON concessions (source_id);
CREATE INDEX ix_concessions_status ON concessions (status);
CREATE TABLE event_actors (
	event_id VARCHAR NOT NULL, 
	actor_id VARCHAR NOT NULL, 
	role VARCHAR(19) NOT NULL, 
	position INTEGER NOT NULL, 
	description VARCHAR, 
	source_id VARCHAR, 
	PRIMARY KEY (event_id, actor_id, role), 
	FOREIGN KEY(event_id) REFERENCES events (id), 
	FOREIGN KEY(actor_id) REFERENCES actors (id), 
	FOREIGN KEY(source_id) REFERENCES sources (id)
);
CREATE INDEX ix_event_actors_actor_roles ON event_actors (actor_id, role);
CREATE INDEX ix_event_actors_roles ON event_actors (role, event_id, actor_id);
CREATE INDEX ix_event_actors_source_id ON event_actors (source_id);
CREATE TABLE event_nationalities (
	event_id VARCHAR NOT NULL, 
	country VARCHAR NOT NULL, 
	count INTEGER, 
	count_lower_bound BOOLEAN NOT NULL, 
	source_id VARCHAR, 
	PRIMARY KEY (event_id, country), 
	FOREIGN KEY(event_id) REFERENCES events (id), 
	FOREIGN KEY(country) REFERENCES countries (code), 
	FOREIGN KEY(source_id) REFERENCES sources (id)
);
CREATE INDEX ix_event_nationalities_country ON event_nationalities (country);
CREATE INDEX ix_event_nationalities_counts ON event_nationalities (event_id, country, count, count_lower_bound);
CREATE INDEX ix_event_nationalities_source_id ON event_nationalities (source_id);
CREATE TABLE event_people (
	event_id VARCHAR NOT NULL, 
	person_id VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	note VARCHAR, 
	source_id VARCHAR, 
	PRIMARY KEY (event_id, person_id), 
	FOREIGN KEY(event_id) REFERENCES events (id), 
	FOREIGN KEY(person_id) REFERENCES people (id), 
	FOREIGN KEY(source_id) REFERENCES sources (id)
);
CREATE INDEX ix_event_people_person_id ON event_people (person_id);
CREATE INDEX ix_event_people_source_id ON event_people (source_id);
CREATE TABLE event_sources (
	event_id VARCHAR NOT NULL, 
	source_id VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (event_id, source_id), 
	FOREIGN KEY(event_id) REFERENCES events (id), 
	FOREIGN KEY(source_id) REFERENCES sources (id)
);
CREATE INDEX ix_event_sources_source_id ON event_sources (source_id);
CREATE TABLE prisoner_counts (
	event_id VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	country VARCHAR NOT NULL, 
	as_of VARCHAR NOT NULL, 
	count INTEGER NOT NULL, 
	approximate BOOLEAN NOT NULL, 
	according_to VARCHAR, 
	attribution VARCHAR, 
	source_id VARCHAR NOT NULL, 
	PRIMARY KEY (event_id, position), 
	FOREIGN KEY(event_id) REFERENCES events (id), 
	FOREIGN KEY(country) REFERENCES countries (code), 
	FOREIGN KEY(according_to) REFERENCES actors (id), 
	FOREIGN KEY(source_id) REFERENCES sources (id)
);
CREATE INDEX ix_prisoner_counts_according_to ON prisoner_counts (according_to);
CREATE INDEX ix_prisoner_counts_as_of ON prisoner_counts (as_of);
CREATE INDEX ix_prisoner_counts_series ON prisoner_counts (country, as_of, count);
CREATE INDEX ix_prisoner_counts_source_id ON prisoner_counts (source_id);
CREATE TABLE release_concessions (
	event_id VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	granted_by VARCHAR, 
	granting_state VARCHAR, 
	status VARCHAR NOT NULL, 
	disputed BOOLEAN NOT NULL, 
	event_status VARCHAR NOT NULL, 
	date_start VARCHAR NOT NULL, 
	date_end VARCHAR NOT NULL, 
	releasing_state VARCHAR NOT NULL, 
	PRIMARY KEY (event_id, position), 
	FOREIGN KEY(event_id) REFERENCES events (id)
);
CREATE INDEX ix_release_concessions_scan ON release_concessions (kind, granting_state, granted_by, date_start, date_end, status, disputed, event_id);
CREATE TABLE release_mediators (
	actor_id VARCHAR NOT NULL, 
	event_id VARCHAR NOT NULL, 
	roles VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	date_start VARCHAR NOT NULL, 
	date_end VARCHAR NOT NULL, 
	releasing_state VARCHAR NOT NULL, 
	date VARCHAR NOT NULL, 
	total_released INTEGER, 
	total_released_lower_bound BOOLEAN NOT NULL, 
	PRIMARY KEY (actor_id, event_id), 
	FOREIGN KEY(event_id) REFERENCES events (id)
);
CREATE INDEX ix_release_mediators_event_id ON release_mediators (event_id);
CREATE INDEX ix_release_mediators_scan ON release_mediators (actor_id, status, date_start, date_end, releasing_state, date, total_released, total_released_lower_bound, roles);
CREATE TABLE release_nationalities (
	event_id VARCHAR NOT NULL, 
	country VARCHAR NOT NULL, 
	count INTEGER, 
	count_lower_bound BOOLEAN NOT NULL, 
	status VARCHAR NOT NULL, 
	date_start VARCHAR NOT NULL, 
	date_end VARCHAR NOT NULL, 
	releasing_state VARCHAR NOT NULL, 
	date VARCHAR NOT NULL, 
	PRIMARY KEY (event_id, country), 
	FOREIGN KEY(event_id) REFERENCES events (id)
);
CREATE INDEX ix_release_nationalities_scan ON release_nationalities (country, status, date_start, date_end, releasing_state, count, count_lower_bound, date);
CREATE TABLE release_people (
	person_id VARCHAR NOT NULL, 
	event_id VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	date_start VARCHAR NOT NULL, 
	date_end VARCHAR NOT NULL, 
	releasing_state VARCHAR NOT NULL, 
	PRIMARY KEY (person_id, event_id), 
	FOREIGN KEY(event_id) REFERENCES events (id)
);
CREATE INDEX ix_release_people_event_id ON release_people (event_id);
CREATE INDEX ix_release_people_scan ON release_people (status, date_start, date_end, releasing_state, person_id);
CREATE TABLE statements (
	event_id VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	actor_id VARCHAR, 
	gist VARCHAR NOT NULL, 
	platform VARCHAR, 
	stance VARCHAR(10) NOT NULL, 
	date VARCHAR, 
	source_id VARCHAR, 
	PRIMARY KEY (event_id, position), 
	FOREIGN KEY(event_id) REFERENCES events (id), 
	FOREIGN KEY(actor_id) REFERENCES actors (id), 
	FOREIGN KEY(source_id) REFERENCES sources (id)
);
CREATE INDEX ix_statements_actor_id ON statements (actor_id);
CREATE INDEX ix_statements_source_id ON statements (source_id);
CREATE INDEX ix_statements_stance ON statements (stance);
CREATE VIRTUAL TABLE "events_fts" USING FTS5 (
    "title", "summary", "notes",
    tokenize='porter',
    content="events"
);
CREATE TABLE 'events_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'events_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'events_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'events_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER "events_ai" AFTER INSERT ON "events" BEGIN
  INSERT INTO "events_fts" (rowid, "title", "summary", "notes") VALUES (new.rowid, new."title", new."summary", new."notes");
END;
CREATE TRIGGER "events_ad" AFTER DELETE ON "events" BEGIN
  INSERT INTO "events_fts" ("events_fts", rowid, "title", "summary", "notes") VALUES('delete', old.rowid, old."title", old."summary", old."notes");
END;
CREATE TRIGGER "events_au" AFTER UPDATE ON "events" BEGIN
  INSERT INTO "events_fts" ("events_fts", rowid, "title", "summary", "notes") VALUES('delete', old.rowid, old."title", old."summary", old."notes");
  INSERT INTO "events_fts" (rowid, "title", "summary", "notes") VALUES (new.rowid, new."title", new."summary", new."notes");
END;
CREATE VIRTUAL TABLE "people_fts" USING FTS5 (
    "name", "aliases",
    tokenize='porter',
    content="people"
);
CREATE TABLE 'people_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'people_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'people_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'people_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER "people_ai" AFTER INSERT ON "people" BEGIN
  INSERT INTO "people_fts" (rowid, "name", "aliases") VALUES (new.rowid, new."name", new."aliases");
END;
CREATE TRIGGER "people_ad" AFTER DELETE ON "people" BEGIN
  INSERT INTO "people_fts" ("people_fts", rowid, "name", "aliases") VALUES('delete', old.rowid, old."name", old."aliases");
END;
CREATE TRIGGER "people_au" AFTER UPDATE ON "people" BEGIN
  INSERT INTO "people_fts" ("people_fts", rowid, "name", "aliases") VALUES('delete', old.rowid, old."name", old."aliases");
  INSERT INTO "people_fts" (rowid, "name", "aliases") VALUES (new.rowid, new."name", new."aliases");
END;
CREATE VIRTUAL TABLE "actors_fts" USING FTS5 (
    "name", "aliases",
    tokenize='porter',
    content="actors"
);
CREATE TABLE 'actors_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'actors_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'actors_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'actors_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER "actors_ai" AFTER INSERT ON "actors" BEGIN
  INSERT INTO "actors_fts" (rowid, "name", "aliases") VALUES (new.rowid, new."name", new."aliases");
END;
CREATE TRIGGER "actors_ad" AFTER DELETE ON "actors" BEGIN
  INSERT INTO "actors_fts" ("actors_fts", rowid, "name", "aliases") VALUES('delete', old.rowid, old."name", old."aliases");
END;
CREATE TRIGGER "actors_au" AFTER UPDATE ON "actors" BEGIN
  INSERT INTO "actors_fts" ("actors_fts", rowid, "name", "aliases") VALUES('delete', old.rowid, old."name", old."aliases");
  INSERT INTO "actors_fts" (rowid, "name", "aliases") VALUES (new.rowid, new."name", new."aliases");
END;
CREATE VIRTUAL TABLE "concessions_fts" USING FTS5 (
    "description", "dispute",
    tokenize='porter',
    content="concessions"
);
CREATE TABLE 'concessions_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'concessions_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'concessions_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'concessions_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER "concessions_ai" AFTER INSERT ON "concessions" BEGIN
  INSERT INTO "concessions_fts" (rowid, "description", "dispute") VALUES (new.rowid, new."description", new."dispute");
END;
CREATE TRIGGER "concessions_ad" AFTER DELETE ON "concessions" BEGIN
  INSERT INTO "concessions_fts" ("concessions_fts", rowid, "description", "dispute") VALUES('delete', old.rowid, old."description", old."dispute");
END;
CREATE TRIGGER "concessions_au" AFTER UPDATE ON "concessions" BEGIN
  INSERT INTO "concessions_fts" ("concessions_fts", rowid, "description", "dispute") VALUES('delete', old.rowid, old."description", old."dispute");
  INSERT INTO "concessions_fts" (rowid, "description", "dispute") VALUES (new.rowid, new."description", new."dispute");
END;
CREATE VIRTUAL TABLE "statements_fts" USING FTS5 (
    "gist",
    tokenize='porter',
    content="statements"
);
CREATE TABLE 'statements_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'statements_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'statements_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'statements_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER "statements_ai" AFTER INSERT ON "statements" BEGIN
  INSERT INTO "statements_fts" (rowid, "gist") VALUES (new.rowid, new."gist");
END;
CREATE TRIGGER "statements_ad" AFTER DELETE ON "statements" BEGIN
  INSERT INTO "statements_fts" ("statements_fts", rowid, "gist") VALUES('delete', old.rowid, old."gist");
END;
CREATE TRIGGER "statements_au" AFTER UPDATE ON "statements" BEGIN
  INSERT INTO "statements_fts" ("statements_fts", rowid, "gist") VALUES('delete', old.rowid, old."gist");
  INSERT INTO "statements_fts" (rowid, "gist") VALUES (new.rowid, new."gist");
END;

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
	language VARCHAR, 
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
CREATE TABLE entity_revisions (
	id INTEGER NOT NULL, 
	table_name VARCHAR NOT NULL, 
	record_id VARCHAR NOT NULL, 
	action VARCHAR NOT NULL, 
	changed_at VARCHAR NOT NULL, 
	ingest_run_id INTEGER, 
	file VARCHAR, 
	document VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(ingest_run_id) REFERENCES ingest_runs (id)
);
CREATE INDEX ix_entity_revisions_ingest_run_id ON entity_revisions (ingest_run_id);
CREATE INDEX ix_entity_revisions_record ON entity_revisions (table_name, record_id);
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
	track VARCHAR, 
	part_of VARCHAR, 
	notes VARCHAR, 
	date VARCHAR NOT NULL, 
	date_step VARCHAR(9) NOT NULL, 
	date_precision VARCHAR(5) NOT NULL, 
	date_start VARCHAR NOT NULL, 
	date_end VARCHAR NOT NULL, 
	year INTEGER NOT NULL, 
	status VARCHAR(18) NOT NULL, 
	releasing_state VARCHAR, 
	receiving_state VARCHAR, 
	freed INTEGER, 
	freed_low INTEGER, 
	freed_high INTEGER, 
	freed_qualifier VARCHAR(11), 
	political INTEGER, 
	political_low INTEGER, 
	political_high INTEGER, 
	political_qualifier VARCHAR(11), 
	foreign_nationals INTEGER, 
	foreign_nationals_low INTEGER, 
	foreign_nationals_high INTEGER, 
	foreign_nationals_qualifier VARCHAR(11), 
	announced INTEGER, 
	announced_low INTEGER, 
	announced_high INTEGER, 
	announced_qualifier VARCHAR(11), 
	PRIMARY KEY (id), 
	FOREIGN KEY(part_of) REFERENCES events (id), 
	FOREIGN KEY(releasing_state) REFERENCES countries (code), 
	FOREIGN KEY(receiving_state) REFERENCES countries (code)
);
CREATE INDEX ix_events_counted ON events (status, part_of, date_start, date_end, releasing_state, year, date, id);
CREATE INDEX ix_events_date_start ON events (date_start);
CREATE INDEX ix_events_part_of ON events (part_of);
CREATE INDEX ix_events_receiving_state ON events (receiving_state);
CREATE INDEX ix_events_releasing_state ON events (releasing_state);
CREATE INDEX ix_events_status ON events (status);
CREATE INDEX ix_events_track ON events (track);
CREATE INDEX ix_events_type ON events (type);
CREATE INDEX ix_events_year ON events (year);
CREATE TABLE claims (
	event_id VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	about VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	chosen BOOLEAN NOT NULL, 
	reason VARCHAR, 
	source_ids VARCHAR NOT NULL, 
	PRIMARY KEY (event_id, position), 
	FOREIGN KEY(event_id) REFERENCES events (id)
);
CREATE INDEX ix_claims_about ON claims (about);
CREATE INDEX ix_claims_values ON claims (event_id, about, value, chosen);
CREATE TABLE concession_disputes (
	event_id VARCHAR NOT NULL, 
	concession INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	statement VARCHAR, 
	source_id VARCHAR, 
	PRIMARY KEY (event_id, concession, position), 
	FOREIGN KEY(event_id) REFERENCES events (id), 
	FOREIGN KEY(source_id) REFERENCES sources (id)
);
CREATE INDEX ix_concession_disputes_source_id ON concession_disputes (source_id);
CREATE TABLE concession_parties (
	event_id VARCHAR NOT NULL, 
	concession INTEGER NOT NULL, 
	side VARCHAR(11) NOT NULL, 
	position INTEGER NOT NULL, 
	actor_id VARCHAR NOT NULL, 
	PRIMARY KEY (event_id, concession, side, position), 
	FOREIGN KEY(event_id) REFERENCES events (id), 
	FOREIGN KEY(actor_id) REFERENCES actors (id)
);
CREATE INDEX ix_concession_parties_actor_id ON concession_parties (actor_id);
CREATE TABLE concessions (
	event_id VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	description VARCHAR NOT NULL, 
	status VARCHAR(11) NOT NULL, 
	disputed BOOLEAN NOT NULL, 
	dispute VARCHAR, 
	source_ids VARCHAR NOT NULL, 
	PRIMARY KEY (event_id, position), 
	FOREIGN KEY(event_id) REFERENCES events (id)
);
CREATE INDEX ix_concessions_kind ON concessions (kind);
CREATE INDEX ix_concessions_status ON concessions (status);
CREATE TABLE event_actors (
	event_id VARCHAR NOT NULL, 
	actor_id VARCHAR NOT NULL, 
	role VARCHAR(19) NOT NULL, 
	position INTEGER NOT NULL, 
	description VARCHAR, 
	source_ids VARCHAR NOT NULL, 
	PRIMARY KEY (event_id, actor_id, role), 
	FOREIGN KEY(event_id) REFERENCES events (id), 
	FOREIGN KEY(actor_id) REFERENCES actors (id)
);
CREATE INDEX ix_event_actors_actor_roles ON event_actors (actor_id, role);
CREATE INDEX ix_event_actors_roles ON event_actors (role, event_id, actor_id);
CREATE TABLE event_dates (
	event_id VARCHAR NOT NULL, 
	step VARCHAR(9) NOT NULL, 
	date VARCHAR NOT NULL, 
	date_precision VARCHAR(5) NOT NULL, 
	date_start VARCHAR NOT NULL, 
	date_end VARCHAR NOT NULL, 
	note VARCHAR, 
	source_ids VARCHAR NOT NULL, 
	PRIMARY KEY (event_id, step), 
	FOREIGN KEY(event_id) REFERENCES events (id)
);
CREATE INDEX ix_event_dates_date_start ON event_dates (date_start);
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
	count INTEGER, 
	count_low INTEGER, 
	count_high INTEGER, 
	count_qualifier VARCHAR(11) NOT NULL, 
	according_to VARCHAR, 
	attribution VARCHAR, 
	source_ids VARCHAR NOT NULL, 
	PRIMARY KEY (event_id, position), 
	FOREIGN KEY(event_id) REFERENCES events (id), 
	FOREIGN KEY(country) REFERENCES countries (code), 
	FOREIGN KEY(according_to) REFERENCES actors (id)
);
CREATE INDEX ix_prisoner_counts_according_to ON prisoner_counts (according_to);
CREATE INDEX ix_prisoner_counts_as_of ON prisoner_counts (as_of);
CREATE INDEX ix_prisoner_counts_series ON prisoner_counts (country, as_of, count);
CREATE TABLE release_concessions (
	event_id VARCHAR NOT NULL, 
	concession INTEGER NOT NULL, 
	party INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	granted_by VARCHAR, 
	granting_state VARCHAR, 
	status VARCHAR NOT NULL, 
	disputed BOOLEAN NOT NULL, 
	event_status VARCHAR NOT NULL, 
	date_start VARCHAR NOT NULL, 
	date_end VARCHAR NOT NULL, 
	releasing_state VARCHAR, 
	PRIMARY KEY (event_id, concession, party), 
	FOREIGN KEY(event_id) REFERENCES events (id)
);
CREATE INDEX ix_release_concessions_scan ON release_concessions (kind, granting_state, granted_by, date_start, date_end, status, disputed, event_id);
CREATE TABLE release_mediators (
	actor_id VARCHAR NOT NULL, 
	event_id VARCHAR NOT NULL, 
	roles VARCHAR NOT NULL, 
	counted BOOLEAN NOT NULL, 
	date_start VARCHAR NOT NULL, 
	date_end VARCHAR NOT NULL, 
	releasing_state VARCHAR, 
	date VARCHAR NOT NULL, 
	freed INTEGER, 
	freed_low INTEGER, 
	freed_high INTEGER, 
	freed_qualifier VARCHAR, 
	PRIMARY KEY (actor_id, event_id), 
	FOREIGN KEY(event_id) REFERENCES events (id)
);
CREATE INDEX ix_release_mediators_event_id ON release_mediators (event_id);
CREATE INDEX ix_release_mediators_scan ON release_mediators (actor_id, counted, date_start, date_end, releasing_state, date, roles);
CREATE TABLE release_nationalities (
	event_id VARCHAR NOT NULL, 
	transfer INTEGER NOT NULL, 
	country VARCHAR NOT NULL, 
	count INTEGER, 
	count_low INTEGER, 
	count_high INTEGER, 
	count_qualifier VARCHAR, 
	counted BOOLEAN NOT NULL, 
	from_state VARCHAR, 
	date_start VARCHAR NOT NULL, 
	date_end VARCHAR NOT NULL, 
	date VARCHAR NOT NULL, 
	PRIMARY KEY (event_id, transfer, country), 
	FOREIGN KEY(event_id) REFERENCES events (id)
);
CREATE INDEX ix_release_nationalities_scan ON release_nationalities (country, counted, date_start, date_end, from_state, count, date);
CREATE TABLE release_people (
	person_id VARCHAR NOT NULL, 
	event_id VARCHAR NOT NULL, 
	transfer INTEGER NOT NULL, 
	counted BOOLEAN NOT NULL, 
	date_start VARCHAR NOT NULL, 
	date_end VARCHAR NOT NULL, 
	from_state VARCHAR, 
	PRIMARY KEY (person_id, event_id, transfer), 
	FOREIGN KEY(event_id) REFERENCES events (id)
);
CREATE INDEX ix_release_people_event_id ON release_people (event_id);
CREATE INDEX ix_release_people_scan ON release_people (counted, date_start, date_end, from_state, person_id);
CREATE TABLE release_transfers (
	event_id VARCHAR NOT NULL, 
	transfer INTEGER NOT NULL, 
	from_state VARCHAR, 
	held_by VARCHAR, 
	to_state VARCHAR, 
	how VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	counted BOOLEAN NOT NULL, 
	count INTEGER, 
	count_low INTEGER, 
	count_high INTEGER, 
	count_qualifier VARCHAR, 
	political INTEGER, 
	political_low INTEGER, 
	political_high INTEGER, 
	political_qualifier VARCHAR, 
	date VARCHAR NOT NULL, 
	date_start VARCHAR NOT NULL, 
	date_end VARCHAR NOT NULL, 
	year INTEGER NOT NULL, 
	PRIMARY KEY (event_id, transfer), 
	FOREIGN KEY(event_id) REFERENCES events (id)
);
CREATE INDEX ix_release_transfers_scan ON release_transfers (counted, date_start, date_end, from_state, to_state, year);
CREATE TABLE statements (
	event_id VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	"key" VARCHAR, 
	actor_id VARCHAR, 
	gist VARCHAR NOT NULL, 
	platform VARCHAR, 
	stance VARCHAR(10) NOT NULL, 
	date VARCHAR, 
	source_ids VARCHAR NOT NULL, 
	PRIMARY KEY (event_id, position), 
	FOREIGN KEY(event_id) REFERENCES events (id), 
	FOREIGN KEY(actor_id) REFERENCES actors (id)
);
CREATE INDEX ix_statements_actor_id ON statements (actor_id);
CREATE INDEX ix_statements_stance ON statements (stance);
CREATE TABLE transfer_nationalities (
	event_id VARCHAR NOT NULL, 
	transfer INTEGER NOT NULL, 
	country VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	count INTEGER, 
	count_low INTEGER, 
	count_high INTEGER, 
	count_qualifier VARCHAR(11), 
	source_ids VARCHAR NOT NULL, 
	PRIMARY KEY (event_id, transfer, country), 
	FOREIGN KEY(event_id) REFERENCES events (id), 
	FOREIGN KEY(country) REFERENCES countries (code)
);
CREATE INDEX ix_transfer_nationalities_country ON transfer_nationalities (country);
CREATE TABLE transfer_people (
	event_id VARCHAR NOT NULL, 
	transfer INTEGER NOT NULL, 
	person_id VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	note VARCHAR, 
	source_ids VARCHAR NOT NULL, 
	PRIMARY KEY (event_id, transfer, person_id), 
	FOREIGN KEY(event_id) REFERENCES events (id), 
	FOREIGN KEY(person_id) REFERENCES people (id)
);
CREATE INDEX ix_transfer_people_person_id ON transfer_people (person_id);
CREATE TABLE transfers (
	event_id VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	from_state VARCHAR, 
	held_by VARCHAR, 
	to_state VARCHAR, 
	how VARCHAR(11) NOT NULL, 
	status VARCHAR(18) NOT NULL, 
	date VARCHAR, 
	count INTEGER, 
	count_low INTEGER, 
	count_high INTEGER, 
	count_qualifier VARCHAR(11), 
	political INTEGER, 
	political_low INTEGER, 
	political_high INTEGER, 
	political_qualifier VARCHAR(11), 
	all_political BOOLEAN NOT NULL, 
	foreign_nationals INTEGER, 
	foreign_nationals_low INTEGER, 
	foreign_nationals_high INTEGER, 
	foreign_nationals_qualifier VARCHAR(11), 
	note VARCHAR, 
	source_ids VARCHAR NOT NULL, 
	PRIMARY KEY (event_id, position), 
	FOREIGN KEY(event_id) REFERENCES events (id), 
	FOREIGN KEY(from_state) REFERENCES countries (code), 
	FOREIGN KEY(held_by) REFERENCES actors (id), 
	FOREIGN KEY(to_state) REFERENCES countries (code)
);
CREATE INDEX ix_transfers_flows ON transfers (from_state, to_state, status, event_id);
CREATE INDEX ix_transfers_held_by ON transfers (held_by);
CREATE INDEX ix_transfers_status ON transfers (status);
CREATE INDEX ix_transfers_to_state ON transfers (to_state);
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

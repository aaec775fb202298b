-- index complaint_tags_tag
CREATE INDEX complaint_tags_tag ON complaint_tags(tag);

-- index complaints_building_status
CREATE INDEX complaints_building_status ON complaints(building, status);

-- index complaints_company_status
CREATE INDEX complaints_company_status ON complaints(company, status);

-- index complaints_received
CREATE INDEX complaints_received ON complaints(received_at);

-- index complaints_ref
CREATE UNIQUE INDEX complaints_ref ON complaints(ref) WHERE ref IS NOT NULL;

-- index complaints_status_received
CREATE INDEX complaints_status_received ON complaints(status, received_at);

-- index duty_overrides_dates
CREATE INDEX duty_overrides_dates ON duty_overrides(start_date, end_date);

-- index events_at
CREATE INDEX events_at ON events(at);

-- index events_complaint
CREATE INDEX events_complaint ON events(complaint_id, id);

-- index events_undoes
CREATE INDEX events_undoes ON events(undoes) WHERE undoes IS NOT NULL;

-- index idx__sqlite_migrations_migration_set_name
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");

-- index meeting_agenda_complaint
CREATE INDEX meeting_agenda_complaint ON meeting_agenda(complaint_id);

-- index meeting_attendance_meeting
CREATE INDEX meeting_attendance_meeting ON meeting_attendance(meeting_id);

-- index meeting_decisions_complaint
CREATE INDEX meeting_decisions_complaint ON meeting_decisions(complaint_id);

-- index meeting_decisions_meeting
CREATE INDEX meeting_decisions_meeting ON meeting_decisions(meeting_id);

-- index meetings_kind_date
CREATE INDEX meetings_kind_date ON meetings(kind, date);

-- table _sqlite_migrations
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);

-- table buildings
CREATE TABLE buildings (
            number          INTEGER PRIMARY KEY CHECK (number > 0),
            name            TEXT NOT NULL,          -- 3号楼
            units           INTEGER NOT NULL CHECK (units > 0),
            floors          INTEGER NOT NULL CHECK (floors > 0),
            rooms_per_floor INTEGER NOT NULL CHECK (rooms_per_floor > 0),
            company         TEXT NOT NULL REFERENCES companies(code)
        );

-- table companies
CREATE TABLE companies (
            code       TEXT PRIMARY KEY,
            name       TEXT NOT NULL UNIQUE,      -- 首华物业
            short_name TEXT NOT NULL,             -- 首华
            name_en    TEXT NOT NULL DEFAULT '',  -- Shouhua Property
            aliases    TEXT NOT NULL DEFAULT '[]',-- JSON list of other accepted spellings
            phone      TEXT NOT NULL DEFAULT '',  -- the company's service phone (not a resident's)
            position   INTEGER NOT NULL DEFAULT 0
        );

-- table complaint_tags
CREATE TABLE complaint_tags (
            complaint_id INTEGER NOT NULL REFERENCES complaints(id),
            tag          TEXT NOT NULL,
            PRIMARY KEY (complaint_id, tag)
        ) WITHOUT ROWID;

-- table complaints
CREATE TABLE complaints (
            id              INTEGER PRIMARY KEY,     -- the short number a worker types
            uuid            TEXT NOT NULL UNIQUE,    -- identity across ledgers
            received_at     TEXT NOT NULL,
            source          TEXT NOT NULL,
            text            TEXT NOT NULL,
            building        INTEGER REFERENCES buildings(number),
            unit            INTEGER,
            room            TEXT,
            place           TEXT,                    -- a public place when no building applies
            item            TEXT NOT NULL REFERENCES items(code),
            scope           TEXT NOT NULL CHECK (scope IN ('joint', 'separate')),
            company         TEXT NOT NULL REFERENCES companies(code),
            routing         TEXT NOT NULL,           -- why this company: separate|duty|override
            routing_note    TEXT NOT NULL DEFAULT '',
            urgency         TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent')),
            ref             TEXT,                    -- 12345 work-order number
            status          TEXT NOT NULL,
            respond_by      TEXT,
            resolve_by      TEXT,
            dispatched_at   TEXT,
            responded_at    TEXT,
            resolved_at     TEXT,
            closed_at       TEXT,
            followup_at        TEXT,
            followup_resolved  TEXT CHECK (followup_resolved IN ('yes', 'partly', 'no')),
            followup_satisfied TEXT CHECK (followup_satisfied IN ('yes', 'basic', 'no')),
            duplicate_of    INTEGER REFERENCES complaints(id),
            contact_id      INTEGER REFERENCES contacts(id),
            created_at      TEXT NOT NULL,
            updated_at      TEXT NOT NULL
        );

-- table complaints_fts
CREATE VIRTUAL TABLE "complaints_fts" USING FTS5 (
    "text", "place",
    tokenize='trigram',
    content="complaints"
);

-- table complaints_fts_config
CREATE TABLE 'complaints_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

-- table complaints_fts_data
CREATE TABLE 'complaints_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

-- table complaints_fts_docsize
CREATE TABLE 'complaints_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

-- table complaints_fts_idx
CREATE TABLE 'complaints_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

-- table contacts
CREATE TABLE contacts (
            id    INTEGER PRIMARY KEY,
            uuid  TEXT NOT NULL UNIQUE,
            name  TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT ''
        );

-- table duty_overrides
CREATE TABLE duty_overrides (
            id            INTEGER PRIMARY KEY,
            uuid          TEXT NOT NULL UNIQUE,
            start_date    TEXT NOT NULL,
            end_date      TEXT NOT NULL,           -- inclusive, as the user typed it
            company       TEXT NOT NULL REFERENCES companies(code),
            reason        TEXT NOT NULL,
            meeting_id    INTEGER,                 -- the meeting that agreed it, when known
            created_at    TEXT NOT NULL,
            revoked_at    TEXT,
            revoke_reason TEXT,
            CHECK (end_date >= start_date)
        );

-- table events
CREATE TABLE events (
            id           INTEGER PRIMARY KEY,
            uuid         TEXT NOT NULL UNIQUE,
            at           TEXT NOT NULL,
            actor        TEXT NOT NULL,
            kind         TEXT NOT NULL,             -- created, status, tag, route, note, ...
            complaint_id INTEGER REFERENCES complaints(id),
            subject      TEXT NOT NULL DEFAULT 'complaint',  -- complaint|override|rotation|meeting
            subject_id   INTEGER,
            data         TEXT NOT NULL DEFAULT '{}', -- JSON: before/after values, reason, note
            undoes       INTEGER REFERENCES events(id)
        );

-- table items
CREATE TABLE items (
            code          TEXT PRIMARY KEY,
            name          TEXT NOT NULL UNIQUE,     -- 垃圾桶站
            name_en       TEXT NOT NULL,
            scope         TEXT NOT NULL CHECK (scope IN ('joint', 'separate')),
            respond_hours INTEGER NOT NULL CHECK (respond_hours > 0),  -- normal urgency
            urgent_respond_hours INTEGER NOT NULL CHECK (urgent_respond_hours > 0),
            resolve_days  INTEGER NOT NULL CHECK (resolve_days > 0),
            keywords      TEXT NOT NULL DEFAULT '[]',  -- JSON list, used to recognise the item
            position      INTEGER NOT NULL DEFAULT 0
        );

-- table meeting_agenda
CREATE TABLE meeting_agenda (
            meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
            complaint_id INTEGER NOT NULL REFERENCES complaints(id),
            position     INTEGER NOT NULL DEFAULT 0,
            reason       TEXT NOT NULL DEFAULT '',   -- why it is on the agenda (auto rules)
            PRIMARY KEY (meeting_id, complaint_id)
        ) WITHOUT ROWID;

-- table meeting_attendance
CREATE TABLE meeting_attendance (
            id         INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            name       TEXT NOT NULL,               -- role and name as typed: 首华物业 王经理
            present    INTEGER NOT NULL CHECK (present IN (0, 1))
        );

-- table meeting_decisions
CREATE TABLE meeting_decisions (
            id            INTEGER PRIMARY KEY,
            uuid          TEXT NOT NULL UNIQUE,
            meeting_id    INTEGER NOT NULL REFERENCES meetings(id),
            complaint_id  INTEGER REFERENCES complaints(id),
            decision      TEXT NOT NULL,
            owner         TEXT NOT NULL DEFAULT '',  -- a company code or a person
            due           TEXT,
            votes_for     INTEGER,
            votes_against INTEGER,
            votes_abstain INTEGER,
            done_at       TEXT,
            created_at    TEXT NOT NULL
        );

-- table meetings
CREATE TABLE meetings (
            id         INTEGER PRIMARY KEY,
            uuid       TEXT NOT NULL UNIQUE,
            kind       TEXT NOT NULL,            -- council|joint|liaison|symposium|progress
            date       TEXT NOT NULL,
            time       TEXT NOT NULL DEFAULT '',
            place      TEXT NOT NULL DEFAULT '',
            host       TEXT NOT NULL DEFAULT '',
            recorder   TEXT NOT NULL DEFAULT '',
            title      TEXT NOT NULL DEFAULT '',
            notes      TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

-- table places
CREATE TABLE places (
            code     TEXT PRIMARY KEY,
            name     TEXT NOT NULL UNIQUE,          -- 北门
            aliases  TEXT NOT NULL DEFAULT '[]',
            position INTEGER NOT NULL DEFAULT 0
        );

-- table rotation_versions
CREATE TABLE rotation_versions (
            id             INTEGER PRIMARY KEY,
            uuid           TEXT NOT NULL UNIQUE,
            effective_from TEXT NOT NULL UNIQUE,    -- the first date this version decides
            handover_month INTEGER NOT NULL CHECK (handover_month BETWEEN 1 AND 12),
            handover_day   INTEGER NOT NULL CHECK (handover_day BETWEEN 1 AND 28),
            company_order  TEXT NOT NULL,           -- JSON list of company codes, first on duty first
            created_at     TEXT NOT NULL,
            reason         TEXT NOT NULL DEFAULT ''
        );

-- table settings
CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

-- trigger complaints_ad
CREATE TRIGGER "complaints_ad" AFTER DELETE ON "complaints" BEGIN
  INSERT INTO "complaints_fts" ("complaints_fts", rowid, "text", "place") VALUES('delete', old.rowid, old."text", old."place");
END;

-- trigger complaints_ai
CREATE TRIGGER "complaints_ai" AFTER INSERT ON "complaints" BEGIN
  INSERT INTO "complaints_fts" (rowid, "text", "place") VALUES (new.rowid, new."text", new."place");
END;

-- trigger complaints_au
CREATE TRIGGER "complaints_au" AFTER UPDATE ON "complaints" BEGIN
  INSERT INTO "complaints_fts" ("complaints_fts", rowid, "text", "place") VALUES('delete', old.rowid, old."text", old."place");
  INSERT INTO "complaints_fts" (rowid, "text", "place") VALUES (new.rowid, new."text", new."place");
END;

-- trigger events_no_delete
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
           BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- trigger events_no_update
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
           BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;


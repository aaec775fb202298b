-- index complaint_tags_tag
CREATE INDEX complaint_tags_tag ON complaint_tags(tag);

-- index complaints_awaiting_call
CREATE INDEX complaints_awaiting_call ON complaints(resolved_at, followup_resolved, followup_at, status) WHERE status = 'resolved';

-- index complaints_awaiting_response
CREATE INDEX complaints_awaiting_response ON complaints(received_at, respond_by, company, building, item, source, status, dispatched_at, responded_at, resolved_at) WHERE dispatched_at IS NOT NULL AND responded_at IS NULL AND resolved_at IS NULL;

-- index complaints_building_status
CREATE INDEX complaints_building_status ON complaints(building, status);

-- index complaints_company_status
CREATE INDEX complaints_company_status ON complaints(company, status);

-- index complaints_contact
CREATE INDEX complaints_contact ON complaints(contact_id) WHERE contact_id IS NOT NULL;

-- index complaints_due_resolve
CREATE INDEX complaints_due_resolve ON complaints(resolve_by) WHERE status IN ('received', 'dispatched', 'in_progress', 'disputed', 'reopened');

-- index complaints_due_respond
CREATE INDEX complaints_due_respond ON complaints(respond_by) WHERE status IN ('received', 'dispatched', 'in_progress', 'disputed', 'reopened') AND responded_at IS NULL;

-- index complaints_duplicate_of
CREATE INDEX complaints_duplicate_of ON complaints(duplicate_of) WHERE duplicate_of IS NOT NULL;

-- index complaints_name
CREATE UNIQUE INDEX complaints_name ON complaints(name) WHERE name IS NOT NULL;

-- index complaints_open
CREATE INDEX complaints_open ON complaints(received_at, respond_by, resolve_by, responded_at, status, company) WHERE status IN ('received', 'dispatched', 'in_progress', 'disputed', 'reopened');

-- index complaints_open_joint
CREATE INDEX complaints_open_joint ON complaints(company, received_at, scope, routing, status) WHERE scope = 'joint' AND routing IN ('duty', 'handover') AND status IN ('received', 'dispatched', 'in_progress', 'disputed', 'reopened');

-- index complaints_open_spot
CREATE INDEX complaints_open_spot ON complaints(item, building, received_at, place, unit) WHERE status IN ('received', 'dispatched', 'in_progress', 'disputed', 'reopened');

-- index complaints_received
CREATE INDEX complaints_received ON complaints(received_at, item, building, place, status);

-- index complaints_ref
CREATE UNIQUE INDEX complaints_ref ON complaints(ref) WHERE ref IS NOT NULL;

-- index complaints_spot
CREATE INDEX complaints_spot ON complaints(item, building, received_at, place, status);

-- index complaints_status_received
CREATE INDEX complaints_status_received ON complaints(status, received_at);

-- index duty_overrides_dates
CREATE INDEX duty_overrides_dates ON duty_overrides(start_date, end_date);

-- index events_at
CREATE INDEX events_at ON events(at);

-- index events_complaint
CREATE INDEX events_complaint ON events(complaint_id, id, uuid);

-- index events_exports
CREATE INDEX events_exports ON events(at, id) WHERE kind IN ('export', 'contacts');

-- index events_steps
CREATE INDEX events_steps ON events(at, complaint_id, kind) WHERE kind IN ('dispatch', 'respond', 'resolve', 'close', 'reopen', 'dispute', 'duplicate', 'reject');

-- index events_undo_at
CREATE INDEX events_undo_at ON events(at) WHERE kind = 'undo';

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

-- table companion
CREATE TABLE companion (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- table complaint_counts
CREATE TABLE complaint_counts (dim TEXT NOT NULL, day TEXT NOT NULL, key TEXT NOT NULL, cohort INTEGER NOT NULL, n INTEGER NOT NULL DEFAULT 0, answered INTEGER NOT NULL DEFAULT 0, in_time INTEGER NOT NULL DEFAULT 0, fr_n INTEGER NOT NULL DEFAULT 0, fr_yes INTEGER NOT NULL DEFAULT 0, fr_partly INTEGER NOT NULL DEFAULT 0, fs_n INTEGER NOT NULL DEFAULT 0, fs_yes INTEGER NOT NULL DEFAULT 0, fs_basic INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (dim, day, key, cohort)) WITHOUT ROWID;

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
        , name TEXT);

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

-- table estate_versions
CREATE TABLE estate_versions (
            id         INTEGER PRIMARY KEY,
            uuid       TEXT NOT NULL UNIQUE,
            from_date  TEXT NOT NULL UNIQUE,    -- the first date it decides; 0001-01-01: the start
            definition TEXT,                    -- JSON; NULL: the estate tables (the only version)
            created_at TEXT NOT NULL,
            actor      TEXT NOT NULL DEFAULT '',
            reason     TEXT NOT NULL DEFAULT '',
            event_id   INTEGER REFERENCES events(id)
        );

-- table event_counts
CREATE TABLE event_counts (day TEXT NOT NULL, kind TEXT NOT NULL, company TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (day, kind, company)) WITHOUT ROWID;

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
        , rev INTEGER);

-- table item_limits
CREATE TABLE item_limits (
            item   TEXT NOT NULL REFERENCES items(code),
            step   TEXT NOT NULL CHECK (step IN ('respond', 'urgent_respond', 'resolve', 'urgent_resolve')),
            amount INTEGER NOT NULL CHECK (amount > 0),
            unit   TEXT NOT NULL CHECK (unit IN ('hours', 'days', 'workdays')),
            PRIMARY KEY (item, step)
        ) WITHOUT ROWID;

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

-- table merge_conflicts
CREATE TABLE merge_conflicts (
            id           INTEGER PRIMARY KEY,
            subject      TEXT NOT NULL,     -- complaint|meeting|decision|override|rotation
            subject_uuid TEXT NOT NULL,
            part         TEXT NOT NULL,     -- status, company, place, item, tag:<tag>, ... or *
            kept         TEXT NOT NULL,     -- JSON: the values the merge kept (on both sides)
            lost         TEXT NOT NULL,     -- JSON: the other laptop's values
            kept_change  TEXT NOT NULL,     -- the event (or record version) that was kept
            lost_change  TEXT NOT NULL,
            found_at     TEXT NOT NULL,
            file         TEXT NOT NULL DEFAULT '',
            settled_at   TEXT,              -- set by merge --keep/--take (or a later change)
            settled_by   TEXT,
            UNIQUE (subject_uuid, part, lost_change)
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

-- table status_counts
CREATE TABLE status_counts (status TEXT NOT NULL, company TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (status, company)) WITHOUT ROWID;

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

-- trigger counts_complaint_company
CREATE TRIGGER "counts_complaint_company" AFTER UPDATE OF company ON complaints WHEN OLD.company IS NOT NEW.company BEGIN INSERT INTO event_counts (day, kind, company, n) SELECT substr(e.at, 1, 10), e.kind, OLD.company, -1 * count(*) FROM events e WHERE e.complaint_id = NEW.id AND e.kind IN ('dispatch', 'respond', 'resolve', 'close', 'reopen', 'dispute', 'remind') AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id) GROUP BY 1, 2 ON CONFLICT (day, kind, company) DO UPDATE SET n = n + excluded.n; INSERT INTO event_counts (day, kind, company, n) SELECT substr(e.at, 1, 10), e.kind, NEW.company, 1 * count(*) FROM events e WHERE e.complaint_id = NEW.id AND e.kind IN ('dispatch', 'respond', 'resolve', 'close', 'reopen', 'dispute', 'remind') AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id) GROUP BY 1, 2 ON CONFLICT (day, kind, company) DO UPDATE SET n = n + excluded.n; END;

-- trigger counts_complaint_delete
CREATE TRIGGER "counts_complaint_delete" AFTER DELETE ON complaints BEGIN INSERT INTO complaint_counts (dim, day, key, cohort, n, answered, in_time, fr_n, fr_yes, fr_partly, fs_n, fs_yes, fs_basic) SELECT dim, day, key, cohort, sum(n), sum(answered), sum(in_time), sum(fr_n), sum(fr_yes), sum(fr_partly), sum(fs_n), sum(fs_yes), sum(fs_basic) FROM (SELECT 'company' AS dim, substr(OLD.received_at, 1, 10) AS day, OLD.company AS key, CASE WHEN OLD.status IN ('duplicate', 'rejected') THEN 0 WHEN OLD.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, -1 * (1) AS n, -1 * ((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL)) AS answered, -1 * (((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL) AND (OLD.respond_by IS NULL OR COALESCE(OLD.responded_at, OLD.resolved_at) <= OLD.respond_by))) AS in_time, -1 * ((OLD.followup_resolved IS NOT NULL)) AS fr_n, -1 * ((OLD.followup_resolved IS 'yes')) AS fr_yes, -1 * ((OLD.followup_resolved IS 'partly')) AS fr_partly, -1 * ((OLD.followup_satisfied IS NOT NULL)) AS fs_n, -1 * ((OLD.followup_satisfied IS 'yes')) AS fs_yes, -1 * ((OLD.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'building' AS dim, substr(OLD.received_at, 1, 10) AS day, COALESCE(CAST(OLD.building AS TEXT), 'public') AS key, CASE WHEN OLD.status IN ('duplicate', 'rejected') THEN 0 WHEN OLD.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, -1 * (1) AS n, -1 * ((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL)) AS answered, -1 * (((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL) AND (OLD.respond_by IS NULL OR COALESCE(OLD.responded_at, OLD.resolved_at) <= OLD.respond_by))) AS in_time, -1 * ((OLD.followup_resolved IS NOT NULL)) AS fr_n, -1 * ((OLD.followup_resolved IS 'yes')) AS fr_yes, -1 * ((OLD.followup_resolved IS 'partly')) AS fr_partly, -1 * ((OLD.followup_satisfied IS NOT NULL)) AS fs_n, -1 * ((OLD.followup_satisfied IS 'yes')) AS fs_yes, -1 * ((OLD.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'item' AS dim, substr(OLD.received_at, 1, 10) AS day, OLD.item AS key, CASE WHEN OLD.status IN ('duplicate', 'rejected') THEN 0 WHEN OLD.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, -1 * (1) AS n, -1 * ((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL)) AS answered, -1 * (((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL) AND (OLD.respond_by IS NULL OR COALESCE(OLD.responded_at, OLD.resolved_at) <= OLD.respond_by))) AS in_time, -1 * ((OLD.followup_resolved IS NOT NULL)) AS fr_n, -1 * ((OLD.followup_resolved IS 'yes')) AS fr_yes, -1 * ((OLD.followup_resolved IS 'partly')) AS fr_partly, -1 * ((OLD.followup_satisfied IS NOT NULL)) AS fs_n, -1 * ((OLD.followup_satisfied IS 'yes')) AS fs_yes, -1 * ((OLD.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'source' AS dim, substr(OLD.received_at, 1, 10) AS day, OLD.source AS key, CASE WHEN OLD.status IN ('duplicate', 'rejected') THEN 0 WHEN OLD.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, -1 * (1) AS n, -1 * ((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL)) AS answered, -1 * (((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL) AND (OLD.respond_by IS NULL OR COALESCE(OLD.responded_at, OLD.resolved_at) <= OLD.respond_by))) AS in_time, -1 * ((OLD.followup_resolved IS NOT NULL)) AS fr_n, -1 * ((OLD.followup_resolved IS 'yes')) AS fr_yes, -1 * ((OLD.followup_resolved IS 'partly')) AS fr_partly, -1 * ((OLD.followup_satisfied IS NOT NULL)) AS fs_n, -1 * ((OLD.followup_satisfied IS 'yes')) AS fs_yes, -1 * ((OLD.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'scope' AS dim, substr(OLD.received_at, 1, 10) AS day, OLD.scope AS key, CASE WHEN OLD.status IN ('duplicate', 'rejected') THEN 0 WHEN OLD.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, -1 * (1) AS n, -1 * ((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL)) AS answered, -1 * (((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL) AND (OLD.respond_by IS NULL OR COALESCE(OLD.responded_at, OLD.resolved_at) <= OLD.respond_by))) AS in_time, -1 * ((OLD.followup_resolved IS NOT NULL)) AS fr_n, -1 * ((OLD.followup_resolved IS 'yes')) AS fr_yes, -1 * ((OLD.followup_resolved IS 'partly')) AS fr_partly, -1 * ((OLD.followup_satisfied IS NOT NULL)) AS fs_n, -1 * ((OLD.followup_satisfied IS 'yes')) AS fs_yes, -1 * ((OLD.followup_satisfied IS 'basic')) AS fs_basic) WHERE true GROUP BY dim, day, key, cohort HAVING sum(n) != 0 OR sum(answered) != 0 OR sum(in_time) != 0 OR sum(fr_n) != 0 OR sum(fr_yes) != 0 OR sum(fr_partly) != 0 OR sum(fs_n) != 0 OR sum(fs_yes) != 0 OR sum(fs_basic) != 0 ON CONFLICT (dim, day, key, cohort) DO UPDATE SET n = n + excluded.n, answered = answered + excluded.answered, in_time = in_time + excluded.in_time, fr_n = fr_n + excluded.fr_n, fr_yes = fr_yes + excluded.fr_yes, fr_partly = fr_partly + excluded.fr_partly, fs_n = fs_n + excluded.fs_n, fs_yes = fs_yes + excluded.fs_yes, fs_basic = fs_basic + excluded.fs_basic; INSERT INTO status_counts (status, company, n) VALUES (OLD.status, OLD.company, -1) ON CONFLICT (status, company) DO UPDATE SET n = n + excluded.n; INSERT INTO event_counts (day, kind, company, n) SELECT substr(e.at, 1, 10), e.kind, OLD.company, -1 * count(*) FROM events e WHERE e.complaint_id = OLD.id AND e.kind IN ('dispatch', 'respond', 'resolve', 'close', 'reopen', 'dispute', 'remind') AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id) GROUP BY 1, 2 ON CONFLICT (day, kind, company) DO UPDATE SET n = n + excluded.n; END;

-- trigger counts_complaint_insert
CREATE TRIGGER "counts_complaint_insert" AFTER INSERT ON complaints BEGIN INSERT INTO complaint_counts (dim, day, key, cohort, n, answered, in_time, fr_n, fr_yes, fr_partly, fs_n, fs_yes, fs_basic) SELECT dim, day, key, cohort, sum(n), sum(answered), sum(in_time), sum(fr_n), sum(fr_yes), sum(fr_partly), sum(fs_n), sum(fs_yes), sum(fs_basic) FROM (SELECT 'company' AS dim, substr(NEW.received_at, 1, 10) AS day, NEW.company AS key, CASE WHEN NEW.status IN ('duplicate', 'rejected') THEN 0 WHEN NEW.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, 1 * (1) AS n, 1 * ((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL)) AS answered, 1 * (((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL) AND (NEW.respond_by IS NULL OR COALESCE(NEW.responded_at, NEW.resolved_at) <= NEW.respond_by))) AS in_time, 1 * ((NEW.followup_resolved IS NOT NULL)) AS fr_n, 1 * ((NEW.followup_resolved IS 'yes')) AS fr_yes, 1 * ((NEW.followup_resolved IS 'partly')) AS fr_partly, 1 * ((NEW.followup_satisfied IS NOT NULL)) AS fs_n, 1 * ((NEW.followup_satisfied IS 'yes')) AS fs_yes, 1 * ((NEW.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'building' AS dim, substr(NEW.received_at, 1, 10) AS day, COALESCE(CAST(NEW.building AS TEXT), 'public') AS key, CASE WHEN NEW.status IN ('duplicate', 'rejected') THEN 0 WHEN NEW.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, 1 * (1) AS n, 1 * ((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL)) AS answered, 1 * (((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL) AND (NEW.respond_by IS NULL OR COALESCE(NEW.responded_at, NEW.resolved_at) <= NEW.respond_by))) AS in_time, 1 * ((NEW.followup_resolved IS NOT NULL)) AS fr_n, 1 * ((NEW.followup_resolved IS 'yes')) AS fr_yes, 1 * ((NEW.followup_resolved IS 'partly')) AS fr_partly, 1 * ((NEW.followup_satisfied IS NOT NULL)) AS fs_n, 1 * ((NEW.followup_satisfied IS 'yes')) AS fs_yes, 1 * ((NEW.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'item' AS dim, substr(NEW.received_at, 1, 10) AS day, NEW.item AS key, CASE WHEN NEW.status IN ('duplicate', 'rejected') THEN 0 WHEN NEW.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, 1 * (1) AS n, 1 * ((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL)) AS answered, 1 * (((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL) AND (NEW.respond_by IS NULL OR COALESCE(NEW.responded_at, NEW.resolved_at) <= NEW.respond_by))) AS in_time, 1 * ((NEW.followup_resolved IS NOT NULL)) AS fr_n, 1 * ((NEW.followup_resolved IS 'yes')) AS fr_yes, 1 * ((NEW.followup_resolved IS 'partly')) AS fr_partly, 1 * ((NEW.followup_satisfied IS NOT NULL)) AS fs_n, 1 * ((NEW.followup_satisfied IS 'yes')) AS fs_yes, 1 * ((NEW.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'source' AS dim, substr(NEW.received_at, 1, 10) AS day, NEW.source AS key, CASE WHEN NEW.status IN ('duplicate', 'rejected') THEN 0 WHEN NEW.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, 1 * (1) AS n, 1 * ((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL)) AS answered, 1 * (((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL) AND (NEW.respond_by IS NULL OR COALESCE(NEW.responded_at, NEW.resolved_at) <= NEW.respond_by))) AS in_time, 1 * ((NEW.followup_resolved IS NOT NULL)) AS fr_n, 1 * ((NEW.followup_resolved IS 'yes')) AS fr_yes, 1 * ((NEW.followup_resolved IS 'partly')) AS fr_partly, 1 * ((NEW.followup_satisfied IS NOT NULL)) AS fs_n, 1 * ((NEW.followup_satisfied IS 'yes')) AS fs_yes, 1 * ((NEW.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'scope' AS dim, substr(NEW.received_at, 1, 10) AS day, NEW.scope AS key, CASE WHEN NEW.status IN ('duplicate', 'rejected') THEN 0 WHEN NEW.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, 1 * (1) AS n, 1 * ((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL)) AS answered, 1 * (((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL) AND (NEW.respond_by IS NULL OR COALESCE(NEW.responded_at, NEW.resolved_at) <= NEW.respond_by))) AS in_time, 1 * ((NEW.followup_resolved IS NOT NULL)) AS fr_n, 1 * ((NEW.followup_resolved IS 'yes')) AS fr_yes, 1 * ((NEW.followup_resolved IS 'partly')) AS fr_partly, 1 * ((NEW.followup_satisfied IS NOT NULL)) AS fs_n, 1 * ((NEW.followup_satisfied IS 'yes')) AS fs_yes, 1 * ((NEW.followup_satisfied IS 'basic')) AS fs_basic) WHERE true GROUP BY dim, day, key, cohort HAVING sum(n) != 0 OR sum(answered) != 0 OR sum(in_time) != 0 OR sum(fr_n) != 0 OR sum(fr_yes) != 0 OR sum(fr_partly) != 0 OR sum(fs_n) != 0 OR sum(fs_yes) != 0 OR sum(fs_basic) != 0 ON CONFLICT (dim, day, key, cohort) DO UPDATE SET n = n + excluded.n, answered = answered + excluded.answered, in_time = in_time + excluded.in_time, fr_n = fr_n + excluded.fr_n, fr_yes = fr_yes + excluded.fr_yes, fr_partly = fr_partly + excluded.fr_partly, fs_n = fs_n + excluded.fs_n, fs_yes = fs_yes + excluded.fs_yes, fs_basic = fs_basic + excluded.fs_basic; INSERT INTO status_counts (status, company, n) VALUES (NEW.status, NEW.company, 1) ON CONFLICT (status, company) DO UPDATE SET n = n + excluded.n; END;

-- trigger counts_complaint_status
CREATE TRIGGER "counts_complaint_status" AFTER UPDATE OF status, company ON complaints WHEN OLD.status IS NOT NEW.status OR OLD.company IS NOT NEW.company BEGIN INSERT INTO status_counts (status, company, n) VALUES (OLD.status, OLD.company, -1) ON CONFLICT (status, company) DO UPDATE SET n = n + excluded.n; INSERT INTO status_counts (status, company, n) VALUES (NEW.status, NEW.company, 1) ON CONFLICT (status, company) DO UPDATE SET n = n + excluded.n; END;

-- trigger counts_complaint_update
CREATE TRIGGER "counts_complaint_update" AFTER UPDATE OF received_at, source, building, place, item, scope, company, status, dispatched_at, responded_at, resolved_at, respond_by, followup_resolved, followup_satisfied ON complaints BEGIN INSERT INTO complaint_counts (dim, day, key, cohort, n, answered, in_time, fr_n, fr_yes, fr_partly, fs_n, fs_yes, fs_basic) SELECT dim, day, key, cohort, sum(n), sum(answered), sum(in_time), sum(fr_n), sum(fr_yes), sum(fr_partly), sum(fs_n), sum(fs_yes), sum(fs_basic) FROM (SELECT 'company' AS dim, substr(OLD.received_at, 1, 10) AS day, OLD.company AS key, CASE WHEN OLD.status IN ('duplicate', 'rejected') THEN 0 WHEN OLD.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, -1 * (1) AS n, -1 * ((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL)) AS answered, -1 * (((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL) AND (OLD.respond_by IS NULL OR COALESCE(OLD.responded_at, OLD.resolved_at) <= OLD.respond_by))) AS in_time, -1 * ((OLD.followup_resolved IS NOT NULL)) AS fr_n, -1 * ((OLD.followup_resolved IS 'yes')) AS fr_yes, -1 * ((OLD.followup_resolved IS 'partly')) AS fr_partly, -1 * ((OLD.followup_satisfied IS NOT NULL)) AS fs_n, -1 * ((OLD.followup_satisfied IS 'yes')) AS fs_yes, -1 * ((OLD.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'building' AS dim, substr(OLD.received_at, 1, 10) AS day, COALESCE(CAST(OLD.building AS TEXT), 'public') AS key, CASE WHEN OLD.status IN ('duplicate', 'rejected') THEN 0 WHEN OLD.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, -1 * (1) AS n, -1 * ((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL)) AS answered, -1 * (((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL) AND (OLD.respond_by IS NULL OR COALESCE(OLD.responded_at, OLD.resolved_at) <= OLD.respond_by))) AS in_time, -1 * ((OLD.followup_resolved IS NOT NULL)) AS fr_n, -1 * ((OLD.followup_resolved IS 'yes')) AS fr_yes, -1 * ((OLD.followup_resolved IS 'partly')) AS fr_partly, -1 * ((OLD.followup_satisfied IS NOT NULL)) AS fs_n, -1 * ((OLD.followup_satisfied IS 'yes')) AS fs_yes, -1 * ((OLD.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'item' AS dim, substr(OLD.received_at, 1, 10) AS day, OLD.item AS key, CASE WHEN OLD.status IN ('duplicate', 'rejected') THEN 0 WHEN OLD.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, -1 * (1) AS n, -1 * ((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL)) AS answered, -1 * (((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL) AND (OLD.respond_by IS NULL OR COALESCE(OLD.responded_at, OLD.resolved_at) <= OLD.respond_by))) AS in_time, -1 * ((OLD.followup_resolved IS NOT NULL)) AS fr_n, -1 * ((OLD.followup_resolved IS 'yes')) AS fr_yes, -1 * ((OLD.followup_resolved IS 'partly')) AS fr_partly, -1 * ((OLD.followup_satisfied IS NOT NULL)) AS fs_n, -1 * ((OLD.followup_satisfied IS 'yes')) AS fs_yes, -1 * ((OLD.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'source' AS dim, substr(OLD.received_at, 1, 10) AS day, OLD.source AS key, CASE WHEN OLD.status IN ('duplicate', 'rejected') THEN 0 WHEN OLD.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, -1 * (1) AS n, -1 * ((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL)) AS answered, -1 * (((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL) AND (OLD.respond_by IS NULL OR COALESCE(OLD.responded_at, OLD.resolved_at) <= OLD.respond_by))) AS in_time, -1 * ((OLD.followup_resolved IS NOT NULL)) AS fr_n, -1 * ((OLD.followup_resolved IS 'yes')) AS fr_yes, -1 * ((OLD.followup_resolved IS 'partly')) AS fr_partly, -1 * ((OLD.followup_satisfied IS NOT NULL)) AS fs_n, -1 * ((OLD.followup_satisfied IS 'yes')) AS fs_yes, -1 * ((OLD.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'scope' AS dim, substr(OLD.received_at, 1, 10) AS day, OLD.scope AS key, CASE WHEN OLD.status IN ('duplicate', 'rejected') THEN 0 WHEN OLD.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, -1 * (1) AS n, -1 * ((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL)) AS answered, -1 * (((OLD.dispatched_at IS NOT NULL AND COALESCE(OLD.responded_at, OLD.resolved_at) IS NOT NULL) AND (OLD.respond_by IS NULL OR COALESCE(OLD.responded_at, OLD.resolved_at) <= OLD.respond_by))) AS in_time, -1 * ((OLD.followup_resolved IS NOT NULL)) AS fr_n, -1 * ((OLD.followup_resolved IS 'yes')) AS fr_yes, -1 * ((OLD.followup_resolved IS 'partly')) AS fr_partly, -1 * ((OLD.followup_satisfied IS NOT NULL)) AS fs_n, -1 * ((OLD.followup_satisfied IS 'yes')) AS fs_yes, -1 * ((OLD.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'company' AS dim, substr(NEW.received_at, 1, 10) AS day, NEW.company AS key, CASE WHEN NEW.status IN ('duplicate', 'rejected') THEN 0 WHEN NEW.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, 1 * (1) AS n, 1 * ((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL)) AS answered, 1 * (((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL) AND (NEW.respond_by IS NULL OR COALESCE(NEW.responded_at, NEW.resolved_at) <= NEW.respond_by))) AS in_time, 1 * ((NEW.followup_resolved IS NOT NULL)) AS fr_n, 1 * ((NEW.followup_resolved IS 'yes')) AS fr_yes, 1 * ((NEW.followup_resolved IS 'partly')) AS fr_partly, 1 * ((NEW.followup_satisfied IS NOT NULL)) AS fs_n, 1 * ((NEW.followup_satisfied IS 'yes')) AS fs_yes, 1 * ((NEW.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'building' AS dim, substr(NEW.received_at, 1, 10) AS day, COALESCE(CAST(NEW.building AS TEXT), 'public') AS key, CASE WHEN NEW.status IN ('duplicate', 'rejected') THEN 0 WHEN NEW.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, 1 * (1) AS n, 1 * ((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL)) AS answered, 1 * (((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL) AND (NEW.respond_by IS NULL OR COALESCE(NEW.responded_at, NEW.resolved_at) <= NEW.respond_by))) AS in_time, 1 * ((NEW.followup_resolved IS NOT NULL)) AS fr_n, 1 * ((NEW.followup_resolved IS 'yes')) AS fr_yes, 1 * ((NEW.followup_resolved IS 'partly')) AS fr_partly, 1 * ((NEW.followup_satisfied IS NOT NULL)) AS fs_n, 1 * ((NEW.followup_satisfied IS 'yes')) AS fs_yes, 1 * ((NEW.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'item' AS dim, substr(NEW.received_at, 1, 10) AS day, NEW.item AS key, CASE WHEN NEW.status IN ('duplicate', 'rejected') THEN 0 WHEN NEW.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, 1 * (1) AS n, 1 * ((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL)) AS answered, 1 * (((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL) AND (NEW.respond_by IS NULL OR COALESCE(NEW.responded_at, NEW.resolved_at) <= NEW.respond_by))) AS in_time, 1 * ((NEW.followup_resolved IS NOT NULL)) AS fr_n, 1 * ((NEW.followup_resolved IS 'yes')) AS fr_yes, 1 * ((NEW.followup_resolved IS 'partly')) AS fr_partly, 1 * ((NEW.followup_satisfied IS NOT NULL)) AS fs_n, 1 * ((NEW.followup_satisfied IS 'yes')) AS fs_yes, 1 * ((NEW.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'source' AS dim, substr(NEW.received_at, 1, 10) AS day, NEW.source AS key, CASE WHEN NEW.status IN ('duplicate', 'rejected') THEN 0 WHEN NEW.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, 1 * (1) AS n, 1 * ((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL)) AS answered, 1 * (((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL) AND (NEW.respond_by IS NULL OR COALESCE(NEW.responded_at, NEW.resolved_at) <= NEW.respond_by))) AS in_time, 1 * ((NEW.followup_resolved IS NOT NULL)) AS fr_n, 1 * ((NEW.followup_resolved IS 'yes')) AS fr_yes, 1 * ((NEW.followup_resolved IS 'partly')) AS fr_partly, 1 * ((NEW.followup_satisfied IS NOT NULL)) AS fs_n, 1 * ((NEW.followup_satisfied IS 'yes')) AS fs_yes, 1 * ((NEW.followup_satisfied IS 'basic')) AS fs_basic UNION ALL SELECT 'scope' AS dim, substr(NEW.received_at, 1, 10) AS day, NEW.scope AS key, CASE WHEN NEW.status IN ('duplicate', 'rejected') THEN 0 WHEN NEW.source IN ('patrol', 'visit') THEN 2 ELSE 1 END AS cohort, 1 * (1) AS n, 1 * ((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL)) AS answered, 1 * (((NEW.dispatched_at IS NOT NULL AND COALESCE(NEW.responded_at, NEW.resolved_at) IS NOT NULL) AND (NEW.respond_by IS NULL OR COALESCE(NEW.responded_at, NEW.resolved_at) <= NEW.respond_by))) AS in_time, 1 * ((NEW.followup_resolved IS NOT NULL)) AS fr_n, 1 * ((NEW.followup_resolved IS 'yes')) AS fr_yes, 1 * ((NEW.followup_resolved IS 'partly')) AS fr_partly, 1 * ((NEW.followup_satisfied IS NOT NULL)) AS fs_n, 1 * ((NEW.followup_satisfied IS 'yes')) AS fs_yes, 1 * ((NEW.followup_satisfied IS 'basic')) AS fs_basic) WHERE true GROUP BY dim, day, key, cohort HAVING sum(n) != 0 OR sum(answered) != 0 OR sum(in_time) != 0 OR sum(fr_n) != 0 OR sum(fr_yes) != 0 OR sum(fr_partly) != 0 OR sum(fs_n) != 0 OR sum(fs_yes) != 0 OR sum(fs_basic) != 0 ON CONFLICT (dim, day, key, cohort) DO UPDATE SET n = n + excluded.n, answered = answered + excluded.answered, in_time = in_time + excluded.in_time, fr_n = fr_n + excluded.fr_n, fr_yes = fr_yes + excluded.fr_yes, fr_partly = fr_partly + excluded.fr_partly, fs_n = fs_n + excluded.fs_n, fs_yes = fs_yes + excluded.fs_yes, fs_basic = fs_basic + excluded.fs_basic; END;

-- trigger counts_event_step
CREATE TRIGGER "counts_event_step" AFTER INSERT ON events WHEN NEW.complaint_id IS NOT NULL AND NEW.kind IN ('dispatch', 'respond', 'resolve', 'close', 'reopen', 'dispute', 'remind') AND NEW.undoes IS NULL BEGIN INSERT INTO event_counts (day, kind, company, n) SELECT substr(NEW.at, 1, 10), NEW.kind, c.company, 1 FROM complaints c WHERE c.id = NEW.complaint_id AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = NEW.id) ON CONFLICT (day, kind, company) DO UPDATE SET n = n + 1; END;

-- trigger counts_event_undo
CREATE TRIGGER "counts_event_undo" AFTER INSERT ON events WHEN NEW.undoes IS NOT NULL BEGIN INSERT INTO event_counts (day, kind, company, n) SELECT substr(e.at, 1, 10), e.kind, c.company, -1 FROM events e JOIN complaints c ON c.id = e.complaint_id WHERE e.id = NEW.undoes AND e.kind IN ('dispatch', 'respond', 'resolve', 'close', 'reopen', 'dispute', 'remind') AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id AND u.id != NEW.id) ON CONFLICT (day, kind, company) DO UPDATE SET n = n - 1; END;

-- trigger events_no_delete
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
           BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- trigger events_no_update
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
           BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;


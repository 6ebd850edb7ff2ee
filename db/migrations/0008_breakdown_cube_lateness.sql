-- The breakdown cube and the timeliness of dossiers (decision 006, amendment): breakdowns by
-- procedure, officer, desk, channel and late against on-time dossiers read counters, not answers;
-- the share of dossiers completed on time is counted with the dossier report.
CREATE TABLE "agency_month_facets" (
	"agency_id" integer NOT NULL,
	"month" date NOT NULL,
	"verified" boolean NOT NULL,
	"procedure_id" integer,
	"officer_id" integer,
	"desk_id" integer,
	"channel" text NOT NULL,
	"timeliness" smallint NOT NULL,
	"stripe" smallint DEFAULT (txid_current() % 8) NOT NULL,
	"responses" integer DEFAULT 0 NOT NULL,
	"access1" integer DEFAULT 0 NOT NULL,
	"access2" integer DEFAULT 0 NOT NULL,
	"access3" integer DEFAULT 0 NOT NULL,
	"access4" integer DEFAULT 0 NOT NULL,
	"access5" integer DEFAULT 0 NOT NULL,
	"procedure1" integer DEFAULT 0 NOT NULL,
	"procedure2" integer DEFAULT 0 NOT NULL,
	"procedure3" integer DEFAULT 0 NOT NULL,
	"procedure4" integer DEFAULT 0 NOT NULL,
	"procedure5" integer DEFAULT 0 NOT NULL,
	"officials1" integer DEFAULT 0 NOT NULL,
	"officials2" integer DEFAULT 0 NOT NULL,
	"officials3" integer DEFAULT 0 NOT NULL,
	"officials4" integer DEFAULT 0 NOT NULL,
	"officials5" integer DEFAULT 0 NOT NULL,
	"result1" integer DEFAULT 0 NOT NULL,
	"result2" integer DEFAULT 0 NOT NULL,
	"result3" integer DEFAULT 0 NOT NULL,
	"result4" integer DEFAULT 0 NOT NULL,
	"result5" integer DEFAULT 0 NOT NULL,
	"feedback1" integer DEFAULT 0 NOT NULL,
	"feedback2" integer DEFAULT 0 NOT NULL,
	"feedback3" integer DEFAULT 0 NOT NULL,
	"feedback4" integer DEFAULT 0 NOT NULL,
	"feedback5" integer DEFAULT 0 NOT NULL,
	"overall1" integer DEFAULT 0 NOT NULL,
	"overall2" integer DEFAULT 0 NOT NULL,
	"overall3" integer DEFAULT 0 NOT NULL,
	"overall4" integer DEFAULT 0 NOT NULL,
	"overall5" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "agency_month_facets_key" UNIQUE NULLS NOT DISTINCT("agency_id","month","verified","procedure_id","officer_id","desk_id","channel","timeliness","stripe")
);
--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "timeliness" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agency_day_coverage" ADD COLUMN "completed_on_time" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agency_day_coverage" ADD COLUMN "completed_late" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agency_day_coverage" ADD COLUMN "completed_without_due" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agency_month_facets" ADD CONSTRAINT "agency_month_facets_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_timeliness_check" CHECK ("responses"."timeliness" between 0 and 2);
--> statement-breakpoint
-- On time: completed no later than the due time. No due time (or no completion): unknown.
CREATE OR REPLACE FUNCTION hl_timeliness(due timestamptz, completed timestamptz) RETURNS smallint AS $$
  SELECT CASE WHEN due IS NULL OR completed IS NULL THEN 0 WHEN completed <= due THEN 1 ELSE 2 END::smallint
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE
--> statement-breakpoint
-- Existing answers take their dossier's timeliness; only the key columns the day and month
-- counters read are unchanged, so their update trigger moves nothing.
UPDATE responses r SET timeliness = hl_timeliness(d.due_at, d.completed_at)
  FROM dossiers d WHERE d.id = r.dossier_id AND hl_timeliness(d.due_at, d.completed_at) <> 0
--> statement-breakpoint
UPDATE agency_day_coverage t SET completed_on_time = x.on_time, completed_late = x.late, completed_without_due = x.without_due
  FROM (
    SELECT agency_id, hl_vietnam_day(completed_at) AS day,
      count(*) filter (where hl_timeliness(due_at, completed_at) = 1)::int AS on_time,
      count(*) filter (where hl_timeliness(due_at, completed_at) = 2)::int AS late,
      count(*) filter (where hl_timeliness(due_at, completed_at) = 0)::int AS without_due
    FROM dossiers WHERE completed_at IS NOT NULL GROUP BY 1, 2
  ) x
  WHERE t.agency_id = x.agency_id AND t.day = x.day
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hl_rollup_dossiers() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO agency_day_coverage AS t (agency_id, day, completed_dossiers, completed_on_time, completed_late, completed_without_due)
    SELECT x.agency_id, hl_vietnam_day(x.completed_at), count(*)::int,
      count(*) filter (where hl_timeliness(x.due_at, x.completed_at) = 1)::int,
      count(*) filter (where hl_timeliness(x.due_at, x.completed_at) = 2)::int,
      count(*) filter (where hl_timeliness(x.due_at, x.completed_at) = 0)::int
    FROM new_rows x WHERE x.completed_at IS NOT NULL
    GROUP BY 1, 2
    ON CONFLICT (agency_id, day) DO UPDATE SET completed_dossiers = t.completed_dossiers + excluded.completed_dossiers,
      completed_on_time = t.completed_on_time + excluded.completed_on_time, completed_late = t.completed_late + excluded.completed_late,
      completed_without_due = t.completed_without_due + excluded.completed_without_due;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO agency_day_coverage AS t (agency_id, day, completed_dossiers, completed_on_time, completed_late, completed_without_due)
    SELECT x.agency_id, hl_vietnam_day(x.completed_at), -count(*)::int,
      -count(*) filter (where hl_timeliness(x.due_at, x.completed_at) = 1)::int,
      -count(*) filter (where hl_timeliness(x.due_at, x.completed_at) = 2)::int,
      -count(*) filter (where hl_timeliness(x.due_at, x.completed_at) = 0)::int
    FROM old_rows x WHERE x.completed_at IS NOT NULL
    GROUP BY 1, 2
    ON CONFLICT (agency_id, day) DO UPDATE SET completed_dossiers = t.completed_dossiers + excluded.completed_dossiers,
      completed_on_time = t.completed_on_time + excluded.completed_on_time, completed_late = t.completed_late + excluded.completed_late,
      completed_without_due = t.completed_without_due + excluded.completed_without_due;
  ELSE
    INSERT INTO agency_day_coverage AS t (agency_id, day, completed_dossiers, completed_on_time, completed_late, completed_without_due)
    SELECT x.agency_id, hl_vietnam_day(x.completed_at), -count(*)::int,
      -count(*) filter (where hl_timeliness(x.due_at, x.completed_at) = 1)::int,
      -count(*) filter (where hl_timeliness(x.due_at, x.completed_at) = 2)::int,
      -count(*) filter (where hl_timeliness(x.due_at, x.completed_at) = 0)::int
    FROM old_rows x JOIN new_rows y ON y.id = x.id WHERE (x.agency_id, x.completed_at, x.due_at) IS DISTINCT FROM (y.agency_id, y.completed_at, y.due_at) AND x.completed_at IS NOT NULL
    GROUP BY 1, 2
    ON CONFLICT (agency_id, day) DO UPDATE SET completed_dossiers = t.completed_dossiers + excluded.completed_dossiers,
      completed_on_time = t.completed_on_time + excluded.completed_on_time, completed_late = t.completed_late + excluded.completed_late,
      completed_without_due = t.completed_without_due + excluded.completed_without_due;
    INSERT INTO agency_day_coverage AS t (agency_id, day, completed_dossiers, completed_on_time, completed_late, completed_without_due)
    SELECT x.agency_id, hl_vietnam_day(x.completed_at), count(*)::int,
      count(*) filter (where hl_timeliness(x.due_at, x.completed_at) = 1)::int,
      count(*) filter (where hl_timeliness(x.due_at, x.completed_at) = 2)::int,
      count(*) filter (where hl_timeliness(x.due_at, x.completed_at) = 0)::int
    FROM new_rows x JOIN old_rows y ON y.id = x.id WHERE (x.agency_id, x.completed_at, x.due_at) IS DISTINCT FROM (y.agency_id, y.completed_at, y.due_at) AND x.completed_at IS NOT NULL
    GROUP BY 1, 2
    ON CONFLICT (agency_id, day) DO UPDATE SET completed_dossiers = t.completed_dossiers + excluded.completed_dossiers,
      completed_on_time = t.completed_on_time + excluded.completed_on_time, completed_late = t.completed_late + excluded.completed_late,
      completed_without_due = t.completed_without_due + excluded.completed_without_due;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- The dossier triggers also follow a changed due time now.
DROP TRIGGER dossiers_rollup_update ON dossiers
--> statement-breakpoint
CREATE TRIGGER dossiers_rollup_update AFTER UPDATE ON dossiers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hl_rollup_dossiers()
--> statement-breakpoint
ALTER TABLE dossiers ENABLE ALWAYS TRIGGER dossiers_rollup_update
--> statement-breakpoint
INSERT INTO agency_month_facets (agency_id, month, verified, procedure_id, officer_id, desk_id, channel, timeliness, responses)
  SELECT x.agency_id, date_trunc('month', hl_vietnam_day(x.submitted_at))::date, x.verified, x.procedure_id, x.officer_id, x.desk_id, x.channel, x.timeliness, count(*)::int FROM responses x GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
--> statement-breakpoint
WITH d AS (
    SELECT r.agency_id, date_trunc('month', hl_vietnam_day(r.submitted_at))::date, r.verified, r.procedure_id, r.officer_id, r.desk_id, r.channel, r.timeliness,
      count(a.element) filter (where a.element = 'access' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'access' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'access' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'access' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'access' and a.value = 5)::int,
      count(a.element) filter (where a.element = 'procedure' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'procedure' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'procedure' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'procedure' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'procedure' and a.value = 5)::int,
      count(a.element) filter (where a.element = 'officials' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'officials' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'officials' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'officials' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'officials' and a.value = 5)::int,
      count(a.element) filter (where a.element = 'result' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'result' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'result' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'result' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'result' and a.value = 5)::int,
      count(a.element) filter (where a.element = 'feedback' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'feedback' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'feedback' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'feedback' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'feedback' and a.value = 5)::int,
      count(a.element) filter (where a.element = 'overall' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'overall' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'overall' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'overall' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'overall' and a.value = 5)::int
    FROM answers a JOIN responses r ON r.id = a.response_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  )
  INSERT INTO agency_month_facets AS t (agency_id, month, verified, procedure_id, officer_id, desk_id, channel, timeliness, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
  ON CONFLICT ON CONSTRAINT agency_month_facets_key DO UPDATE SET access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hl_rollup_facet_answers() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    WITH d AS (
      SELECT r.agency_id, date_trunc('month', hl_vietnam_day(r.submitted_at))::date, r.verified, r.procedure_id, r.officer_id, r.desk_id, r.channel, r.timeliness,
      -count(a.element) filter (where a.element = 'access' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'access' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'access' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'access' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'access' and a.value = 5)::int,
      -count(a.element) filter (where a.element = 'procedure' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'procedure' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'procedure' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'procedure' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'procedure' and a.value = 5)::int,
      -count(a.element) filter (where a.element = 'officials' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'officials' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'officials' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'officials' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'officials' and a.value = 5)::int,
      -count(a.element) filter (where a.element = 'result' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'result' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'result' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'result' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'result' and a.value = 5)::int,
      -count(a.element) filter (where a.element = 'feedback' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'feedback' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'feedback' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'feedback' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'feedback' and a.value = 5)::int,
      -count(a.element) filter (where a.element = 'overall' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'overall' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'overall' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'overall' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'overall' and a.value = 5)::int
      FROM old_rows a JOIN responses r ON r.id = a.response_id
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    )
    INSERT INTO agency_month_facets AS t (agency_id, month, verified, procedure_id, officer_id, desk_id, channel, timeliness, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
  ON CONFLICT ON CONSTRAINT agency_month_facets_key DO UPDATE SET access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    WITH d AS (
      SELECT r.agency_id, date_trunc('month', hl_vietnam_day(r.submitted_at))::date, r.verified, r.procedure_id, r.officer_id, r.desk_id, r.channel, r.timeliness,
      count(a.element) filter (where a.element = 'access' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'access' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'access' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'access' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'access' and a.value = 5)::int,
      count(a.element) filter (where a.element = 'procedure' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'procedure' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'procedure' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'procedure' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'procedure' and a.value = 5)::int,
      count(a.element) filter (where a.element = 'officials' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'officials' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'officials' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'officials' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'officials' and a.value = 5)::int,
      count(a.element) filter (where a.element = 'result' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'result' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'result' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'result' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'result' and a.value = 5)::int,
      count(a.element) filter (where a.element = 'feedback' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'feedback' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'feedback' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'feedback' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'feedback' and a.value = 5)::int,
      count(a.element) filter (where a.element = 'overall' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'overall' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'overall' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'overall' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'overall' and a.value = 5)::int
      FROM new_rows a JOIN responses r ON r.id = a.response_id
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    )
    INSERT INTO agency_month_facets AS t (agency_id, month, verified, procedure_id, officer_id, desk_id, channel, timeliness, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
  ON CONFLICT ON CONSTRAINT agency_month_facets_key DO UPDATE SET access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hl_rollup_facet_responses() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    WITH d AS (
      SELECT x.agency_id, date_trunc('month', hl_vietnam_day(x.submitted_at))::date, x.verified, x.procedure_id, x.officer_id, x.desk_id, x.channel, x.timeliness, count(*)::int
      FROM new_rows x
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    )
    INSERT INTO agency_month_facets AS t (agency_id, month, verified, procedure_id, officer_id, desk_id, channel, timeliness, responses) SELECT * FROM d
    ON CONFLICT ON CONSTRAINT agency_month_facets_key DO UPDATE SET responses = t.responses + excluded.responses;
    RETURN NULL;
  END IF;
  -- A response moved to another key (agency, time, verification, procedure, officer, desk,
  -- channel or timeliness) takes its answers along.
  WITH d AS (
    SELECT o.agency_id, date_trunc('month', hl_vietnam_day(o.submitted_at))::date, o.verified, o.procedure_id, o.officer_id, o.desk_id, o.channel, o.timeliness, -count(DISTINCT o.id)::int,
      -count(a.element) filter (where a.element = 'access' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'access' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'access' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'access' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'access' and a.value = 5)::int,
      -count(a.element) filter (where a.element = 'procedure' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'procedure' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'procedure' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'procedure' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'procedure' and a.value = 5)::int,
      -count(a.element) filter (where a.element = 'officials' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'officials' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'officials' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'officials' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'officials' and a.value = 5)::int,
      -count(a.element) filter (where a.element = 'result' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'result' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'result' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'result' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'result' and a.value = 5)::int,
      -count(a.element) filter (where a.element = 'feedback' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'feedback' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'feedback' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'feedback' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'feedback' and a.value = 5)::int,
      -count(a.element) filter (where a.element = 'overall' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'overall' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'overall' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'overall' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'overall' and a.value = 5)::int
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    LEFT JOIN answers a ON a.response_id = o.id
    WHERE (o.agency_id, o.submitted_at, o.verified, o.procedure_id, o.officer_id, o.desk_id, o.channel, o.timeliness) IS DISTINCT FROM (n.agency_id, n.submitted_at, n.verified, n.procedure_id, n.officer_id, n.desk_id, n.channel, n.timeliness)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  )
  INSERT INTO agency_month_facets AS t (agency_id, month, verified, procedure_id, officer_id, desk_id, channel, timeliness, responses, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
  ON CONFLICT ON CONSTRAINT agency_month_facets_key DO UPDATE SET responses = t.responses + excluded.responses, access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5;
  WITH d AS (
    SELECT n.agency_id, date_trunc('month', hl_vietnam_day(n.submitted_at))::date, n.verified, n.procedure_id, n.officer_id, n.desk_id, n.channel, n.timeliness, count(DISTINCT n.id)::int,
      count(a.element) filter (where a.element = 'access' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'access' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'access' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'access' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'access' and a.value = 5)::int,
      count(a.element) filter (where a.element = 'procedure' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'procedure' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'procedure' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'procedure' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'procedure' and a.value = 5)::int,
      count(a.element) filter (where a.element = 'officials' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'officials' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'officials' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'officials' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'officials' and a.value = 5)::int,
      count(a.element) filter (where a.element = 'result' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'result' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'result' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'result' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'result' and a.value = 5)::int,
      count(a.element) filter (where a.element = 'feedback' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'feedback' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'feedback' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'feedback' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'feedback' and a.value = 5)::int,
      count(a.element) filter (where a.element = 'overall' and a.value = 1)::int,
      count(a.element) filter (where a.element = 'overall' and a.value = 2)::int,
      count(a.element) filter (where a.element = 'overall' and a.value = 3)::int,
      count(a.element) filter (where a.element = 'overall' and a.value = 4)::int,
      count(a.element) filter (where a.element = 'overall' and a.value = 5)::int
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    LEFT JOIN answers a ON a.response_id = n.id
    WHERE (o.agency_id, o.submitted_at, o.verified, o.procedure_id, o.officer_id, o.desk_id, o.channel, o.timeliness) IS DISTINCT FROM (n.agency_id, n.submitted_at, n.verified, n.procedure_id, n.officer_id, n.desk_id, n.channel, n.timeliness)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  )
  INSERT INTO agency_month_facets AS t (agency_id, month, verified, procedure_id, officer_id, desk_id, channel, timeliness, responses, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
  ON CONFLICT ON CONSTRAINT agency_month_facets_key DO UPDATE SET responses = t.responses + excluded.responses, access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hl_rollup_facet_response_deleted() RETURNS trigger AS $$
BEGIN
  -- Row-level and BEFORE, as for the day and month counters: the answers are still there.
  WITH d AS (
    SELECT OLD.agency_id, date_trunc('month', hl_vietnam_day(OLD.submitted_at))::date, OLD.verified, OLD.procedure_id, OLD.officer_id, OLD.desk_id, OLD.channel, OLD.timeliness, -1,
      -count(a.element) filter (where a.element = 'access' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'access' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'access' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'access' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'access' and a.value = 5)::int,
      -count(a.element) filter (where a.element = 'procedure' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'procedure' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'procedure' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'procedure' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'procedure' and a.value = 5)::int,
      -count(a.element) filter (where a.element = 'officials' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'officials' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'officials' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'officials' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'officials' and a.value = 5)::int,
      -count(a.element) filter (where a.element = 'result' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'result' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'result' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'result' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'result' and a.value = 5)::int,
      -count(a.element) filter (where a.element = 'feedback' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'feedback' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'feedback' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'feedback' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'feedback' and a.value = 5)::int,
      -count(a.element) filter (where a.element = 'overall' and a.value = 1)::int,
      -count(a.element) filter (where a.element = 'overall' and a.value = 2)::int,
      -count(a.element) filter (where a.element = 'overall' and a.value = 3)::int,
      -count(a.element) filter (where a.element = 'overall' and a.value = 4)::int,
      -count(a.element) filter (where a.element = 'overall' and a.value = 5)::int
    FROM (SELECT 1) one LEFT JOIN answers a ON a.response_id = OLD.id
  )
  INSERT INTO agency_month_facets AS t (agency_id, month, verified, procedure_id, officer_id, desk_id, channel, timeliness, responses, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
  ON CONFLICT ON CONSTRAINT agency_month_facets_key DO UPDATE SET responses = t.responses + excluded.responses, access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER answers_facets_insert AFTER INSERT ON answers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hl_rollup_facet_answers()
--> statement-breakpoint
ALTER TABLE answers ENABLE ALWAYS TRIGGER answers_facets_insert
--> statement-breakpoint
CREATE TRIGGER answers_facets_update AFTER UPDATE ON answers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hl_rollup_facet_answers()
--> statement-breakpoint
ALTER TABLE answers ENABLE ALWAYS TRIGGER answers_facets_update
--> statement-breakpoint
CREATE TRIGGER answers_facets_delete AFTER DELETE ON answers REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION hl_rollup_facet_answers()
--> statement-breakpoint
ALTER TABLE answers ENABLE ALWAYS TRIGGER answers_facets_delete
--> statement-breakpoint
CREATE TRIGGER responses_facets_insert AFTER INSERT ON responses REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hl_rollup_facet_responses()
--> statement-breakpoint
ALTER TABLE responses ENABLE ALWAYS TRIGGER responses_facets_insert
--> statement-breakpoint
CREATE TRIGGER responses_facets_update AFTER UPDATE ON responses REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hl_rollup_facet_responses()
--> statement-breakpoint
ALTER TABLE responses ENABLE ALWAYS TRIGGER responses_facets_update
--> statement-breakpoint
CREATE TRIGGER responses_facets_delete BEFORE DELETE ON responses FOR EACH ROW EXECUTE FUNCTION hl_rollup_facet_response_deleted()
--> statement-breakpoint
ALTER TABLE responses ENABLE ALWAYS TRIGGER responses_facets_delete

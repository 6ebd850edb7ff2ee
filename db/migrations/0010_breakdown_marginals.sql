CREATE TABLE "agency_month_marginals" (
	"agency_id" integer NOT NULL,
	"month" date NOT NULL,
	"verified" boolean NOT NULL,
	"dimension" text NOT NULL,
	"key" text,
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
	CONSTRAINT "agency_month_marginals_key" UNIQUE NULLS NOT DISTINCT("agency_id","month","verified","dimension","key","stripe")
);
--> statement-breakpoint
DROP TABLE "agency_month_facets" CASCADE;--> statement-breakpoint
ALTER TABLE "agency_month_marginals" ADD CONSTRAINT "agency_month_marginals_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- The cube's triggers and functions go with it: the marginals below replace it (decision 006).
DROP TRIGGER IF EXISTS answers_facets_insert ON answers;--> statement-breakpoint
DROP TRIGGER IF EXISTS answers_facets_update ON answers;--> statement-breakpoint
DROP TRIGGER IF EXISTS answers_facets_delete ON answers;--> statement-breakpoint
DROP TRIGGER IF EXISTS responses_facets_insert ON responses;--> statement-breakpoint
DROP TRIGGER IF EXISTS responses_facets_update ON responses;--> statement-breakpoint
DROP TRIGGER IF EXISTS responses_facets_delete ON responses;--> statement-breakpoint
DROP FUNCTION IF EXISTS hl_rollup_facet_answers();--> statement-breakpoint
DROP FUNCTION IF EXISTS hl_rollup_facet_responses();--> statement-breakpoint
DROP FUNCTION IF EXISTS hl_rollup_facet_response_deleted();--> statement-breakpoint
-- A sheet's key in each dimension a page breaks down by: five rows, one per dimension.
CREATE FUNCTION hl_marginal_keys(procedure_id integer, officer_id integer, desk_id integer, channel text, timeliness smallint)
RETURNS TABLE (dimension text, key text) LANGUAGE sql IMMUTABLE AS $$
  VALUES ('procedure', procedure_id::text), ('officer', officer_id::text), ('desk', desk_id::text), ('channel', channel), ('timeliness', timeliness::text)
$$;
--> statement-breakpoint
INSERT INTO agency_month_marginals (agency_id, month, verified, dimension, key, responses)
  SELECT x.agency_id, date_trunc('month', hl_vietnam_day(x.submitted_at))::date, x.verified, m.dimension, m.key, count(*)::int FROM responses x CROSS JOIN LATERAL hl_marginal_keys(x.procedure_id, x.officer_id, x.desk_id, x.channel, x.timeliness) m GROUP BY 1, 2, 3, 4, 5
--> statement-breakpoint
WITH d AS (
    SELECT r.agency_id, date_trunc('month', hl_vietnam_day(r.submitted_at))::date, r.verified, m.dimension, m.key,
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
    FROM answers a JOIN responses r ON r.id = a.response_id CROSS JOIN LATERAL hl_marginal_keys(r.procedure_id, r.officer_id, r.desk_id, r.channel, r.timeliness) m
    GROUP BY 1, 2, 3, 4, 5
  )
  INSERT INTO agency_month_marginals AS t (agency_id, month, verified, dimension, key, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
  ON CONFLICT ON CONSTRAINT agency_month_marginals_key DO UPDATE SET access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hl_rollup_marginal_answers() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    WITH d AS (
      SELECT r.agency_id, date_trunc('month', hl_vietnam_day(r.submitted_at))::date, r.verified, m.dimension, m.key,
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
      FROM old_rows a JOIN responses r ON r.id = a.response_id CROSS JOIN LATERAL hl_marginal_keys(r.procedure_id, r.officer_id, r.desk_id, r.channel, r.timeliness) m
      GROUP BY 1, 2, 3, 4, 5
    )
    INSERT INTO agency_month_marginals AS t (agency_id, month, verified, dimension, key, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
  ON CONFLICT ON CONSTRAINT agency_month_marginals_key DO UPDATE SET access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    WITH d AS (
      SELECT r.agency_id, date_trunc('month', hl_vietnam_day(r.submitted_at))::date, r.verified, m.dimension, m.key,
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
      FROM new_rows a JOIN responses r ON r.id = a.response_id CROSS JOIN LATERAL hl_marginal_keys(r.procedure_id, r.officer_id, r.desk_id, r.channel, r.timeliness) m
      GROUP BY 1, 2, 3, 4, 5
    )
    INSERT INTO agency_month_marginals AS t (agency_id, month, verified, dimension, key, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
  ON CONFLICT ON CONSTRAINT agency_month_marginals_key DO UPDATE SET access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hl_rollup_marginal_responses() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    WITH d AS (
      SELECT x.agency_id, date_trunc('month', hl_vietnam_day(x.submitted_at))::date, x.verified, m.dimension, m.key, count(*)::int
      FROM new_rows x CROSS JOIN LATERAL hl_marginal_keys(x.procedure_id, x.officer_id, x.desk_id, x.channel, x.timeliness) m
      GROUP BY 1, 2, 3, 4, 5
    )
    INSERT INTO agency_month_marginals AS t (agency_id, month, verified, dimension, key, responses) SELECT * FROM d
    ON CONFLICT ON CONSTRAINT agency_month_marginals_key DO UPDATE SET responses = t.responses + excluded.responses;
    RETURN NULL;
  END IF;
  -- A response moved to another key (agency, time, verification, procedure, officer, desk,
  -- channel or timeliness) takes its answers along.
  WITH d AS (
    SELECT o.agency_id, date_trunc('month', hl_vietnam_day(o.submitted_at))::date, o.verified, m.dimension, m.key, -count(DISTINCT o.id)::int,
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
    FROM old_rows o JOIN new_rows n ON n.id = o.id CROSS JOIN LATERAL hl_marginal_keys(o.procedure_id, o.officer_id, o.desk_id, o.channel, o.timeliness) m
    LEFT JOIN answers a ON a.response_id = o.id
    WHERE (o.agency_id, o.submitted_at, o.verified, o.procedure_id, o.officer_id, o.desk_id, o.channel, o.timeliness) IS DISTINCT FROM (n.agency_id, n.submitted_at, n.verified, n.procedure_id, n.officer_id, n.desk_id, n.channel, n.timeliness)
    GROUP BY 1, 2, 3, 4, 5
  )
  INSERT INTO agency_month_marginals AS t (agency_id, month, verified, dimension, key, responses, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
  ON CONFLICT ON CONSTRAINT agency_month_marginals_key DO UPDATE SET responses = t.responses + excluded.responses, access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5;
  WITH d AS (
    SELECT n.agency_id, date_trunc('month', hl_vietnam_day(n.submitted_at))::date, n.verified, m.dimension, m.key, count(DISTINCT n.id)::int,
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
    FROM old_rows o JOIN new_rows n ON n.id = o.id CROSS JOIN LATERAL hl_marginal_keys(n.procedure_id, n.officer_id, n.desk_id, n.channel, n.timeliness) m
    LEFT JOIN answers a ON a.response_id = n.id
    WHERE (o.agency_id, o.submitted_at, o.verified, o.procedure_id, o.officer_id, o.desk_id, o.channel, o.timeliness) IS DISTINCT FROM (n.agency_id, n.submitted_at, n.verified, n.procedure_id, n.officer_id, n.desk_id, n.channel, n.timeliness)
    GROUP BY 1, 2, 3, 4, 5
  )
  INSERT INTO agency_month_marginals AS t (agency_id, month, verified, dimension, key, responses, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
  ON CONFLICT ON CONSTRAINT agency_month_marginals_key DO UPDATE SET responses = t.responses + excluded.responses, access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hl_rollup_marginal_response_deleted() RETURNS trigger AS $$
BEGIN
  -- Row-level and BEFORE, as for the day and month counters: the answers are still there.
  WITH d AS (
    SELECT OLD.agency_id, date_trunc('month', hl_vietnam_day(OLD.submitted_at))::date, OLD.verified, m.dimension, m.key, -1,
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
    FROM (SELECT 1) one CROSS JOIN LATERAL hl_marginal_keys(OLD.procedure_id, OLD.officer_id, OLD.desk_id, OLD.channel, OLD.timeliness) m LEFT JOIN answers a ON a.response_id = OLD.id
    GROUP BY 1, 2, 3, 4, 5
  )
  INSERT INTO agency_month_marginals AS t (agency_id, month, verified, dimension, key, responses, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
  ON CONFLICT ON CONSTRAINT agency_month_marginals_key DO UPDATE SET responses = t.responses + excluded.responses, access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER answers_marginals_insert AFTER INSERT ON answers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hl_rollup_marginal_answers()
--> statement-breakpoint
ALTER TABLE answers ENABLE ALWAYS TRIGGER answers_marginals_insert
--> statement-breakpoint
CREATE TRIGGER answers_marginals_update AFTER UPDATE ON answers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hl_rollup_marginal_answers()
--> statement-breakpoint
ALTER TABLE answers ENABLE ALWAYS TRIGGER answers_marginals_update
--> statement-breakpoint
CREATE TRIGGER answers_marginals_delete AFTER DELETE ON answers REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION hl_rollup_marginal_answers()
--> statement-breakpoint
ALTER TABLE answers ENABLE ALWAYS TRIGGER answers_marginals_delete
--> statement-breakpoint
CREATE TRIGGER responses_marginals_insert AFTER INSERT ON responses REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hl_rollup_marginal_responses()
--> statement-breakpoint
ALTER TABLE responses ENABLE ALWAYS TRIGGER responses_marginals_insert
--> statement-breakpoint
CREATE TRIGGER responses_marginals_update AFTER UPDATE ON responses REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hl_rollup_marginal_responses()
--> statement-breakpoint
ALTER TABLE responses ENABLE ALWAYS TRIGGER responses_marginals_update
--> statement-breakpoint
CREATE TRIGGER responses_marginals_delete BEFORE DELETE ON responses FOR EACH ROW EXECUTE FUNCTION hl_rollup_marginal_response_deleted()
--> statement-breakpoint
ALTER TABLE responses ENABLE ALWAYS TRIGGER responses_marginals_delete

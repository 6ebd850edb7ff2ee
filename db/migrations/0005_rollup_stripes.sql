-- Striped answer counters (decision 006): each counter key is kept in up to eight rows, the
-- stripe chosen by the writing transaction's id (the column default, so the trigger bodies below
-- only change their conflict targets). Concurrent answers to one agency on one day then rarely
-- queue on one row until the other commits; readers sum the stripes.
ALTER TABLE "agency_day_answers" ADD COLUMN "stripe" smallint DEFAULT (txid_current() % 8) NOT NULL;--> statement-breakpoint
ALTER TABLE "agency_month_answers" ADD COLUMN "stripe" smallint DEFAULT (txid_current() % 8) NOT NULL;--> statement-breakpoint
ALTER TABLE "agency_day_answers" DROP CONSTRAINT "agency_day_answers_agency_id_day_verified_pk";--> statement-breakpoint
ALTER TABLE "agency_month_answers" DROP CONSTRAINT "agency_month_answers_agency_id_month_verified_pk";--> statement-breakpoint
ALTER TABLE "agency_day_answers" ADD CONSTRAINT "agency_day_answers_agency_id_day_verified_stripe_pk" PRIMARY KEY("agency_id","day","verified","stripe");--> statement-breakpoint
ALTER TABLE "agency_month_answers" ADD CONSTRAINT "agency_month_answers_agency_id_month_verified_stripe_pk" PRIMARY KEY("agency_id","month","verified","stripe");--> statement-breakpoint
CREATE OR REPLACE FUNCTION hl_rollup_answers() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    WITH d (agency_id, day, verified, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) AS (
    SELECT r.agency_id, hl_vietnam_day(r.submitted_at), r.verified,
      -count(*) filter (where a.element = 'access' and a.value = 1)::int,
      -count(*) filter (where a.element = 'access' and a.value = 2)::int,
      -count(*) filter (where a.element = 'access' and a.value = 3)::int,
      -count(*) filter (where a.element = 'access' and a.value = 4)::int,
      -count(*) filter (where a.element = 'access' and a.value = 5)::int,
      -count(*) filter (where a.element = 'procedure' and a.value = 1)::int,
      -count(*) filter (where a.element = 'procedure' and a.value = 2)::int,
      -count(*) filter (where a.element = 'procedure' and a.value = 3)::int,
      -count(*) filter (where a.element = 'procedure' and a.value = 4)::int,
      -count(*) filter (where a.element = 'procedure' and a.value = 5)::int,
      -count(*) filter (where a.element = 'officials' and a.value = 1)::int,
      -count(*) filter (where a.element = 'officials' and a.value = 2)::int,
      -count(*) filter (where a.element = 'officials' and a.value = 3)::int,
      -count(*) filter (where a.element = 'officials' and a.value = 4)::int,
      -count(*) filter (where a.element = 'officials' and a.value = 5)::int,
      -count(*) filter (where a.element = 'result' and a.value = 1)::int,
      -count(*) filter (where a.element = 'result' and a.value = 2)::int,
      -count(*) filter (where a.element = 'result' and a.value = 3)::int,
      -count(*) filter (where a.element = 'result' and a.value = 4)::int,
      -count(*) filter (where a.element = 'result' and a.value = 5)::int,
      -count(*) filter (where a.element = 'feedback' and a.value = 1)::int,
      -count(*) filter (where a.element = 'feedback' and a.value = 2)::int,
      -count(*) filter (where a.element = 'feedback' and a.value = 3)::int,
      -count(*) filter (where a.element = 'feedback' and a.value = 4)::int,
      -count(*) filter (where a.element = 'feedback' and a.value = 5)::int,
      -count(*) filter (where a.element = 'overall' and a.value = 1)::int,
      -count(*) filter (where a.element = 'overall' and a.value = 2)::int,
      -count(*) filter (where a.element = 'overall' and a.value = 3)::int,
      -count(*) filter (where a.element = 'overall' and a.value = 4)::int,
      -count(*) filter (where a.element = 'overall' and a.value = 5)::int
    FROM old_rows a JOIN responses r ON r.id = a.response_id 
    GROUP BY 1, 2, 3
  ), day_rows AS (
    INSERT INTO agency_day_answers AS t (agency_id, day, verified, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
    ON CONFLICT (agency_id, day, verified, stripe) DO UPDATE SET access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5
  )
  INSERT INTO agency_month_answers AS t (agency_id, month, verified, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5)
    SELECT agency_id, date_trunc('month', day)::date, verified, sum(access1)::int, sum(access2)::int, sum(access3)::int, sum(access4)::int, sum(access5)::int, sum(procedure1)::int, sum(procedure2)::int, sum(procedure3)::int, sum(procedure4)::int, sum(procedure5)::int, sum(officials1)::int, sum(officials2)::int, sum(officials3)::int, sum(officials4)::int, sum(officials5)::int, sum(result1)::int, sum(result2)::int, sum(result3)::int, sum(result4)::int, sum(result5)::int, sum(feedback1)::int, sum(feedback2)::int, sum(feedback3)::int, sum(feedback4)::int, sum(feedback5)::int, sum(overall1)::int, sum(overall2)::int, sum(overall3)::int, sum(overall4)::int, sum(overall5)::int
    FROM d GROUP BY 1, 2, 3
    ON CONFLICT (agency_id, month, verified, stripe) DO UPDATE SET access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    WITH d (agency_id, day, verified, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) AS (
    SELECT r.agency_id, hl_vietnam_day(r.submitted_at), r.verified,
      count(*) filter (where a.element = 'access' and a.value = 1)::int,
      count(*) filter (where a.element = 'access' and a.value = 2)::int,
      count(*) filter (where a.element = 'access' and a.value = 3)::int,
      count(*) filter (where a.element = 'access' and a.value = 4)::int,
      count(*) filter (where a.element = 'access' and a.value = 5)::int,
      count(*) filter (where a.element = 'procedure' and a.value = 1)::int,
      count(*) filter (where a.element = 'procedure' and a.value = 2)::int,
      count(*) filter (where a.element = 'procedure' and a.value = 3)::int,
      count(*) filter (where a.element = 'procedure' and a.value = 4)::int,
      count(*) filter (where a.element = 'procedure' and a.value = 5)::int,
      count(*) filter (where a.element = 'officials' and a.value = 1)::int,
      count(*) filter (where a.element = 'officials' and a.value = 2)::int,
      count(*) filter (where a.element = 'officials' and a.value = 3)::int,
      count(*) filter (where a.element = 'officials' and a.value = 4)::int,
      count(*) filter (where a.element = 'officials' and a.value = 5)::int,
      count(*) filter (where a.element = 'result' and a.value = 1)::int,
      count(*) filter (where a.element = 'result' and a.value = 2)::int,
      count(*) filter (where a.element = 'result' and a.value = 3)::int,
      count(*) filter (where a.element = 'result' and a.value = 4)::int,
      count(*) filter (where a.element = 'result' and a.value = 5)::int,
      count(*) filter (where a.element = 'feedback' and a.value = 1)::int,
      count(*) filter (where a.element = 'feedback' and a.value = 2)::int,
      count(*) filter (where a.element = 'feedback' and a.value = 3)::int,
      count(*) filter (where a.element = 'feedback' and a.value = 4)::int,
      count(*) filter (where a.element = 'feedback' and a.value = 5)::int,
      count(*) filter (where a.element = 'overall' and a.value = 1)::int,
      count(*) filter (where a.element = 'overall' and a.value = 2)::int,
      count(*) filter (where a.element = 'overall' and a.value = 3)::int,
      count(*) filter (where a.element = 'overall' and a.value = 4)::int,
      count(*) filter (where a.element = 'overall' and a.value = 5)::int
    FROM new_rows a JOIN responses r ON r.id = a.response_id 
    GROUP BY 1, 2, 3
  ), day_rows AS (
    INSERT INTO agency_day_answers AS t (agency_id, day, verified, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
    ON CONFLICT (agency_id, day, verified, stripe) DO UPDATE SET access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5
  )
  INSERT INTO agency_month_answers AS t (agency_id, month, verified, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5)
    SELECT agency_id, date_trunc('month', day)::date, verified, sum(access1)::int, sum(access2)::int, sum(access3)::int, sum(access4)::int, sum(access5)::int, sum(procedure1)::int, sum(procedure2)::int, sum(procedure3)::int, sum(procedure4)::int, sum(procedure5)::int, sum(officials1)::int, sum(officials2)::int, sum(officials3)::int, sum(officials4)::int, sum(officials5)::int, sum(result1)::int, sum(result2)::int, sum(result3)::int, sum(result4)::int, sum(result5)::int, sum(feedback1)::int, sum(feedback2)::int, sum(feedback3)::int, sum(feedback4)::int, sum(feedback5)::int, sum(overall1)::int, sum(overall2)::int, sum(overall3)::int, sum(overall4)::int, sum(overall5)::int
    FROM d GROUP BY 1, 2, 3
    ON CONFLICT (agency_id, month, verified, stripe) DO UPDATE SET access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hl_rollup_responses() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    WITH d (agency_id, day, verified, responses) AS (
    SELECT x.agency_id, hl_vietnam_day(x.submitted_at), x.verified, count(*)::int FROM new_rows x GROUP BY 1, 2, 3
  ), day_rows AS (
    INSERT INTO agency_day_answers AS t (agency_id, day, verified, responses) SELECT * FROM d
    ON CONFLICT (agency_id, day, verified, stripe) DO UPDATE SET responses = t.responses + excluded.responses
  )
  INSERT INTO agency_month_answers AS t (agency_id, month, verified, responses)
    SELECT agency_id, date_trunc('month', day)::date, verified, sum(responses)::int
    FROM d GROUP BY 1, 2, 3
    ON CONFLICT (agency_id, month, verified, stripe) DO UPDATE SET responses = t.responses + excluded.responses;
  ELSIF TG_OP = 'UPDATE' THEN
    -- A response moved (agency, time or verification) takes its answers along.
    WITH d (agency_id, day, verified, responses, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) AS (
    SELECT o.agency_id, hl_vietnam_day(o.submitted_at), o.verified, -count(distinct o.id)::int,
      -count(*) filter (where a.element = 'access' and a.value = 1)::int,
      -count(*) filter (where a.element = 'access' and a.value = 2)::int,
      -count(*) filter (where a.element = 'access' and a.value = 3)::int,
      -count(*) filter (where a.element = 'access' and a.value = 4)::int,
      -count(*) filter (where a.element = 'access' and a.value = 5)::int,
      -count(*) filter (where a.element = 'procedure' and a.value = 1)::int,
      -count(*) filter (where a.element = 'procedure' and a.value = 2)::int,
      -count(*) filter (where a.element = 'procedure' and a.value = 3)::int,
      -count(*) filter (where a.element = 'procedure' and a.value = 4)::int,
      -count(*) filter (where a.element = 'procedure' and a.value = 5)::int,
      -count(*) filter (where a.element = 'officials' and a.value = 1)::int,
      -count(*) filter (where a.element = 'officials' and a.value = 2)::int,
      -count(*) filter (where a.element = 'officials' and a.value = 3)::int,
      -count(*) filter (where a.element = 'officials' and a.value = 4)::int,
      -count(*) filter (where a.element = 'officials' and a.value = 5)::int,
      -count(*) filter (where a.element = 'result' and a.value = 1)::int,
      -count(*) filter (where a.element = 'result' and a.value = 2)::int,
      -count(*) filter (where a.element = 'result' and a.value = 3)::int,
      -count(*) filter (where a.element = 'result' and a.value = 4)::int,
      -count(*) filter (where a.element = 'result' and a.value = 5)::int,
      -count(*) filter (where a.element = 'feedback' and a.value = 1)::int,
      -count(*) filter (where a.element = 'feedback' and a.value = 2)::int,
      -count(*) filter (where a.element = 'feedback' and a.value = 3)::int,
      -count(*) filter (where a.element = 'feedback' and a.value = 4)::int,
      -count(*) filter (where a.element = 'feedback' and a.value = 5)::int,
      -count(*) filter (where a.element = 'overall' and a.value = 1)::int,
      -count(*) filter (where a.element = 'overall' and a.value = 2)::int,
      -count(*) filter (where a.element = 'overall' and a.value = 3)::int,
      -count(*) filter (where a.element = 'overall' and a.value = 4)::int,
      -count(*) filter (where a.element = 'overall' and a.value = 5)::int
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    LEFT JOIN answers a ON a.response_id = o.id
    WHERE (o.agency_id, o.submitted_at, o.verified) IS DISTINCT FROM (n.agency_id, n.submitted_at, n.verified)
    GROUP BY 1, 2, 3
  ), day_rows AS (
    INSERT INTO agency_day_answers AS t (agency_id, day, verified, responses, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
    ON CONFLICT (agency_id, day, verified, stripe) DO UPDATE SET responses = t.responses + excluded.responses, access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5
  )
  INSERT INTO agency_month_answers AS t (agency_id, month, verified, responses, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5)
    SELECT agency_id, date_trunc('month', day)::date, verified, sum(responses)::int, sum(access1)::int, sum(access2)::int, sum(access3)::int, sum(access4)::int, sum(access5)::int, sum(procedure1)::int, sum(procedure2)::int, sum(procedure3)::int, sum(procedure4)::int, sum(procedure5)::int, sum(officials1)::int, sum(officials2)::int, sum(officials3)::int, sum(officials4)::int, sum(officials5)::int, sum(result1)::int, sum(result2)::int, sum(result3)::int, sum(result4)::int, sum(result5)::int, sum(feedback1)::int, sum(feedback2)::int, sum(feedback3)::int, sum(feedback4)::int, sum(feedback5)::int, sum(overall1)::int, sum(overall2)::int, sum(overall3)::int, sum(overall4)::int, sum(overall5)::int
    FROM d GROUP BY 1, 2, 3
    ON CONFLICT (agency_id, month, verified, stripe) DO UPDATE SET responses = t.responses + excluded.responses, access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5;
    WITH d (agency_id, day, verified, responses, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) AS (
    SELECT n.agency_id, hl_vietnam_day(n.submitted_at), n.verified, count(distinct n.id)::int,
      count(*) filter (where a.element = 'access' and a.value = 1)::int,
      count(*) filter (where a.element = 'access' and a.value = 2)::int,
      count(*) filter (where a.element = 'access' and a.value = 3)::int,
      count(*) filter (where a.element = 'access' and a.value = 4)::int,
      count(*) filter (where a.element = 'access' and a.value = 5)::int,
      count(*) filter (where a.element = 'procedure' and a.value = 1)::int,
      count(*) filter (where a.element = 'procedure' and a.value = 2)::int,
      count(*) filter (where a.element = 'procedure' and a.value = 3)::int,
      count(*) filter (where a.element = 'procedure' and a.value = 4)::int,
      count(*) filter (where a.element = 'procedure' and a.value = 5)::int,
      count(*) filter (where a.element = 'officials' and a.value = 1)::int,
      count(*) filter (where a.element = 'officials' and a.value = 2)::int,
      count(*) filter (where a.element = 'officials' and a.value = 3)::int,
      count(*) filter (where a.element = 'officials' and a.value = 4)::int,
      count(*) filter (where a.element = 'officials' and a.value = 5)::int,
      count(*) filter (where a.element = 'result' and a.value = 1)::int,
      count(*) filter (where a.element = 'result' and a.value = 2)::int,
      count(*) filter (where a.element = 'result' and a.value = 3)::int,
      count(*) filter (where a.element = 'result' and a.value = 4)::int,
      count(*) filter (where a.element = 'result' and a.value = 5)::int,
      count(*) filter (where a.element = 'feedback' and a.value = 1)::int,
      count(*) filter (where a.element = 'feedback' and a.value = 2)::int,
      count(*) filter (where a.element = 'feedback' and a.value = 3)::int,
      count(*) filter (where a.element = 'feedback' and a.value = 4)::int,
      count(*) filter (where a.element = 'feedback' and a.value = 5)::int,
      count(*) filter (where a.element = 'overall' and a.value = 1)::int,
      count(*) filter (where a.element = 'overall' and a.value = 2)::int,
      count(*) filter (where a.element = 'overall' and a.value = 3)::int,
      count(*) filter (where a.element = 'overall' and a.value = 4)::int,
      count(*) filter (where a.element = 'overall' and a.value = 5)::int
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    LEFT JOIN answers a ON a.response_id = o.id
    WHERE (o.agency_id, o.submitted_at, o.verified) IS DISTINCT FROM (n.agency_id, n.submitted_at, n.verified)
    GROUP BY 1, 2, 3
  ), day_rows AS (
    INSERT INTO agency_day_answers AS t (agency_id, day, verified, responses, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
    ON CONFLICT (agency_id, day, verified, stripe) DO UPDATE SET responses = t.responses + excluded.responses, access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5
  )
  INSERT INTO agency_month_answers AS t (agency_id, month, verified, responses, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5)
    SELECT agency_id, date_trunc('month', day)::date, verified, sum(responses)::int, sum(access1)::int, sum(access2)::int, sum(access3)::int, sum(access4)::int, sum(access5)::int, sum(procedure1)::int, sum(procedure2)::int, sum(procedure3)::int, sum(procedure4)::int, sum(procedure5)::int, sum(officials1)::int, sum(officials2)::int, sum(officials3)::int, sum(officials4)::int, sum(officials5)::int, sum(result1)::int, sum(result2)::int, sum(result3)::int, sum(result4)::int, sum(result5)::int, sum(feedback1)::int, sum(feedback2)::int, sum(feedback3)::int, sum(feedback4)::int, sum(feedback5)::int, sum(overall1)::int, sum(overall2)::int, sum(overall3)::int, sum(overall4)::int, sum(overall5)::int
    FROM d GROUP BY 1, 2, 3
    ON CONFLICT (agency_id, month, verified, stripe) DO UPDATE SET responses = t.responses + excluded.responses, access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hl_rollup_response_deleted() RETURNS trigger AS $$
BEGIN
  -- Row-level and BEFORE: the answers are still there to be subtracted; the cascade that removes
  -- them next finds no response to charge them to and subtracts nothing twice.
  WITH d (agency_id, day, verified, responses, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) AS (
    SELECT OLD.agency_id, hl_vietnam_day(OLD.submitted_at), OLD.verified, -1,
      -count(*) filter (where a.element = 'access' and a.value = 1)::int,
      -count(*) filter (where a.element = 'access' and a.value = 2)::int,
      -count(*) filter (where a.element = 'access' and a.value = 3)::int,
      -count(*) filter (where a.element = 'access' and a.value = 4)::int,
      -count(*) filter (where a.element = 'access' and a.value = 5)::int,
      -count(*) filter (where a.element = 'procedure' and a.value = 1)::int,
      -count(*) filter (where a.element = 'procedure' and a.value = 2)::int,
      -count(*) filter (where a.element = 'procedure' and a.value = 3)::int,
      -count(*) filter (where a.element = 'procedure' and a.value = 4)::int,
      -count(*) filter (where a.element = 'procedure' and a.value = 5)::int,
      -count(*) filter (where a.element = 'officials' and a.value = 1)::int,
      -count(*) filter (where a.element = 'officials' and a.value = 2)::int,
      -count(*) filter (where a.element = 'officials' and a.value = 3)::int,
      -count(*) filter (where a.element = 'officials' and a.value = 4)::int,
      -count(*) filter (where a.element = 'officials' and a.value = 5)::int,
      -count(*) filter (where a.element = 'result' and a.value = 1)::int,
      -count(*) filter (where a.element = 'result' and a.value = 2)::int,
      -count(*) filter (where a.element = 'result' and a.value = 3)::int,
      -count(*) filter (where a.element = 'result' and a.value = 4)::int,
      -count(*) filter (where a.element = 'result' and a.value = 5)::int,
      -count(*) filter (where a.element = 'feedback' and a.value = 1)::int,
      -count(*) filter (where a.element = 'feedback' and a.value = 2)::int,
      -count(*) filter (where a.element = 'feedback' and a.value = 3)::int,
      -count(*) filter (where a.element = 'feedback' and a.value = 4)::int,
      -count(*) filter (where a.element = 'feedback' and a.value = 5)::int,
      -count(*) filter (where a.element = 'overall' and a.value = 1)::int,
      -count(*) filter (where a.element = 'overall' and a.value = 2)::int,
      -count(*) filter (where a.element = 'overall' and a.value = 3)::int,
      -count(*) filter (where a.element = 'overall' and a.value = 4)::int,
      -count(*) filter (where a.element = 'overall' and a.value = 5)::int
    FROM (SELECT 1) one LEFT JOIN answers a ON a.response_id = OLD.id
  ), day_rows AS (
    INSERT INTO agency_day_answers AS t (agency_id, day, verified, responses, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5) SELECT * FROM d
    ON CONFLICT (agency_id, day, verified, stripe) DO UPDATE SET responses = t.responses + excluded.responses, access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5
  )
  INSERT INTO agency_month_answers AS t (agency_id, month, verified, responses, access1, access2, access3, access4, access5, procedure1, procedure2, procedure3, procedure4, procedure5, officials1, officials2, officials3, officials4, officials5, result1, result2, result3, result4, result5, feedback1, feedback2, feedback3, feedback4, feedback5, overall1, overall2, overall3, overall4, overall5)
    SELECT agency_id, date_trunc('month', day)::date, verified, sum(responses)::int, sum(access1)::int, sum(access2)::int, sum(access3)::int, sum(access4)::int, sum(access5)::int, sum(procedure1)::int, sum(procedure2)::int, sum(procedure3)::int, sum(procedure4)::int, sum(procedure5)::int, sum(officials1)::int, sum(officials2)::int, sum(officials3)::int, sum(officials4)::int, sum(officials5)::int, sum(result1)::int, sum(result2)::int, sum(result3)::int, sum(result4)::int, sum(result5)::int, sum(feedback1)::int, sum(feedback2)::int, sum(feedback3)::int, sum(feedback4)::int, sum(feedback5)::int, sum(overall1)::int, sum(overall2)::int, sum(overall3)::int, sum(overall4)::int, sum(overall5)::int
    FROM d GROUP BY 1, 2, 3
    ON CONFLICT (agency_id, month, verified, stripe) DO UPDATE SET responses = t.responses + excluded.responses, access1 = t.access1 + excluded.access1, access2 = t.access2 + excluded.access2, access3 = t.access3 + excluded.access3, access4 = t.access4 + excluded.access4, access5 = t.access5 + excluded.access5, procedure1 = t.procedure1 + excluded.procedure1, procedure2 = t.procedure2 + excluded.procedure2, procedure3 = t.procedure3 + excluded.procedure3, procedure4 = t.procedure4 + excluded.procedure4, procedure5 = t.procedure5 + excluded.procedure5, officials1 = t.officials1 + excluded.officials1, officials2 = t.officials2 + excluded.officials2, officials3 = t.officials3 + excluded.officials3, officials4 = t.officials4 + excluded.officials4, officials5 = t.officials5 + excluded.officials5, result1 = t.result1 + excluded.result1, result2 = t.result2 + excluded.result2, result3 = t.result3 + excluded.result3, result4 = t.result4 + excluded.result4, result5 = t.result5 + excluded.result5, feedback1 = t.feedback1 + excluded.feedback1, feedback2 = t.feedback2 + excluded.feedback2, feedback3 = t.feedback3 + excluded.feedback3, feedback4 = t.feedback4 + excluded.feedback4, feedback5 = t.feedback5 + excluded.feedback5, overall1 = t.overall1 + excluded.overall1, overall2 = t.overall2 + excluded.overall2, overall3 = t.overall3 + excluded.overall3, overall4 = t.overall4 + excluded.overall4, overall5 = t.overall5 + excluded.overall5;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Claiming and revoking a link update its invitation row but never its agency or issue time: the
-- coverage counters follow a moved invitation through a row trigger whose WHEN clause is checked
-- without running any function, instead of a statement trigger on every update.
DROP TRIGGER invitations_rollup_update ON invitations;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hl_rollup_invitation_moved() RETURNS trigger AS $$
BEGIN
  IF OLD.issued_at IS NOT NULL THEN
    INSERT INTO agency_day_coverage AS t (agency_id, day, invitations) VALUES (OLD.agency_id, hl_vietnam_day(OLD.issued_at), -1)
    ON CONFLICT (agency_id, day) DO UPDATE SET invitations = t.invitations + excluded.invitations;
  END IF;
  IF NEW.issued_at IS NOT NULL THEN
    INSERT INTO agency_day_coverage AS t (agency_id, day, invitations) VALUES (NEW.agency_id, hl_vietnam_day(NEW.issued_at), 1)
    ON CONFLICT (agency_id, day) DO UPDATE SET invitations = t.invitations + excluded.invitations;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER invitations_rollup_moved AFTER UPDATE OF agency_id, issued_at ON invitations FOR EACH ROW
  WHEN (OLD.agency_id IS DISTINCT FROM NEW.agency_id OR OLD.issued_at IS DISTINCT FROM NEW.issued_at)
  EXECUTE FUNCTION hl_rollup_invitation_moved();
--> statement-breakpoint
ALTER TABLE invitations ENABLE ALWAYS TRIGGER invitations_rollup_moved;

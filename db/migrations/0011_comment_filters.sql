-- The comments page at scale (decision 006): a subtree's commented sheets by agency, and the
-- dissatisfied answers (3 or lower) for a filter by a low rating, both partial and small.
CREATE INDEX "answers_low_idx" ON "answers" USING btree ("response_id","element","value") WHERE "answers"."value" <= 3;--> statement-breakpoint
CREATE INDEX "responses_commented_idx" ON "responses" USING btree ("agency_id","submitted_at","id") WHERE "responses"."comment" is not null and btrim("responses"."comment") <> '';
CREATE TABLE "agency_codes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "agency_codes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agency_id" integer NOT NULL,
	"code" text NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_to" timestamp with time zone,
	CONSTRAINT "agency_codes_validity_check" CHECK ("agency_codes"."valid_to" is null or "agency_codes"."valid_from" is null or "agency_codes"."valid_to" > "agency_codes"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "reorganisation_parts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reorganisation_parts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"reorganisation_id" integer NOT NULL,
	"predecessor_id" integer NOT NULL,
	"successor_id" integer NOT NULL,
	"takes_rest" boolean DEFAULT false NOT NULL,
	"desk_id" integer,
	"desk_code" text,
	"procedure_id" integer,
	"staff_account_id" integer,
	CONSTRAINT "reorganisation_parts_one_mapping_check" CHECK (num_nonnulls("reorganisation_parts"."desk_id", "reorganisation_parts"."procedure_id", "reorganisation_parts"."staff_account_id") <= 1),
	CONSTRAINT "reorganisation_parts_distinct_check" CHECK ("reorganisation_parts"."predecessor_id" <> "reorganisation_parts"."successor_id")
);
--> statement-breakpoint
CREATE TABLE "reorganisations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reorganisations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"basis" text NOT NULL,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"carried_out_at" timestamp with time zone,
	CONSTRAINT "reorganisations_kind_check" CHECK ("reorganisations"."kind" in ('merge', 'split')),
	CONSTRAINT "reorganisations_status_check" CHECK ("reorganisations"."status" in ('planned', 'done'))
);
--> statement-breakpoint
ALTER TABLE "agencies" DROP CONSTRAINT "agencies_code_unique";--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "valid_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "valid_to" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agency_codes" ADD CONSTRAINT "agency_codes_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reorganisation_parts" ADD CONSTRAINT "reorganisation_parts_reorganisation_id_reorganisations_id_fk" FOREIGN KEY ("reorganisation_id") REFERENCES "public"."reorganisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reorganisation_parts" ADD CONSTRAINT "reorganisation_parts_predecessor_id_agencies_id_fk" FOREIGN KEY ("predecessor_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reorganisation_parts" ADD CONSTRAINT "reorganisation_parts_successor_id_agencies_id_fk" FOREIGN KEY ("successor_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reorganisation_parts" ADD CONSTRAINT "reorganisation_parts_desk_id_desks_id_fk" FOREIGN KEY ("desk_id") REFERENCES "public"."desks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reorganisation_parts" ADD CONSTRAINT "reorganisation_parts_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reorganisation_parts" ADD CONSTRAINT "reorganisation_parts_staff_account_id_staff_accounts_id_fk" FOREIGN KEY ("staff_account_id") REFERENCES "public"."staff_accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reorganisations" ADD CONSTRAINT "reorganisations_created_by_id_staff_accounts_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."staff_accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agency_codes_code_idx" ON "agency_codes" USING btree ("code");--> statement-breakpoint
CREATE INDEX "agency_codes_agency_idx" ON "agency_codes" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "reorganisation_parts_reorganisation_idx" ON "reorganisation_parts" USING btree ("reorganisation_id");--> statement-breakpoint
CREATE INDEX "reorganisation_parts_predecessor_idx" ON "reorganisation_parts" USING btree ("predecessor_id");--> statement-breakpoint
CREATE INDEX "reorganisation_parts_successor_idx" ON "reorganisation_parts" USING btree ("successor_id");--> statement-breakpoint
CREATE INDEX "reorganisations_due_idx" ON "reorganisations" USING btree ("effective_at") WHERE "reorganisations"."status" = 'planned';--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_code_in_force_key" ON "agencies" USING btree ("code") WHERE "agencies"."valid_to" is null;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_validity_check" CHECK ("agencies"."valid_to" is null or "agencies"."valid_from" is null or "agencies"."valid_to" > "agencies"."valid_from");--> statement-breakpoint
-- Every agency's code so far, held since before the product.
INSERT INTO "agency_codes" ("agency_id", "code", "valid_from", "valid_to") SELECT "id", "code", "valid_from", "valid_to" FROM "agencies";--> statement-breakpoint
-- agencies.code is the code held now (or last): the holdings follow it. A new agency holds its
-- code from its start; a changed code closes the old holding now and opens the new one; an
-- agency's end closes its holding.
CREATE FUNCTION hl_agency_codes_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO agency_codes (agency_id, code, valid_from, valid_to) VALUES (NEW.id, NEW.code, NEW.valid_from, NEW.valid_to);
    RETURN NULL;
  END IF;
  IF NEW.code IS DISTINCT FROM OLD.code THEN
    UPDATE agency_codes SET valid_to = greatest(now(), coalesce(valid_from, '-infinity'::timestamptz) + interval '1 second')
      WHERE agency_id = NEW.id AND code = OLD.code AND (valid_to IS NULL OR valid_to > now());
    INSERT INTO agency_codes (agency_id, code, valid_from, valid_to)
      VALUES (NEW.id, NEW.code, greatest(now(), coalesce(NEW.valid_from, '-infinity'::timestamptz)), NEW.valid_to);
  ELSIF NEW.valid_to IS DISTINCT FROM OLD.valid_to THEN
    UPDATE agency_codes SET valid_to = NEW.valid_to
      WHERE agency_id = NEW.id AND code = NEW.code AND valid_to IS NOT DISTINCT FROM OLD.valid_to;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER agency_codes_follow AFTER INSERT OR UPDATE OF code, valid_to ON agencies FOR EACH ROW EXECUTE FUNCTION hl_agency_codes_follow();--> statement-breakpoint
-- Two holdings of one code never overlap: a regenerated code can go to another agency only once
-- the first holder's has ended. Raised as a unique violation, like the index on current codes.
CREATE FUNCTION hl_agency_codes_no_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('agency_code:' || NEW.code));
  IF EXISTS (
    SELECT 1 FROM agency_codes c
    WHERE c.code = NEW.code AND c.id <> NEW.id AND c.agency_id <> NEW.agency_id
      AND tstzrange(coalesce(c.valid_from, '-infinity'), coalesce(c.valid_to, 'infinity')) && tstzrange(coalesce(NEW.valid_from, '-infinity'), coalesce(NEW.valid_to, 'infinity'))
  ) THEN
    RAISE EXCEPTION 'agency code % is held by another agency in that time', NEW.code USING ERRCODE = 'unique_violation';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER agency_codes_no_overlap AFTER INSERT OR UPDATE ON agency_codes FOR EACH ROW EXECUTE FUNCTION hl_agency_codes_no_overlap();
--> statement-breakpoint
-- Like the counters (decision 006), the holdings are kept also under a bulk load's replica role.
ALTER TABLE agencies ENABLE ALWAYS TRIGGER agency_codes_follow;--> statement-breakpoint
ALTER TABLE agency_codes ENABLE ALWAYS TRIGGER agency_codes_no_overlap;

-- Tier (cấp) and kind of each agency, apart from its free level label: ranks compare units of one
-- tier and kind (a district's communes among themselves, its departments among themselves).
ALTER TABLE "agencies" ADD COLUMN "tier" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "kind" text;--> statement-breakpoint
-- Known labels classify themselves; a department or a one-stop centre sits at its parent's tier;
-- an unknown administrative label one tier below its parent (an administrator can correct it).
CREATE OR REPLACE FUNCTION hl_classify_agency() RETURNS trigger AS $$
DECLARE
  parent_tier text;
BEGIN
  IF NEW.tier IS NOT NULL AND NEW.kind IS NOT NULL THEN
    RETURN NEW;
  END IF;
  SELECT a.tier INTO parent_tier FROM agencies a WHERE a.id = NEW.parent_id;
  IF NEW.kind IS NULL THEN
    NEW.kind := CASE
      WHEN NEW.level IN ('department', 'office') THEN 'department'
      WHEN NEW.level IN ('center', 'centre', 'one_stop') THEN 'one_stop'
      ELSE 'administrative'
    END;
  END IF;
  IF NEW.tier IS NULL THEN
    NEW.tier := CASE
      WHEN NEW.kind <> 'administrative' THEN coalesce(parent_tier, 'province')
      WHEN NEW.level IN ('province', 'municipality') THEN 'province'
      WHEN NEW.level IN ('district', 'town', 'city') THEN 'district'
      WHEN NEW.level IN ('commune', 'ward', 'township', 'special_zone') THEN 'commune'
      WHEN parent_tier = 'province' THEN 'district'
      WHEN parent_tier IS NOT NULL THEN 'commune'
      ELSE 'province'
    END;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER agencies_classify BEFORE INSERT ON "agencies" FOR EACH ROW EXECUTE FUNCTION hl_classify_agency();--> statement-breakpoint
-- Existing rows, parents before children (by depth), through the same rules.
DO $$
DECLARE
  depth int;
BEGIN
  FOR depth IN SELECT DISTINCT length(path) - length(replace(path, '/', '')) AS d FROM agencies ORDER BY d LOOP
    UPDATE agencies c SET
      kind = CASE
        WHEN c.level IN ('department', 'office') THEN 'department'
        WHEN c.level IN ('center', 'centre', 'one_stop') THEN 'one_stop'
        ELSE 'administrative'
      END
    WHERE length(c.path) - length(replace(c.path, '/', '')) = depth;
    UPDATE agencies c SET
      tier = CASE
        WHEN c.kind <> 'administrative' THEN coalesce(p.tier, 'province')
        WHEN c.level IN ('province', 'municipality') THEN 'province'
        WHEN c.level IN ('district', 'town', 'city') THEN 'district'
        WHEN c.level IN ('commune', 'ward', 'township', 'special_zone') THEN 'commune'
        WHEN p.tier = 'province' THEN 'district'
        WHEN p.tier IS NOT NULL THEN 'commune'
        ELSE 'province'
      END
    FROM agencies c2 LEFT JOIN agencies p ON p.id = c2.parent_id
    WHERE c2.id = c.id AND length(c.path) - length(replace(c.path, '/', '')) = depth;
  END LOOP;
END $$;--> statement-breakpoint
ALTER TABLE "agencies" ALTER COLUMN "tier" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "agencies" ALTER COLUMN "kind" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_tier_check" CHECK ("agencies"."tier" in ('province', 'district', 'commune'));--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_kind_check" CHECK ("agencies"."kind" in ('administrative', 'department', 'one_stop'));--> statement-breakpoint
-- The headline target per agency and reporting year, set by administrators.
CREATE TABLE "agency_targets" (
	"agency_id" integer NOT NULL,
	"reporting_year" integer NOT NULL,
	"target_hundredths" integer NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agency_targets_agency_id_reporting_year_pk" PRIMARY KEY("agency_id","reporting_year"),
	CONSTRAINT "agency_targets_range" CHECK ("agency_targets"."target_hundredths" between 0 and 10000),
	CONSTRAINT "agency_targets_year" CHECK ("agency_targets"."reporting_year" between 2000 and 2100)
);
--> statement-breakpoint
ALTER TABLE "agency_targets" ADD CONSTRAINT "agency_targets_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_targets" ADD CONSTRAINT "agency_targets_updated_by_staff_accounts_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_accounts"("id") ON DELETE set null ON UPDATE no action;

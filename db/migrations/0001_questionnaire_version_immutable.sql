-- A questionnaire version that has responses is frozen: its questions can be neither added,
-- changed nor removed, so every stored answer keeps the meaning it was given.
CREATE OR REPLACE FUNCTION questions_frozen_guard() RETURNS trigger AS $$
DECLARE
  v integer;
BEGIN
  IF TG_OP = 'INSERT' THEN
    v := NEW.version_id;
  ELSE
    v := OLD.version_id;
  END IF;
  IF EXISTS (SELECT 1 FROM responses WHERE version_id = v) THEN
    RAISE EXCEPTION 'questionnaire version % has responses and cannot change', v
      USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER questions_frozen
  BEFORE INSERT OR UPDATE OR DELETE ON questions
  FOR EACH ROW EXECUTE FUNCTION questions_frozen_guard();

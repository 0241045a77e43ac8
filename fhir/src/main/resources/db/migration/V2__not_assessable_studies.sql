-- A study the quality gate refused has no probability and no label, and says why. Portable SQL (H2 2.x,
-- PostgreSQL 12+), like V1.
ALTER TABLE report_index ALTER COLUMN ba_probability DROP NOT NULL;
ALTER TABLE report_index ALTER COLUMN label DROP NOT NULL;
-- Refusal.Reason name (e.g. BLANK) and the gate's measurement; both NULL when the study was assessed.
ALTER TABLE report_index ADD COLUMN refusal_reason VARCHAR(32);
ALTER TABLE report_index ADD COLUMN refusal_detail TEXT;

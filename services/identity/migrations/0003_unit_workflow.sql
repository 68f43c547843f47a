-- Which 三审三校 workflow definition a unit's reports go through (e.g.
-- gov-three-signers for a small unit); '' for the default.
ALTER TABLE units ADD COLUMN workflow_definition VARCHAR(64) NOT NULL DEFAULT '';

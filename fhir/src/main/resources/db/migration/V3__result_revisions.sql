-- The DICOM SR that each scoring revision of a study produced, so that the SR of the next revision (the
-- study gained images) can name it in its Predecessor Documents Sequence. Portable SQL, like V1.
CREATE TABLE result_revision (
    study_uid        VARCHAR(64)  NOT NULL,
    revision         INTEGER      NOT NULL,
    sr_series_uid    VARCHAR(64)  NOT NULL,
    sr_sop_class_uid VARCHAR(64)  NOT NULL,
    sr_sop_uid       VARCHAR(64)  NOT NULL,
    PRIMARY KEY (study_uid, revision)
);
